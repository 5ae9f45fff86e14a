#!/usr/bin/env bash
# End-to-end benchmark of the sample app. It starts a private Mosquitto on a free port of
# 127.0.0.1 and runs each scenario against the sample app's jar under /usr/bin/time -v
# for the peak RSS. The load generator's echo mode measures the broker ceiling in the same
# run. The medians of RUNS runs go into docs/benchmarks.md between the load-table markers.
#
# Usage: benchmarks/run.sh            (from the repository root; about 10 minutes)
# Environment: RUNS (default 3), SKIP_BUILD=1 to reuse the built jars,
#              JVM_FLAGS (default: the flags the README recommends),
#              APP_ARGS (extra arguments for the sample app).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
DEFAULT_FLAGS="-Xms64m -Xmx160m -XX:+UseSerialGC -XX:ReservedCodeCacheSize=48m -Xss512k -XX:+ExitOnOutOfMemoryError"
# Paho decodes a received PUBLISH one byte at a time through a synchronized
# ByteArrayInputStream.read(); biased locking makes that about 9 times faster. JDK 17 still
# has the flag (deprecated); JDK 18 and later refuse to start with it.
if java -XX:+UseBiasedLocking -version >/dev/null 2>&1; then
  DEFAULT_FLAGS="$DEFAULT_FLAGS -XX:+UseBiasedLocking"
fi
JVM_FLAGS=${JVM_FLAGS:-$DEFAULT_FLAGS}
APP_ARGS=${APP_ARGS:-}
LOADGEN=(java -cp "$ROOT/benchmarks/target/benchmarks.jar" io.kosmos.mqtt.benchmarks.load.LoadGenerator)
OUT="$ROOT/benchmarks/target/load-results"
RESULTS="$OUT/results.jsonl"

command -v mosquitto >/dev/null || { echo "mosquitto not found: apt-get install -y mosquitto" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time not found: apt-get install -y time" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq not found: apt-get install -y jq" >&2; exit 2; }

mkdir -p "$OUT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  touch "$OUT/build-started"
  (cd "$ROOT" && mvn -B -q install -DskipTests)
  # A stale jar would measure other code: the local repository may be shared with other builds.
  if [ ! "$ROOT/sample-app/target/sample-app.jar" -nt "$OUT/build-started" ]; then
    echo "sample-app/target/sample-app.jar was not rebuilt; run mvn -B install -DskipTests and check its output" >&2
    exit 2
  fi
fi
: > "$RESULTS"

WORK=$(mktemp -d /tmp/kosmos-bench.XXXXXX)
# Mosquitto drops privileges to the mosquitto user when started as root.
chmod 755 "$WORK"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$WORK/mosquitto.conf" <<CONF
listener $PORT 127.0.0.1
allow_anonymous true
max_inflight_messages 1000
max_queued_messages 100000
CONF
chmod 644 "$WORK/mosquitto.conf"

