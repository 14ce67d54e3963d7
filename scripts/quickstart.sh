#!/usr/bin/env bash
# The main job on the embedded default: install, seed the graph, run the pipeline on the sample JDs,
# then serve the REST API (Ctrl-C stops it). Extra arguments go to `taxo serve` (e.g. --port 8080).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$("$root/scripts/bootstrap.sh")"
taxo="$venv/bin/taxo"
out="$root/out"
mkdir -p "$out"

"$taxo" seed
"$taxo" batch "$root/samples/jds.jsonl" --output "$out/samples.jsonl"
echo "each sample's full result is a line of out/samples.jsonl; one run in detail: taxo runs list, taxo runs show <run_id>"

if [ -z "${TAXO_API_TOKEN:-}" ]; then  # writes need a bearer token: make one for this session
  TAXO_API_TOKEN="$("$venv/bin/python" -c 'import secrets; print(secrets.token_urlsafe(24))')"
  export TAXO_API_TOKEN
  echo "API token for this session (send it as 'Authorization: Bearer …'): $TAXO_API_TOKEN"
fi
exec "$taxo" serve "$@"
