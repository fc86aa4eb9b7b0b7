#!/usr/bin/env bash
# Installs what the tests need when it is missing: Chromium, Firefox ESR, redis-server and coturn (Debian; the TURN
# credential test starts its own turnserver on loopback), playwright-core and puppeteer-core (npm), and a Redis on
# 127.0.0.1:6379 for the container integration tests.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
[[ -x /usr/bin/firefox-esr ]] || need_apt+=(firefox-esr)
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v turnserver >/dev/null || need_apt+=(coturn)
command -v unshare >/dev/null || need_apt+=(util-linux)
command -v ip >/dev/null || need_apt+=(iproute2)
command -v curl >/dev/null || need_apt+=(curl)
if (( ${#need_apt[@]} )); then
  echo "Installing ${need_apt[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  if [[ " ${need_apt[*]} " == *" coturn "* ]]; then
    # The TURN test starts its own turnserver on loopback; the package's service (every interface) is not wanted.
    systemctl disable --now coturn >/dev/null 2>&1 || true
  fi
fi

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Starting a Redis on 127.0.0.1:6379 for the tests ..."
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
fi

./e2e/setup.sh
