# Shared by scripts/run and scripts/test: the project's virtualenv in .venv, packages pinned by
# requirements.lock. Needs Python >= 3.11 (set PYTHON to choose the interpreter).

ensure_venv() {
  local python="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "Miteinander needs Python 3.11 or newer; set PYTHON=/path/to/python3.11." >&2
      exit 1
    fi
    "$python" -m venv .venv
  fi
  # shellcheck disable=SC1091
  source .venv/bin/activate
}

pip_install() {
  python -m pip install --quiet --disable-pip-version-check -c requirements.lock "$@"
}
