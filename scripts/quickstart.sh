#!/usr/bin/env bash
# Install everything, seed the embedded graph and show what is in it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$("$root/scripts/bootstrap.sh")"
taxo="$venv/bin/taxo"
"$taxo" seed
"$taxo" stats
