#!/usr/bin/env bash
# The static checks that keep taxo's shape; ./scripts/test.sh runs them before the tests (so CI does):
#
#   ruff check            lint: pyflakes, pycodestyle, import order, bugbear, pyupgrade (pyproject.toml)
#   ruff format --check   one formatting
#   lint-imports          the import layers cli > api > app > engine > (graph | rules) > core, the store only
#                         through taxo.graph.repo, no cycles at any depth (the contracts are in pyproject.toml)
#   mypy                  types: strict on taxo.core, taxo.graph, taxo.rules and taxo.engine
#
# Usage: scripts/check.sh [PYTHON]   (default: this checkout's .venv python, made by scripts/bootstrap.sh)
#
# pyproject.toml maps the folders graph/, rules/, engine/, api/ and seeds/ into the `taxo` namespace. The
# import-layer and type checkers find packages on disk rather than through the editable install's import
# hook, so they read a staging tree of symlinks laid out as the namespace (taxo/graph -> graph/ ...) made
# from that same mapping; their messages are mapped back to the checkout's paths.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
py="${1:-}"
if [ -z "$py" ]; then py="$("$root/scripts/bootstrap.sh")/bin/python"; fi
cd "$root"
failed=()
step() { printf '== %s\n' "$*" >&2; }

step "ruff check"
"$py" -m ruff check --quiet . || failed+=("ruff check")
step "ruff format --check"
"$py" -m ruff format --check --quiet . || failed+=("ruff format")

# The staging tree lives in .venv (ignored by git and ruff) at a fixed path, so mypy's cache stays valid.
stage="$root/.venv/taxo-check-stage"
rm -rf "$stage"
mkdir -p "$stage"
"$py" - "$root" "$stage" <<'PY'
import sys, tomllib
from pathlib import Path

root, stage = Path(sys.argv[1]), Path(sys.argv[2])
mapping = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-dir"]
for package in sorted(mapping, key=lambda p: p.count(".")):  # taxo first, then the folders mapped into it
    target, link = root / mapping[package], stage.joinpath(*package.split("."))
    if "." in package:
        link.symlink_to(target, target_is_directory=True)
        continue
    link.mkdir(parents=True)
    for child in target.iterdir():
        if child.name != "__pycache__" and f"{package}.{child.name}" not in mapping:
            (link / child.name).symlink_to(child)
PY
# staged paths (taxo/graph/store.py) back to the checkout's (graph/store.py)
unstage="$("$py" - "$root" <<'PY'
import sys, tomllib
from pathlib import Path

mapping = tomllib.loads((Path(sys.argv[1]) / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
print(";".join(f"s#{p.replace('.', '/')}/#{d}/#g" for p, d in mapping["package-dir"].items() if "." in p))
PY
)"

step "lint-imports"
if out="$(cd "$stage" && PYTHONPATH="$stage" "$py" -c 'import sys
from importlinter.cli import lint_imports_command
sys.argv[0] = "lint-imports"
lint_imports_command()' --no-cache "$root/pyproject.toml" 2>&1)"; then
  printf '%s\n' "$out" | grep -E '^Contracts: ' >&2
else
  printf '%s\n' "$out" | sed -n '/^Contracts$/,$p' | sed "$unstage" >&2
  failed+=("lint-imports")
fi

step "mypy"
(cd "$stage" && "$py" -m mypy --config-file "$root/pyproject.toml" --cache-dir "$root/.mypy_cache" -p taxo) 2>&1 \
  | sed "$unstage" >&2 || failed+=("mypy")

if [ "${#failed[@]}" -gt 0 ]; then
  echo "checks failed: ${failed[*]}" >&2
  exit 1
fi
echo "checks passed: ruff check, ruff format, lint-imports, mypy" >&2
