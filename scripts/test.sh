#!/usr/bin/env bash
# Install frontwire with its test dependencies (Debian chromium for the browser test,
# a throwaway PostgreSQL when available) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q --disable-pip-version-check -e '.[dev]'
if [ -x scripts/setup_browser.sh ]; then bash scripts/setup_browser.sh || echo "browser setup failed: browser tests will skip"; fi
python -m pytest -q "$@"
