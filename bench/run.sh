#!/usr/bin/env bash
# Runs the Parley benchmark inside two network namespaces joined by a veth pair, and removes them afterwards.
#   bench/run.sh full|smoke [build folder name, default target]
# Server side (Parley + its Redis, Janus, the ceiling relays) lives in pbench-srv at 10.99.0.1, pinned to CPU 0;
# the load generator lives in pbench-cli at 10.99.0.2, pinned to CPU 1. No traffic leaves the namespaces.
set -euo pipefail
MODE=${1:-full}
TARGET=${2:-${BENCH_TARGET:-target}}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRV=pbench-srv CLI=pbench-cli SRV_IP=10.99.0.1 CLI_IP=10.99.0.2
WORK=$ROOT/bench/$TARGET/run
RESULTS=${BENCH_RESULTS:-$ROOT/bench/results}
SERVER_CPUS=${BENCH_SERVER_CPUS:-0}
CLIENT_CPUS=${BENCH_CLIENT_CPUS:-1}

[[ $(id -u) == 0 ]] || { echo "bench needs root (network namespaces)" >&2; exit 2; }
for tool in ip taskset redis-server ffmpeg java; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool" >&2; exit 2; }
done
[[ -f $ROOT/web/$TARGET/parley.war && -f $ROOT/web/$TARGET/payara-micro.jar ]] \
  || { echo "no web/$TARGET/parley.war or payara-micro.jar: build first" >&2; exit 2; }
[[ -d $ROOT/bench/$TARGET/lib ]] || { echo "no bench/$TARGET/lib: build the bench module first" >&2; exit 2; }
mkdir -p "$WORK" "$RESULTS"

# Pre-encoded media, made once: VP8 ~500 kbit/s 30 fps with a key frame every 2 s, Opus 20 ms CBR 32 kbit/s.
MEDIA=$ROOT/bench/$TARGET/media
mkdir -p "$MEDIA"
if [[ ! -s $MEDIA/video.ivf ]]; then
  ffmpeg -loglevel error -y -f lavfi -i testsrc2=size=640x480:rate=30 -t 8 -c:v libvpx -b:v 500k -minrate 500k \
    -maxrate 500k -bufsize 250k -g 60 -deadline realtime -cpu-used 8 -f ivf "$MEDIA/video.ivf"
fi
if [[ ! -s $MEDIA/audio.ogg ]]; then
  ffmpeg -loglevel error -y -f lavfi -i "sine=frequency=440:sample_rate=48000,volume=0.5" -f lavfi \
    -i "anoisesrc=color=pink:amplitude=0.05:sample_rate=48000" -filter_complex amix=inputs=2 -t 8 \
    -c:a libopus -b:a 32k -vbr off -frame_duration 20 -application voip "$MEDIA/audio.ogg"
fi

REDIS_PID=
cleanup() {
  [[ -n $REDIS_PID ]] && kill "$REDIS_PID" 2>/dev/null || true
  # Whatever the driver started in our namespaces (it stops them itself; this covers a crash), by pid.
  for ns in $SRV $CLI; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  done
  sleep 1
  for ns in $SRV $CLI; do
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
}
trap cleanup EXIT
cleanup
ip netns add $SRV
ip netns add $CLI
ip link add pbench0 type veth peer name pbench1
ip link set pbench0 netns $SRV
ip link set pbench1 netns $CLI
ip -n $SRV addr add $SRV_IP/24 dev pbench0
ip -n $CLI addr add $CLI_IP/24 dev pbench1
for ns in $SRV $CLI; do ip -n "$ns" link set lo up; done
ip -n $SRV link set pbench0 up
ip -n $CLI link set pbench1 up

ip netns exec $SRV taskset -c "$SERVER_CPUS" redis-server --port 6379 --bind 127.0.0.1 --save "" \
  --appendonly no --daemonize no > "$WORK/redis.log" 2>&1 &
REDIS_PID=$!

STATUS=0
rm -f "$WORK/udp-counters.txt"
CP="$ROOT/bench/$TARGET/classes:$ROOT/bench/$TARGET/lib/*"
BUDGET=${BENCH_BUDGET_SECONDS:-}
ip netns exec $CLI taskset -c "$CLIENT_CPUS" java -Xmx2g -XX:+UseParallelGC -Xlog:gc:file="$WORK/generator-gc.log" -cp "$CP" org.parley.bench.run.BenchMain \
  mode="$MODE" serverNs=$SRV serverCpus="$SERVER_CPUS" serverIp=$SRV_IP clientIp=$CLI_IP \
  webTarget="$ROOT/web/$TARGET" results="$RESULTS" logs="$WORK" ivf="$MEDIA/video.ivf" ogg="$MEDIA/audio.ogg" \
  classpath="$CP" ${BUDGET:+budgetSeconds=$BUDGET} ${BENCH_ARGS:-} || STATUS=$?
for ns in $SRV $CLI; do
  { echo "== $ns"; ip netns exec "$ns" cat /proc/net/snmp | grep -A1 '^Udp:'; } >> "$WORK/udp-counters.txt" 2>/dev/null || true
done
exit $STATUS