BROKER_PID=
TIME_PID=
ECHO_PID=
cleanup() {
  for pid in $ECHO_PID $TIME_PID $BROKER_PID; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT

mosquitto -c "$WORK/mosquitto.conf" > "$WORK/mosquitto.log" 2>&1 &
BROKER_PID=$!
sleep 1
kill -0 "$BROKER_PID" || { cat "$WORK/mosquitto.log" >&2; exit 2; }
echo "Mosquitto $(mosquitto -h 2>/dev/null | head -1 | awk '{print $3}') on 127.0.0.1:$PORT (pid $BROKER_PID)" >&2

load1() { awk '{print $1}' /proc/loadavg; }

# start_app NAME: starts the sample app under /usr/bin/time -v and waits until it is ready.
start_app() {
  local name=$1
  # shellcheck disable=SC2086
  /usr/bin/time -v -o "$WORK/$name.time" java $JVM_FLAGS -jar "$ROOT/sample-app/target/sample-app.jar" \
    --kosmos.mqtt.embedded-broker.enabled=false --kosmos.mqtt.broker.url="tcp://127.0.0.1:$PORT" \
    --kosmos.mqtt.qos=1 --server.port=0 --kosmos.mqtt.broker.persistence-directory="$WORK/$name-paho" \
    $APP_ARGS > "$WORK/$name.log" 2>&1 &
  TIME_PID=$!
  for _ in $(seq 1 120); do
    if grep -q "Started SampleApplication" "$WORK/$name.log"; then
      return 0
    fi
    kill -0 "$TIME_PID" 2>/dev/null || break
    sleep 0.5
  done
  echo "sample app did not start; see $WORK/$name.log" >&2
  exit 2
}

# stop_app NAME: stops the app (the java child of /usr/bin/time) and sets APP_RSS_MB to its
# peak RSS. It must not run in a subshell, which could not wait for /usr/bin/time.
stop_app() {
  local name=$1 java_pid
  java_pid=$(pgrep -P "$TIME_PID" java || true)
  [ -n "$java_pid" ] && kill "$java_pid"
  wait "$TIME_PID" || true
  TIME_PID=
  APP_RSS_MB=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$WORK/$name.time")
  [ -n "$APP_RSS_MB" ] || { echo "no peak RSS in $WORK/$name.time" >&2; exit 2; }
}

# measure SCENARIO RUN ARGS...: one load generator run, appended to the results as JSON.
measure() {
  local scenario=$1 run=$2 before after json
  shift 2
  before=$(load1)
  json=$("${LOADGEN[@]}" --port "$PORT" --json "$@" 2>> "$WORK/loadgen.err" || true)
  after=$(load1)
  [ -n "$json" ] || { echo "load generator failed; see $WORK/loadgen.err" >&2; exit 2; }
  echo "$json" | jq -c --arg s "$scenario" --argjson r "$run" --argjson b "$before" --argjson a "$after" \
    '. + {scenario: $s, run: $r, load_before: $b, load_after: $a}' | tee -a "$RESULTS" >&2
}

# scenario NAME WARMUP ARGS...: RUNS runs against a fresh sample app, then its peak RSS.
scenario() {
  local name=$1 warmup=$2
  shift 2
  start_app "$name"
  for run in $(seq 1 "$RUNS"); do
    measure "$name" "$run" --url sample --warmup "$warmup" --timeout 60 --duration 600 "$@"
  done
  stop_app "$name"
  jq -nc --arg s "$name" --argjson m "$APP_RSS_MB" '{scenario: $s, peak_rss_mb: $m}' | tee -a "$RESULTS" >&2
}

# echo_ceiling NAME WARMUP ARGS...: the same load against the echo responder on another model
# url. Like the app, one echo responder serves the warm-up and all RUNS runs, so that its JIT
# is as warm as the app's. A fresh responder per run measured about 3,400 results/s for
# 10x3, and about 8,400 once warm.
echo_ceiling() {
  local name=$1 warmup=$2 count
  shift 2
  count=$(( RUNS * (warmup + $(printf '%s\n' "$@" | awk 'prev == "-n" {print $1} {prev = $1}')) ))
  "${LOADGEN[@]}" --port "$PORT" --echo --url echo -n "$count" --timeout 60 --duration 900 \
    2>> "$WORK/echo.err" &
  ECHO_PID=$!
  sleep 1.5
  for run in $(seq 1 "$RUNS"); do
    measure "$name" "$run" --url echo --warmup "$warmup" --timeout 60 --duration 600 "$@"
  done
  kill "$ECHO_PID" 2>/dev/null || true
  wait "$ECHO_PID" 2>/dev/null || true
  ECHO_PID=
}

uptime >&2
echo_ceiling echo-10x3 200 -n 2000 --rows 10 --cols 3
scenario tool-10x3 200 -n 2000 --rows 10 --cols 3
scenario tool-10000x5 20 -n 200 --rows 10000 --cols 5
scenario tool-100000x5 3 -n 20 --rows 100000 --cols 5
scenario tool-paced-100 100 -n 1000 --rows 10 --cols 3 --rate 100
echo_ceiling echo-paced-100 100 -n 1000 --rows 10 --cols 3 --rate 100
uptime >&2

"$ROOT/benchmarks/summarise.sh" "$RESULTS" > "$OUT/table.md"
cat "$OUT/table.md"
python3 - "$ROOT/docs/benchmarks.md" "$OUT/table.md" <<'PY'
import sys
doc_path, table_path = sys.argv[1], sys.argv[2]
doc = open(doc_path, encoding="utf-8").read()
start, end = "<!-- load-table:start -->", "<!-- load-table:end -->"
if start not in doc or end not in doc:
    sys.exit("markers " + start + " and " + end + " not found in " + doc_path)
table = open(table_path, encoding="utf-8").read()
head, rest = doc.split(start, 1)
_, tail = rest.split(end, 1)
open(doc_path, "w", encoding="utf-8").write(head + start + "\n" + table + end + tail)
PY
echo "Wrote the table to docs/benchmarks.md; raw results in $RESULTS, logs in $WORK" >&2
