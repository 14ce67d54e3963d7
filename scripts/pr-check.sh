#!/usr/bin/env bash
# PR check for curator changes (pull requests touching rules/ or seeds/): check the rules, replay stored
# runs under the proposed rules, diff the seeds against the graph, and write one Markdown report that the
# CI system posts on the pull request. Nothing is written to the store the runs come from.
#
# Usage: scripts/pr-check.sh [--base REF] [--runs N] [--out DIR]
#
#   --base REF   the branch the PR merges into (default: $PR_BASE_REF, else origin/main); its rules are the
#                "current" side of the replay, its seeds seed the throwaway store (below)
#   --runs N     stored runs to replay (default: $PR_CHECK_RUNS, else 200)
#   --out DIR    where the report goes (default: pr-check-report)
#
# Environment:
#   TAXO_STORE   the store holding the production runs (read only here; see the README's settings). When it
#                is unset, a throwaway embedded store is seeded from the base seeds and the sample JDs
#                (tests/fixtures/examples and $PR_CHECK_SAMPLE postings of eval/data/skillspan_dev.jsonl,
#                default 30) are run under the base rules, so the replay has runs to replay.
#   TAXO         the taxo command (default: .venv/bin/taxo when present, else taxo)
#   PYTHON       the Python that has taxo installed (default: .venv/bin/python when present, else python3)
#
# Exit status: 0 when the rules check passes and `taxo seed` would accept the seeds; 1 otherwise. The report
# is written either way. Posting it is the CI system's job, e.g. on GitHub Actions:
#   gh pr comment "$PR_NUMBER" --body-file pr-check-report/pr-check.md
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 2
base_ref="${PR_BASE_REF:-origin/main}"
runs="${PR_CHECK_RUNS:-200}"
out="pr-check-report"
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base_ref="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,27p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pr-check: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [ -x "$root/.venv/bin/taxo" ]; then default_taxo="$root/.venv/bin/taxo"; else default_taxo="taxo"; fi
read -ra taxo <<< "${TAXO:-$default_taxo}"
if [ -x "$root/.venv/bin/python" ]; then default_py="$root/.venv/bin/python"; else default_py="python3"; fi
py="${PYTHON:-$default_py}"

mkdir -p "$out/replay"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
status=0
note() { echo "pr-check: $*" >&2; }

# -- the base side: rules and seeds as the PR's target branch has them ---------------------------------------
base="$tmp/base"
mkdir -p "$base"
if base_sha="$(git rev-parse --verify --quiet "$base_ref^{commit}")" \
    && git archive "$base_sha" rules seeds | tar -x -C "$base"; then
  base_desc="\`$base_ref\` (\`${base_sha:0:12}\`)"
else
  note "cannot read $base_ref: comparing with the working tree's rules and seeds (the replay will show no change)"
  cp -R rules seeds "$base/"
  base_desc="the working tree (\`$base_ref\` not found)"
fi
rm -rf "$out/base-rules" && cp -R "$base/rules" "$out/base-rules"  # kept with the report: the "current" side

# -- 1. rules check -------------------------------------------------------------------------------------------
note "checking rules/"
if "${taxo[@]}" rules check rules > "$tmp/check.txt" 2>&1; then check_ok=1; else check_ok=0; status=1; fi

# -- the store with runs to replay ------------------------------------------------------------------------------
if [ -n "${TAXO_STORE:-}" ]; then
  store_desc="the configured store (\`TAXO_STORE\`)"
else
  export TAXO_STORE=embedded TAXO_DATA_DIR="$tmp/store" TAXO_EMBEDDER="${TAXO_EMBEDDER:-hash}" TAXO_APPENDFSYNC=no
  note "seeding a throwaway store from $base_ref and running the sample JDs under its rules"
  # One process seeds and runs the samples: the embedded store is opened (and its indexes built) once.
  if ! TAXO_RULES_DIR="$base/rules" "$py" - "$base/seeds" "${PR_CHECK_SAMPLE:-30}" > "$tmp/sample.txt" 2>&1 <<'PY'
