#!/usr/bin/env bash
# Install frontwire with its test dependencies (Debian chromium for the browser test,
# a throwaway PostgreSQL when available) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q --disable-pip-version-check -e '.[dev,postgres,ray]'
if [ -x scripts/setup_browser.sh ]; then bash scripts/setup_browser.sh || echo "browser setup failed: browser tests will skip"; fi
# A throwaway PostgreSQL for the store tests; without one they skip (FRONTWIRE_PG_URL unset).
if [ -z "${FRONTWIRE_PG_URL:-}" ] && [ -f scripts/start_postgres.sh ]; then
    if source scripts/start_postgres.sh; then
        trap '$FRONTWIRE_PG_STOP' EXIT
    else
        echo "PostgreSQL could not start: PostgreSQL tests will skip"
    fi
fi
# Lint, format and type checks first: they take seconds and fail fast.
python -m ruff check src tests bench tools
python -m ruff format --check src tests bench tools
python -m mypy
python -m pytest -q "$@"
