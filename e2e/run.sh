#!/usr/bin/env bash
# Runs the whole end-to-end suite inside a private, loopback-only network namespace:
# Redis, Parley on Payara Micro and headless Chromium all talk over 127.0.0.1 and nothing leaves the machine.
#
#   e2e/run.sh [build-folder]     (default: $PARLEY_BUILD_DIR or web/target)
#   E2E_TESTS="tests/errors.test.js" e2e/run.sh web/target    (a subset)
#
# Run e2e/setup.sh first (it needs network). Exit code: the tests' exit code.
set -euo pipefail

E2E_DIR="$(cd "$(dirname "$0")" && pwd)"
REPO_DIR="$(dirname "$E2E_DIR")"
BUILD_DIR="${1:-${PARLEY_BUILD_DIR:-web/target}}"
# A relative folder is taken from the current directory if it exists there, else from the repository root.
if [ -d "$BUILD_DIR" ]; then BUILD_DIR="$(cd "$BUILD_DIR" && pwd)"; else BUILD_DIR="$REPO_DIR/$BUILD_DIR"; fi

if [ -z "${PARLEY_E2E_IN_NAMESPACE:-}" ]; then
  for file in "$BUILD_DIR/payara-micro.jar" "$BUILD_DIR/parley.war" "$E2E_DIR/node_modules/playwright-core/package.json"; do
    [ -e "$file" ] || { echo "e2e: missing $file (build web first; run e2e/setup.sh)" >&2; exit 2; }
  done
  # As root a new network namespace is enough; otherwise map the user to root in a new user namespace too.
  if [ "$(id -u)" -eq 0 ]; then UNSHARE=(unshare --net); else UNSHARE=(unshare --map-root-user --net); fi
  exec "${UNSHARE[@]}" env PARLEY_E2E_IN_NAMESPACE=1 "$0" "$BUILD_DIR"
fi

ip link set lo up
MEDIA_BIND=127.0.0.1
if [ "${E2E_NETWORK:-loopback}" = veth ]; then
  # A veth pair inside the namespace and a default route through it, for Firefox and native libwebrtc: Firefox does
  # not even start gathering ICE candidates without a default route, and gathers UDP candidates only on a
  # non-loopback interface (its loopback preference notwithstanding); libwebrtc ignores loopback altogether. Both ends are in this namespace: nothing can leave it. Parley listens on
  # the veth address too. (Chromium's suite runs on loopback only: its network-cut tests assume one path.)
  ip link add parley0 type veth peer name parley1
  ip addr add 10.99.0.1/24 dev parley0
  ip addr add 10.99.0.2/24 dev parley1
  ip link set parley0 up
  ip link set parley1 up
  ip route add default via 10.99.0.2 dev parley0
  MEDIA_BIND=127.0.0.1,10.99.0.1
fi

WORK_DIR="$(mktemp -d /tmp/parley-e2e.XXXXXX)"
SERVER_LOG="$WORK_DIR/server.log"
REDIS_PID=""
SERVER_PID=""
TURN_PID=""
STATUS=1

