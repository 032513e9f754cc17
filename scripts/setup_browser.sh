#!/usr/bin/env bash
# Make sure Debian's chromium is at /usr/bin/chromium for the Playwright browser tests.
# Idempotent: returns at once when it is already installed. Never uses `playwright install`
# (Playwright drives the system browser through executable_path).
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium
test -x /usr/bin/chromium
echo "chromium installed: $(/usr/bin/chromium --version 2>/dev/null || echo unknown)"
