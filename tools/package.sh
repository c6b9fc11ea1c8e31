#!/usr/bin/env bash
# The package as a user gets it: build the wheel and the sdist, check their metadata, install the wheel with its
# dependencies (no extras, so no TensorFlow) into a clean virtual environment, and run the command line from it.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
dist=$(mktemp -d)
trap 'rm -rf "$dist"' EXIT
"$py" -m build --outdir "$dist" . > "$dist/build.log" 2>&1 || { cat "$dist/build.log" >&2; exit 1; }
"$py" -m twine check --strict "$dist"/*.whl "$dist"/*.tar.gz
python3 -m venv "$dist/venv"
"$dist/venv/bin/python" -m pip install -q --no-compile "$dist"/*.whl > "$dist/pip.log" 2>&1 || { cat "$dist/pip.log" >&2; exit 1; }
cd "$dist"  # away from the source tree, so that the installed package is the one imported
"$dist/venv/bin/brain-adv" --help > /dev/null
"$dist/venv/bin/brain-adv" demo --help > /dev/null
"$dist/venv/bin/python" -c "import sys, brain_adv.cli, brain_adv.config; assert 'tensorflow' not in sys.modules; print('installed', brain_adv.__version__, 'from', brain_adv.__file__)"