import json, pathlib, sys
from taxo.graph.seeds.loader import load_seeds
from taxo.graph.seeds.reader import read_seeds
from taxo.app.context import Context

seeds, n = pathlib.Path(sys.argv[1]), int(sys.argv[2])
jds = [(p.read_text(encoding="utf-8"), None) for p in sorted(pathlib.Path("tests/fixtures/examples").glob("*.txt"))]
with open("eval/data/skillspan_dev.jsonl", encoding="utf-8") as fh:
    jds += [(r["text"], r.get("title")) for r in map(json.loads, fh)][:n]
failed = 0
with Context() as ctx:
    load_seeds(ctx.store, read_seeds(seeds), ctx.embedder)
    for text, title in jds:
        try:
            ctx.pipeline.run(text, title=title)
        except Exception as exc:  # a failed run is stored as failed; the replay skips it
            failed += 1
            print(f"sample run failed: {exc}", file=sys.stderr)
print(f"{len(jds)} sample JDs run, {failed} failed")
PY
  then
    note "could not prepare the throwaway store:"; cat "$tmp/sample.txt" >&2
    status=1
  fi
  store_desc="a throwaway store seeded from $base_desc, with sample JDs run under its rules ($(tail -n 1 "$tmp/sample.txt"))"
fi

# -- 2. replay -------------------------------------------------------------------------------------------------
note "replaying the last $runs runs under the proposed rules"
if "${taxo[@]}" rules replay --base "$out/base-rules" --rules rules --runs "$runs" --out "$out/replay" \
    > "$tmp/replay.txt" 2>&1; then replay_ok=1; else replay_ok=0; status=1; fi

# -- 3. seeds diff ---------------------------------------------------------------------------------------------
note "diffing seeds/ against the store"
"${taxo[@]}" seeds diff seeds > "$out/seeds-diff.md" 2> "$tmp/seeds.err"
seeds_status=$?
[ "$seeds_status" -eq 0 ] || status=1

# -- the report ------------------------------------------------------------------------------------------------
report="$out/pr-check.md"
{
  echo "# taxo curator PR check"
  echo
  echo "Compared with $base_desc; runs and graph from $store_desc."
  echo
  if [ "$check_ok" -eq 1 ]; then echo "## 1. Rules check: passed"; else echo "## 1. Rules check: FAILED"; fi
  echo
  echo '```text'; cat "$tmp/check.txt"; echo '```'
  echo
  echo "## 2. Replay of stored runs"
  echo
  if [ "$replay_ok" -eq 1 ] && [ -f "$out/replay/replay.md" ]; then
    sed 's/^\(##*\) /#\1 /' "$out/replay/replay.md"
  else
    echo "The replay did not run:"; echo; echo '```text'; cat "$tmp/replay.txt"; echo '```'
  fi
  echo
  echo "## 3. Seeds diff"
  echo
  case "$seeds_status" in
    0|1) sed 's/^\(##*\) /#\1 /' "$out/seeds-diff.md" ;;
    *) echo "The seeds diff did not run:"; echo; echo '```text'; cat "$tmp/seeds.err"; echo '```' ;;
  esac
} > "$report"

# A pull-request comment holds at most 65,536 characters: keep the head, point at the full files.
"$py" - "$report" <<'PY'
import pathlib, sys
path = pathlib.Path(sys.argv[1])
text = path.read_text(encoding="utf-8")
if len(text) > 60000:
    cut = text[:58000].rsplit("\n", 1)[0]
    path.write_text(cut + "\n\n… (truncated: the full reports are replay/replay.md, replay/replay.json and "
                    "seeds-diff.md next to this file)\n", encoding="utf-8")
PY

echo "pr-check report: $report"
echo "  post it, e.g.: gh pr comment \"\$PR_NUMBER\" --body-file $report"
exit "$status"
