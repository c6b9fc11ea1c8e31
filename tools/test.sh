#!/usr/bin/env bash
# Install brain_adv with its development extras into .venv, check that the package is exactly what the
# notebooks export, then run every test: the wheel built, checked and installed into a clean environment (tools/package.sh),
# nbdev-test on the notebooks, and pytest on the CLI and end-to-end behaviour.
set -euo pipefail
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=2 PIP_DISABLE_PIP_VERSION_CHECK=1
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --no-compile -e ".[dev]"
export PATH="$PWD/.venv/bin:$PATH"

if git rev-parse --git-dir >/dev/null 2>&1; then
  before=$(git status --porcelain -- brain_adv nbs)
  nbdev-export
  nbdev-clean
  after=$(git status --porcelain -- brain_adv nbs)
  if [ "$before" != "$after" ]; then
    echo "nbdev-export or nbdev-clean changed these files; run both and commit the result:" >&2
    git status --short -- brain_adv nbs >&2
    exit 1
  fi
fi

bash tools/package.sh > .package.log 2>&1 &  # the wheel, checked and installed, beside the notebook tests
package=$!
nbdev-test --n-workers 2 --timing
wait $package || { cat .package.log >&2; echo "building or installing the package failed" >&2; exit 1; }
cat .package.log
pytest -q -n 2 --dist loadfile --durations=12
