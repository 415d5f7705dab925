#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests, if it is missing. playwright-core drives it
# from node_modules; nothing is downloaded by the test tool itself.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  printf '[browser] %s\n' "$(/usr/bin/chromium --version 2>/dev/null || echo 'chromium present')"
  exit 0
fi

printf '[browser] installing chromium from Debian packages\n'
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
printf '[browser] %s\n' "$(/usr/bin/chromium --version)"