stop() {
  local pid="$1"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

cleanup() {
  if [ "$STATUS" -ne 0 ] && [ -f "$SERVER_LOG" ]; then
    echo "----- last 80 lines of the Parley server log ($SERVER_LOG) -----" >&2
    tail -n 80 "$SERVER_LOG" >&2
    echo "-----" >&2
  fi
  # The failures again, last, so that a log cut to its tail still says what failed and why.
  if [ "$STATUS" -ne 0 ] && [ -f "$WORK_DIR/tests.log" ]; then
    sed -n '/^✖ failing tests:/,$p' "$WORK_DIR/tests.log" | grep -v '^      at ' | head -n 120 >&2
  fi
  stop "$SERVER_PID"
  stop "$REDIS_PID"
  stop "$TURN_PID"
  if [ "$STATUS" -eq 0 ]; then rm -rf "$WORK_DIR"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

redis-server --port 6379 --bind 127.0.0.1 --save "" --appendonly no --dir "$WORK_DIR" \
  --logfile "$WORK_DIR/redis.log" --daemonize no &
REDIS_PID=$!

TURN_ENV=()
if [ "${E2E_NETWORK:-loopback}" = veth ]; then
  # A real coturn beside Parley, as an operator would run it (TURN REST credentials), for interop/turn.test.js: TURN
  # over UDP and TCP on 3478 and over TLS on 5349 with a certificate made here. Its relay ports (30000-30100, below
  # the ephemeral ports browsers bind) stand for a TURN server outside the participants' firewall: the tests block
  # every other UDP.
  TURN_SECRET="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=turn.parley.test \
    -addext subjectAltName=IP:127.0.0.1,IP:10.99.0.1 -keyout "$WORK_DIR/turn.key" -out "$WORK_DIR/turn.pem" 2>/dev/null
  turnserver -n --listening-ip=10.99.0.1 --relay-ip=127.0.0.1 --listening-port=3478 --tls-listening-port=5349 \
    --cert="$WORK_DIR/turn.pem" --pkey="$WORK_DIR/turn.key" --use-auth-secret --static-auth-secret="$TURN_SECRET" \
    --realm=parley.e2e --allow-loopback-peers --min-port=30000 --max-port=30100 --no-cli --no-dtls \
    --log-file="$WORK_DIR/turn.log" --simple-log --pidfile="$WORK_DIR/turn.pid" --userdb="$WORK_DIR/turndb" \
    >/dev/null 2>&1 &
  TURN_PID=$!
  export PARLEY_E2E_TURN_RELAY_PORTS=30000:30100 PARLEY_E2E_TURN_LOG="$WORK_DIR/turn.log"
  TURN_ENV=(PARLEY_TURN_SECRET="$TURN_SECRET" PARLEY_TURN_URLS="turn:10.99.0.1:3478?transport=udp,turn:10.99.0.1:3478?transport=tcp,turns:10.99.0.1:5349?transport=tcp")
fi

export PARLEY_HOST_KEY="${PARLEY_HOST_KEY:-e2e-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
export PARLEY_BASE_URL="http://127.0.0.1:8080"
export PARLEY_E2E_MEDIA_PORT=10000 # UDP, and ICE-TCP on the same number
export PARLEY_SERVER_LOG="$SERVER_LOG" # tests/long-meeting.test.js reads the server's per-transport summary
# A short heartbeat: a participant whose network is cut (tests/reconnect.test.js) is noticed within seconds.
env "${TURN_ENV[@]}" \
REDIS_ADDRESS=redis://127.0.0.1:6379 \
PARLEY_SIGNALLING_HEARTBEAT=PT2S \
PARLEY_MEDIA_PORT=$PARLEY_E2E_MEDIA_PORT \
PARLEY_MEDIA_BIND_ADDRESS=$MEDIA_BIND \
  java -XX:TieredStopAtLevel=1 \
    -jar "$BUILD_DIR/payara-micro.jar" --deploy "$BUILD_DIR/parley.war" --contextroot / --port 8080 --nohazelcast \
    --prebootcommandfile "$REPO_DIR/web/src/main/payara/pre-boot-commands.asadmin" >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!

echo "e2e: waiting for Parley at $PARLEY_BASE_URL (log: $SERVER_LOG)"
STARTED=$(date +%s)
DEADLINE=$((STARTED + ${E2E_STARTUP_TIMEOUT:-120}))
until curl -fsS -o /dev/null "$PARLEY_BASE_URL/index.html" 2>/dev/null; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "e2e: the server exited during start-up" >&2; exit 1
  fi
  if [ "$(date +%s)" -ge "$DEADLINE" ]; then
    echo "e2e: the server was not ready within ${E2E_STARTUP_TIMEOUT:-120} s" >&2; exit 1
  fi
  sleep 0.5
done
echo "e2e: Parley ready after $(( $(date +%s) - STARTED )) s"

cd "$E2E_DIR"
set +e
# E2E_TESTS narrows the run, e.g. E2E_TESTS=tests/errors.test.js; with E2E_NETWORK=veth the default is interop/
# shellcheck disable=SC2086 # word splitting and globbing of the list are wanted
if [ "${E2E_NETWORK:-loopback}" = veth ]; then DEFAULT_TESTS="interop/*.test.js"; else DEFAULT_TESTS="tests/*.test.js"; fi
node --test --test-concurrency=1 --test-reporter=spec ${E2E_TESTS:-$DEFAULT_TESTS} 2>&1 | tee "$WORK_DIR/tests.log"
STATUS=${PIPESTATUS[0]}
set -e
exit "$STATUS"
