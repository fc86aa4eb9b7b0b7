#!/usr/bin/env bash
# Installs what the end-to-end suite needs; needs network, so run it before run.sh (which runs offline).
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "e2e/setup: installing Chromium (Debian package)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

if [ ! -x /usr/bin/firefox-esr ]; then
  echo "e2e/setup: installing Firefox ESR (Debian package; tests/firefox.test.js drives it over WebDriver BiDi)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr
fi

if ! command -v iptables >/dev/null; then
  echo "e2e/setup: installing iptables (Debian package; tests/reconnect.test.js cuts a participant's network with it)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iptables
fi

for tool in node npm iptables redis-server redis-cli java unshare ip tc curl; do
  command -v "$tool" >/dev/null || { echo "e2e/setup: '$tool' is required but not installed" >&2; exit 1; }
done

if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/puppeteer-core ]; then
  echo "e2e/setup: npm ci"
  npm ci --no-audit --no-fund
fi
