# Sourced by .ci/run, scripts/test and scripts/demo. The repository's .python-version is the
# Python of the Toolforge image (Toolforge's build service reads it); pyenv reads it too and
# would switch this checkout to that Python, without this machine's packages. Keep the
# machine's own Python (pyenv's global one) unless PYENV_VERSION already says otherwise.
if command -v pyenv >/dev/null 2>&1 && [ -z "${PYENV_VERSION:-}" ]; then
    PYENV_VERSION="$(pyenv global 2>/dev/null | head -n 1)"
    export PYENV_VERSION
fi
