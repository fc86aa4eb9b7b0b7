#!/usr/bin/env bash
# Runs the built WAR on Payara Micro, creates a first room and prints how to join it, last; the server's own output goes
# to a log file ($PARLEY_LOG, default web/target/parley-server.log) that the banner names.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PARLEY_HTTP_PORT:-8080}"
BASE="${PARLEY_PUBLIC_URL:-http://localhost:$PORT}"
if [[ -z "${PARLEY_HOST_KEY:-}" ]]; then
  PARLEY_HOST_KEY="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
fi
export PARLEY_HOST_KEY
LOG="${PARLEY_LOG:-web/target/parley-server.log}"

java ${JAVA_OPTS:-} -jar web/target/payara-micro.jar \
  --deploy web/target/parley.war --contextroot / --port "$PORT" --nohazelcast \
  --prebootcommandfile web/src/main/payara/pre-boot-commands.asadmin >"$LOG" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' INT TERM EXIT

echo "Starting Parley (Payara Micro) on $BASE; the server's log: $LOG"
for _ in $(seq 1 180); do
  if ! kill -0 $server 2>/dev/null; then
    echo "Parley stopped during start-up. The end of $LOG:" >&2
    tail -n 40 "$LOG" >&2
    exit 1
  fi
  if curl -fs -o /dev/null "http://localhost:$PORT/"; then break; fi
  sleep 1
done

room=$(curl -fsS -X POST -H "Authorization: Bearer $PARLEY_HOST_KEY" -H 'Content-Type: application/json' \
  -d '{"name":"First meeting"}' "http://localhost:$PORT/api/rooms" || true)
json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1" <<<"$room" 2>/dev/null || true; }

cat <<TXT

  Parley is running: $BASE
  Host key (creates rooms):  $PARLEY_HOST_KEY

  A room is ready:
    join (participants):  $(json joinUrl)
    join as host:         $(json hostJoinUrl)

  More rooms:  curl -X POST -H "Authorization: Bearer \$PARLEY_HOST_KEY" $BASE/api/rooms
  Health:      $BASE/health   API description: $BASE/openapi
  Server log:  $LOG   (tail -f it to follow)
  Stop with Ctrl-C.
TXT
wait $server
