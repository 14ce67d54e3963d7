#!/usr/bin/env bash
# Install everything, run the static checks (scripts/check.sh: ruff, import layers, mypy), then the whole
# test suite (extra arguments go to pytest). TAXO_SKIP_CHECKS=1 skips the checks while iterating on tests.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$("$root/scripts/bootstrap.sh")"
cd "$root"
if [ -z "${TAXO_SKIP_CHECKS:-}" ]; then
  "$root/scripts/check.sh" "$venv/bin/python"
fi
exec "$venv/bin/python" -m pytest "$@"
