#!/usr/bin/env bash
# Fuzzes every fuzz test (each @FuzzTest method under */src/test/java) for FUZZ_SECONDS, one after another, each in a
# Maven run of its own (Jazzer fuzzes one test per JVM), then prints what each did. A crash is written by Jazzer into
# the test's inputs directory (src/test/resources/<package>/<Class>Inputs/<method>/crash-…), where every later test
# run replays it: fix the code, give the file a name that says what it is, and commit both.
#
#   FUZZ_SECONDS=120   how long to fuzz each target
#   FUZZ_TARGETS=…     only these, by class or Class#method (space-separated), e.g. "StunFuzzTest SdpParserFuzzTest#parse"
#   MVN=…              the Maven command (default: mvn -B -q); logs go to target/fuzz/
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-120}"
only="${FUZZ_TARGETS:-}"
mvn_cmd="${MVN:-mvn -B -q}"
logs=target/fuzz
# Coverage of the libraries that parse on Parley's behalf (JSON, SRTP) guides the fuzzer too.
instrument='org.parley.**,org.eclipse.parsson.**,org.eclipse.yasson.**,org.jitsi.srtp.**'
mkdir -p "$logs"

# "module class method" for each @FuzzTest method, module by module.
targets=()
while IFS= read -r file; do
  module="${file%%/src/test/java/*}"
  class="${file#*/src/test/java/}"
  class="${class%.java}"
  class="${class//\//.}"
  while IFS= read -r method; do
    targets+=("$module $class $method")
  done < <(grep -A4 '@FuzzTest' "$file" | grep -oP '\bvoid \K\w+(?=\()')
done < <(grep -rl --include='*FuzzTest.java' '@FuzzTest' -- */src/test/java | sort)

selected() {
  local simple="${1##*.}" method="$2" wanted
  [[ -z "$only" ]] && return 0
  for wanted in $only; do
    [[ "$wanted" == "$simple" || "$wanted" == "$1" || "$wanted" == "$simple#$method" || "$wanted" == "$1#$method" ]] && return 0
  done
  return 1
}

summary=()
failed=0
for target in "${targets[@]}"; do
  read -r module class method <<<"$target"
  selected "$class" "$method" || continue
  name="${class##*.}#$method"
  log="$logs/${class##*.}.$method.log"
  echo "== $name ($module): fuzzing for ${seconds}s; log: $log"
  # -am builds what the module needs from this checkout (nothing is installed); -Djazzer.hooks=true turns on the
  # instrumentation that normal test runs leave off. jazzer.internal.arg.N are the libFuzzer arguments of Jazzer's JUnit
  # integration (its own launcher sets them): the duration there wins over @FuzzTest's, and an input that takes more
  # than 10 s is a finding (a hang), as is an OutOfMemoryError within a 2 GB heap (unbounded allocation).
  JAZZER_FUZZ=1 $mvn_cmd -pl "$module" -am test -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
    -DargLine=-Xmx2g -Djazzer.hooks=true -Djazzer.instrument="$instrument" \
    -Djava.util.logging.config.file="$PWD/scripts/fuzz-logging.properties" \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" -Djazzer.internal.arg.2=-timeout=10 \
    >"$log" 2>&1
  status=$?
  runs=$(grep -oP '^Done \K[0-9]+(?= runs in)' "$log" | tail -1)
  took=$(grep -oP '^Done [0-9]+ runs in \K[0-9]+' "$log" | tail -1)
  coverage=$(grep -oP '^#[0-9]+\s+\w+\s+cov: \K[0-9]+' "$log" | tail -1)
  crash=$(grep -oP 'Test unit written to \K\S+' "$log" | tail -1)
  if [[ -n "$crash" ]]; then
    verdict="CRASH: $crash"
  elif [[ $status -ne 0 ]]; then
    verdict="FAILED (exit $status), see the log"
  else
    verdict="nothing found"
  fi
  [[ "$verdict" == "nothing found" ]] || failed=1
  line=$(printf '%-48s %12s runs in %4ss, coverage %5s: %s' "$name" "${runs:-?}" "${took:-?}" "${coverage:-?}" "$verdict")
  echo "$line"
  summary+=("$line")
done

if [[ ${#summary[@]} -eq 0 ]]; then
  echo "No fuzz test matches FUZZ_TARGETS='$only'." >&2
  exit 2
fi
echo
echo "Fuzzed ${#summary[@]} targets, ${seconds}s each:"
printf '%s\n' "${summary[@]}"
exit $failed
