#!/usr/bin/env bash
# The benchmark of issue 8, one command: builds the service and the Gatling project, starts the service on the
# machine's own PostgreSQL and Redis (fresh database grassroots_bench, Redis DB 5), measures the database's own
# limits with pgbench in the same run, loads Luohe-scale then province-scale data, drives the scenarios over
# HTTP with real tokens, and prints the figures with their targets, baselines and ratios (also written to
# docs/performance.md). Bounded by BENCH_BUDGET seconds (900); stops everything it started, also on failure.
#
# Scenarios whose endpoints answer 404 are reported as SKIPPED, so the command runs at every stage of the
# project. Settings (environment): see "settings" below and infra/bench/README.md.
set -uo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"

# ------------------------------------------------------------------------------------------------ settings
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export PGDATABASE="${BENCH_DB:-grassroots_bench}"
REDIS_HOST="${BENCH_REDIS_HOST:-127.0.0.1}"
REDIS_PORT="${BENCH_REDIS_PORT:-6379}"
REDIS_DB="${BENCH_REDIS_DB:-5}"
PORT="${BENCH_PORT:-18931}"
BASE="http://127.0.0.1:$PORT"
READY_TIMEOUT="${BENCH_READY_TIMEOUT:-90}"   # seconds from exec to ready before the run gives up
KEEPALIVE_CONNECTIONS="${BENCH_KEEPALIVE_CONNECTIONS:-8}"
KEEPALIVE_SECONDS="${BENCH_KEEPALIVE_SECONDS:-10}"
KEEPALIVE_WARMUP="${BENCH_KEEPALIVE_WARMUP:-5}"
CLOCK="${BENCH_CLOCK:-2026-12-03T09:30:00+08:00}"   # inside visit week (days 1-7)
MONTH="${CLOCK:0:7}"
LUOHE_MONTHS="${BENCH_LUOHE_MONTHS:-2025-12..2026-11}"
PROVINCE_MONTHS="${BENCH_PROVINCE_MONTHS:-2024-12..2026-11}"
DASH_MONTHS="${BENCH_DASH_MONTHS:-2026-11,2026-10,2026-09,2026-06,2026-01}"
BUDGET="${BENCH_BUDGET:-900}"   # every stage on a slower 2-core host too (720 s cut the mixed day off at 12-04 17:15)
SCALE="${BENCH_SCALE:-province}"                     # luohe: skip the province-scale load and what needs it
SERVICE_JVM="${BENCH_SERVICE_JVM:--Xms1g -Xmx1g -XX:MaxGCPauseMillis=20}"   # as infra/Dockerfile; docs/performance.md, Tuning
AOT="${BENCH_AOT:-1}"                                 # 0: start from the plain jar, without the JDK AOT cache
TRAIN_SECONDS="${BENCH_TRAIN_SECONDS:-12}"           # the AOT training run's workload (train.py)
MVN_FLAGS="${BENCH_MVN_FLAGS:-}"                     # e.g. -o when everything is in ~/.m2
EXTRA_MIGRATIONS="${BENCH_EXTRA_MIGRATIONS:-}"       # dry runs only: SQL files applied by hand after start-up
# BENCH_JAR: run this service jar instead of building the repository's (dry runs of other branches' builds)
PGBENCH_SECONDS="${BENCH_PGBENCH_SECONDS:-15}"
DASH_SECONDS="${BENCH_DASH_SECONDS:-15}"           # town view at 50/s
AREA_SECONDS="${BENCH_AREA_SECONDS:-10}"           # county and city views each, at 10/s: 100 samples, so that
                                                   # their p99 is not the single slowest request (5 s at 5/s was)
PEAK_LEVELS="${BENCH_PEAK_LEVELS:-4,8,16,32,64}"
PEAK_LEVEL_SECONDS="${BENCH_PEAK_LEVEL_SECONDS:-8}"
PEAK_WARMUP_SECONDS="${BENCH_PEAK_WARMUP_SECONDS:-30}"   # check-ins before the first level, not reported (JIT)
HALF_SECONDS="${BENCH_HALF_SECONDS:-20}"
# arrivals at the half-peak rate before the measured 20 s, recorded apart: 5 s left the generator's JVM still
# compiling on a machine half as fast (12-05 03:21: 160 check-ins in flight at the end of the warm-up, drained in
# the measured window's first seconds, p99 702 ms with a median of 10 ms)
HALF_WARMUP_SECONDS="${BENCH_HALF_WARMUP_SECONDS:-15}"
FEED_IDLE="${BENCH_FEED_IDLE:-10000}"
FEED_SUBSCRIBERS="${BENCH_FEED_SUBSCRIBERS:-1000}"
FEED_RATE="${BENCH_FEED_RATE:-100}"
FEED_SECONDS="${BENCH_FEED_SECONDS:-15}"
FEED_WARMUP="${BENCH_FEED_WARMUP:-10}"             # a pass at the same rate first, recorded apart (JIT)
MIX_SECONDS="${BENCH_MIX_SECONDS:-30}"
AGGREGATE_WAIT="${BENCH_AGGREGATE_WAIT:-60}"        # per scale: how long to wait for count_dirty to drain
PEAK_CADRES="${BENCH_PEAK_CADRES:-2000}"
DOC="${BENCH_DOC:-$ROOT/docs/performance.md}"

START=$(date +%s)
OUT="$HERE/target/run-$(date +%Y%m%d-%H%M%S)"
DATA="$OUT/data"
RESULTS="$OUT/results.tsv"
COMMANDS="$OUT/commands.txt"
mkdir -p "$DATA"
: > "$RESULTS"
: > "$COMMANDS"
SVC_PID=""
CHILD=""
FINISHED=0

say() { printf '[bench %4ds] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }
result() { printf '%s\t%s\n' "$1" "$2" >> "$RESULTS"; }
note() { local line="$*"; printf '%s\n' "${line//$ROOT\//}" >> "$COMMANDS"; }   # the exact commands, for docs/performance.md
left() { echo $(( BUDGET - ($(date +%s) - START) )); }
psqlq() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
scalar() { psql -X -At -v ON_ERROR_STOP=1 -c "$1"; }
table_exists() { [ "$(scalar "SELECT to_regclass('public.$1') IS NOT NULL")" = t ]; }

# Runs a command in the background under `timeout` (its own process group) for at most $1 seconds and the
# budget left (less 20 s kept for stopping and the report), so that the trap can stop it; output to $2.
limited() {
  local want=$1 log=$2 secs
  shift 2
  secs=$(( $(left) - 20 ))
  (( want < secs )) && secs=$want
  if (( secs < 5 )); then
    say "no time left for: $*"
    return 124
  fi
  timeout -k 5 "$secs" "$@" >> "$log" 2>&1 &
  CHILD=$!
  wait "$CHILD"
  local rc=$?
  CHILD=""
  return $rc
}

# The service's settings for port $1, database $2 and data directory $3 (and a fresh random token secret), as
# env assignments in SERVICE_ENV: `env "${SERVICE_ENV[@]}" java … &` execs, so that $! is the service's pid.
service_env() {
  SERVICE_ENV=(SERVER_PORT="$1"
    SPRING_R2DBC_URL="r2dbc:postgresql://$PGHOST:$PGPORT/$2"
    SPRING_R2DBC_USERNAME="$PGUSER"
    SPRING_DATA_REDIS_URL="redis://$REDIS_HOST:$REDIS_PORT/$REDIS_DB"
    APP_DEV_LOGIN=true
    APP_JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
    APP_CLOCK="$CLOCK"
    APP_DATA_DIR="$3"
    # FeedProbe stands in for 10,000 phones with the five leaders' tokens, on one instance: the per-user stream
    # cap (4) and the connection cap (8,192) are raised for it, as the fd limit is (ulimit below)
    APP_FEED_MAX_STREAMS_PER_USER=20000
    APP_SERVER_MAX_CONNECTIONS=16000
    LOG_FORMAT=)
}

# Polls $1/actuator/health/readiness every 50 ms until UP (at most 90 s after T0), for the process SVC_PID
# called $2 that logs to $3; records the time since T0 as result $4 and leaves it in T1.
await_ready() {
  local base=$1 what=$2 log=$3 key=$4
  until curl -sf --max-time 1 "$base/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; do
    kill -0 "$SVC_PID" 2>/dev/null || die "$what exited (see $log)"
    (( $(date +%s%N) - T0 > READY_TIMEOUT * 1000000000 )) && die "$what was not ready within $READY_TIMEOUT s (see $log)"
    sleep 0.05
  done
  T1=$(date +%s%N)
  result "$key" "$(awk -v d=$(( (T1 - T0) / 1000000 )) 'BEGIN {printf "%.2f", d / 1000}')"
}

stop_service() {
  [ -n "$SVC_PID" ] || return 0
  if kill -0 "$SVC_PID" 2>/dev/null; then
    kill -TERM "$SVC_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$SVC_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$SVC_PID" 2>/dev/null && kill -KILL "$SVC_PID" 2>/dev/null
  fi
  wait "$SVC_PID" 2>/dev/null
  SVC_PID=""
}

finish() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$CHILD" ]; then
    kill -TERM -- "-$CHILD" 2>/dev/null || kill -TERM "$CHILD" 2>/dev/null
    wait "$CHILD" 2>/dev/null
  fi
  stop_service
  result run.seconds "$(( $(date +%s) - START ))"
  result machine.load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
  if [ -s "$RESULTS" ]; then
    echo >&2
    python3 "$HERE/report.py" "$RESULTS" --doc "$DOC" --commands "$COMMANDS"
  fi
  say "logs and raw figures: $OUT"
  (( FINISHED )) || say "stopped early (exit $rc)"
  exit $rc
}
trap finish EXIT
trap 'say "interrupted"; exit 130' INT TERM

die() { say "FAILED: $*"; exit 1; }

# ------------------------------------------------------------------------------------------------ preflight
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1
}
pick_jdk() {   # as .ci/run does
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    return 0
  fi
  if command -v java >/dev/null 2>&1 && [ "$(java_major "$(command -v java)")" -ge 21 ]; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    export JAVA_HOME
    return 0
  fi
  for candidate in /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/javac" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  die "no JDK >= 21 found (set JAVA_HOME)"
}

for tool in psql pgbench redis-cli curl python3 timeout; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is required (see infra/bench/README.md)"
done
pick_jdk
export MAVEN_OPTS="${MAVEN_OPTS:-} --enable-native-access=ALL-UNNAMED"
JAVA="$JAVA_HOME/bin/java"
# 10 000 SSE streams need as many descriptors on each side
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
psql -X -At -d postgres -c 'SELECT 1' >/dev/null 2>&1 || die "PostgreSQL at $PGHOST:$PGPORT (user $PGUSER) unreachable"
redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" PING >/dev/null 2>&1 || die "Redis at $REDIS_HOST:$REDIS_PORT unreachable"
curl -s -o /dev/null --max-time 1 "$BASE/" && die "port $PORT is already in use"

result machine.date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
result machine.cpu "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
result machine.nproc "$(nproc)"
result machine.memory "$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
result machine.postgres "$(psql -X -At -d postgres -c 'SHOW server_version')"
result machine.redis "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" INFO server | sed -n 's/^redis_version://p' | tr -d '\r')"
result machine.jdk "$("$JAVA" -version 2>&1 | head -1)"
result machine.load "$(cut -d' ' -f1-3 /proc/loadavg) (fd limit $(ulimit -n))"
AUTOVACUUM="$(psql -X -At -d postgres -c 'SHOW autovacuum')"
result machine.autovacuum "$AUTOVACUUM"
result run.service_jvm "$SERVICE_JVM"
if [ -n "${BENCH_JAR:-}" ]; then
  result run.service "${BENCH_JAR_NOTE:-$BENCH_JAR}"
else
  result run.service "built from this checkout, $(git rev-parse --abbrev-ref HEAD) $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo ' + local changes')"
fi
result run.results "${RESULTS#"$ROOT"/}"
result run.gatling_reports "infra/bench/gatling/target/gatling/"
say "JDK $JAVA_HOME; results in $OUT"

# ------------------------------------------------------------------------------------------------ build
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  if [ -z "${BENCH_JAR:-}" ]; then
    say "building the service jar"
    note "./mvnw -B -q $MVN_FLAGS -DskipTests package"
    limited 300 "$OUT/build.log" ./mvnw -B -q $MVN_FLAGS -DskipTests package || die "service build (see $OUT/build.log)"
  fi
  say "building the Gatling project"
  note "./mvnw -B -q $MVN_FLAGS -f infra/bench/gatling/pom.xml test-compile"
  limited 180 "$OUT/build.log" ./mvnw -B -q $MVN_FLAGS -f infra/bench/gatling/pom.xml test-compile \
    || die "Gatling project build (see $OUT/build.log)"
fi
JAR="${BENCH_JAR:-$(ls -t target/grassroots-*.jar 2>/dev/null | grep -v original | head -1)}"
# on the Spring AOT bean definitions the jar carries, as infra/Dockerfile runs it (spring-aot.sh)
. "$HERE/spring-aot.sh"
[ -n "$JAR" ] || die "no service jar under target/"
SERVICE_JVM="$SERVICE_JVM $(spring_aot_flag "$JAR")"
result run.service_jvm_with_spring_aot "$SERVICE_JVM"

# ------------------------------------------------------------------------------------------------ AOT cache
# The service starts from the JDK's AOT cache (JEP 483/514/515): the classes a training run loaded and linked,
# and its method profiles, are mapped in ready-made. The cache needs the jar extracted (classes inside a
# nested jar are not cached) and the same JDK at training and at run. The training run is a plain start-up
# against a scratch database (so its time to ready is the service's time without the cache), TRAIN_SECONDS of
# check-ins, check-outs, dashboards and feed reads (train.py), and a SIGTERM: the JVM writes the cache as it exits.
SERVICE_START=(-jar "$JAR")
if [ "$AOT" = 1 ] && [ "$(java_major "$JAVA")" -lt 25 ]; then
  say "JDK AOT cache skipped: $JAVA_HOME is older than 25 (-XX:AOTCacheOutput came with JDK 25)"
  result startup.aot_skipped "JDK $(java_major "$JAVA")"
  AOT=0
fi
if [ "$AOT" = 1 ]; then
  say "JDK AOT cache: extracting the jar, then a training run"
  APP_DIR="$OUT/app"
  RUN_JAR="$APP_DIR/$(basename "$JAR")"
  TRAIN_PORT=$(( PORT + 1 ))
  note "java -Djarmode=tools -jar $JAR extract --destination $APP_DIR"
  "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$APP_DIR" > "$OUT/aot.log" 2>&1 \
    || die "could not extract the jar (see $OUT/aot.log)"
  psqlq -d postgres -c "DROP DATABASE IF EXISTS ${PGDATABASE}_aot WITH (FORCE)" -c "CREATE DATABASE ${PGDATABASE}_aot" \
    || die "cannot create database ${PGDATABASE}_aot"
  note "SERVER_PORT=$TRAIN_PORT SPRING_R2DBC_URL=r2dbc:postgresql://$PGHOST:$PGPORT/${PGDATABASE}_aot (other settings as below)" \
    "java $SERVICE_JVM -XX:AOTCacheOutput=$APP_DIR/app.aot -jar $RUN_JAR   # until ready, then train.py's workload, SIGTERM"
  T0=$(date +%s%N)
  service_env "$TRAIN_PORT" "${PGDATABASE}_aot" "$OUT/aot-data"
  env "${SERVICE_ENV[@]}" "$JAVA" $SERVICE_JVM -XX:AOTCacheOutput="$APP_DIR/app.aot" -jar "$RUN_JAR" \
    >> "$OUT/aot.log" 2>&1 &
  SVC_PID=$!
  TRAIN="http://127.0.0.1:$TRAIN_PORT"
  await_ready "$TRAIN" "the training run" "$OUT/aot.log" startup.nocache_ready_s
  curl -s -o /dev/null --max-time 5 "$TRAIN/actuator/health/readiness"
  # the training's requests leave their method profiles in the cache (JEP 515): the measured service then
  # compiles the write path and the dashboards sooner
  note "python3 infra/bench/train.py --base $TRAIN --seconds $TRAIN_SECONDS   # PGDATABASE=${PGDATABASE}_aot"
  PGDATABASE="${PGDATABASE}_aot" BENCH_REDIS_HOST="$REDIS_HOST" BENCH_REDIS_PORT="$REDIS_PORT" \
    limited $(( TRAIN_SECONDS + 60 )) "$OUT/train.log" \
    python3 "$HERE/train.py" --base "$TRAIN" --seconds "$TRAIN_SECONDS" --month "$MONTH" \
    || say "the training workload did not finish cleanly (see $OUT/train.log); the cache keeps what it saw"
  result startup.aot_training "$(grep '^\[train\] [0-9]' "$OUT/train.log" | tail -1 | sed 's/^\[train\] //')"
  # writing the cache at exit takes a while (16 s seen here): wait up to 120 s before stop_service's KILL
  kill -TERM "$SVC_PID" 2>/dev/null
  for _ in $(seq 1 240); do kill -0 "$SVC_PID" 2>/dev/null || break; sleep 0.5; done
  stop_service
  [ -s "$APP_DIR/app.aot" ] || die "the training run wrote no AOT cache (see $OUT/aot.log)"
  result startup.aot_cache "$(du -m "$APP_DIR/app.aot" | cut -f1) MB"
  # the same extracted jar without the cache, on a fresh database: issue 19's start-up "without the AOT cache"
  # (the training run above is slower than that: it records the cache as it goes)
  psqlq -d postgres -c "DROP DATABASE IF EXISTS ${PGDATABASE}_aot WITH (FORCE)" -c "CREATE DATABASE ${PGDATABASE}_aot" \
    || die "cannot create database ${PGDATABASE}_aot"
  say "start-up without the cache (extracted jar, fresh database)"
  note "SERVER_PORT=$TRAIN_PORT SPRING_R2DBC_URL=r2dbc:postgresql://$PGHOST:$PGPORT/${PGDATABASE}_aot (other settings as below)" \
    "java $SERVICE_JVM -jar $RUN_JAR   # until ready, then SIGTERM"
  T0=$(date +%s%N)
  service_env "$TRAIN_PORT" "${PGDATABASE}_aot" "$OUT/plain-data"
  env "${SERVICE_ENV[@]}" "$JAVA" $SERVICE_JVM -jar "$RUN_JAR" > "$OUT/plain.log" 2>&1 &
  SVC_PID=$!
  await_ready "$TRAIN" "the plain start" "$OUT/plain.log" startup.plain_ready_s
  stop_service
  psqlq -d postgres -c "DROP DATABASE IF EXISTS ${PGDATABASE}_aot WITH (FORCE)" || true
  SERVICE_START=(-XX:AOTCache="$APP_DIR/app.aot" -jar "$RUN_JAR")
fi

# ------------------------------------------------------------------------------------------------ service
say "fresh database $PGDATABASE, Redis DB $REDIS_DB"
note "psql -d postgres -c 'DROP DATABASE IF EXISTS $PGDATABASE WITH (FORCE)' -c 'CREATE DATABASE $PGDATABASE'"
psqlq -d postgres -c "DROP DATABASE IF EXISTS $PGDATABASE WITH (FORCE)" -c "CREATE DATABASE $PGDATABASE" \
  || die "cannot create database $PGDATABASE"
note "redis-cli -n $REDIS_DB FLUSHDB"
redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" -n "$REDIS_DB" FLUSHDB >/dev/null || die "cannot flush Redis DB $REDIS_DB"

say "starting the service"
note "SERVER_PORT=$PORT SPRING_R2DBC_URL=r2dbc:postgresql://$PGHOST:$PGPORT/$PGDATABASE SPRING_R2DBC_USERNAME=$PGUSER" \
  "SPRING_DATA_REDIS_URL=redis://$REDIS_HOST:$REDIS_PORT/$REDIS_DB APP_DEV_LOGIN=true APP_JWT_SECRET=<random>" \
  "APP_CLOCK=$CLOCK LOG_FORMAT= java $SERVICE_JVM ${SERVICE_START[*]}"
T0=$(date +%s%N)
service_env "$PORT" "$PGDATABASE" "$OUT/service-data"
env "${SERVICE_ENV[@]}" "$JAVA" $SERVICE_JVM "${SERVICE_START[@]}" > "$OUT/service.log" 2>&1 &
SVC_PID=$!
await_ready "$BASE" "the service" "$OUT/service.log" startup.ready_s
result startup.log_s "$(sed -n 's/.*Started GrassrootsApplication in \([0-9.]*\) seconds.*/\1/p' "$OUT/service.log" | head -1)"
say "ready after $(( (T1 - T0) / 1000000 )) ms (pid $SVC_PID)"

for file in $EXTRA_MIGRATIONS; do
  say "dry run: applying $file by hand"
  note "psql -f $file   # dry run only"
  psqlq -f "$file" > /dev/null || die "could not apply $file"
done

# ------------------------------------------------------------------------------------------------ Luohe scale
say "loading Luohe-scale data (COPY)"
note "python3 infra/bench/generate.py luohe --out $DATA --months $LUOHE_MONTHS --peak-cadres $PEAK_CADRES"
limited 120 "$OUT/generate.log" python3 "$HERE/generate.py" luohe --out "$DATA" --months "$LUOHE_MONTHS" \
  --peak-cadres "$PEAK_CADRES" \
  || die "Luohe-scale load (see $OUT/generate.log)"
python3 - "$DATA/luohe-counts.json" >> "$RESULTS" <<'EOF'
import json, sys
for k, v in json.load(open(sys.argv[1])).items():
    print(f"load.luohe.{k}\t{v}")
EOF

# Marks the loaded town-months dirty (the queue the service's own writes use) and waits for the aggregator.
# Pending marks: all rows, or those not yet stamped consumed_at where the aggregator keeps consumed ones (V61).
pending_sql() {
  if [ "$(scalar "SELECT count(*) FROM information_schema.columns WHERE table_name = 'count_dirty' AND column_name = 'consumed_at'")" = 1 ]; then
    echo "SELECT count(*) FROM count_dirty WHERE consumed_at IS NULL"
  else
    echo "SELECT count(*) FROM count_dirty"
  fi
}
aggregate() {
  local scale=$1 months=$2 n t0 pending
  if ! table_exists town_month_counts; then
    result "aggregate.$scale.skipped" "aggregator missing (no town_month_counts table)"
    return
  fi
  pending="$(pending_sql)"
  note "python3 infra/bench/generate.py dirty --months $months | psql; then poll: $pending"
  python3 "$HERE/generate.py" dirty --months "$months" | psqlq || { result "aggregate.$scale.skipped" "count_dirty insert failed"; return; }
  n=$(scalar "$pending")
  result "aggregate.$scale.town_months" "$n"
  t0=$(date +%s%N)
  while [ "$(scalar "$pending")" != 0 ]; do
    if (( $(date +%s%N) - t0 > AGGREGATE_WAIT * 1000000000 )); then
      result "aggregate.$scale.skipped" "$(scalar "$pending") of $n town-months still dirty after $AGGREGATE_WAIT s; later steps ran beside the aggregator"
      return
    fi
    sleep 0.5
  done
  result "aggregate.$scale.seconds" "$(awk -v d=$(( ($(date +%s%N) - t0) / 1000000 )) 'BEGIN {printf "%.1f", d / 1000}')"
}
say "aggregating Luohe scale"
aggregate luohe "$LUOHE_MONTHS"

# Statistics as a server with autovacuum has them. This machine's PostgreSQL may run with autovacuum off (the
# one of 12-03 did): its tables then keep the planner's defaults for ever, and generic plans chose month-wide
# index scans per visitor (the duty recount) and a BitmapAnd with a partial index over the whole visit table
# (the last-fix read): 4.7 and 1.0 ms of PostgreSQL per check-in that a production database would not pay.
# Without autovacuum, VACUUM ANALYZE after each stage that writes many rows (the vacuum sets the visibility map,
# without which the recounts' covering indexes (V71) are read with heap fetches).
analyze() {   # why
  [ "$AUTOVACUUM" = on ] && return 0
  note "psql -c 'VACUUM ANALYZE'   # autovacuum is off on this server: $1"
  psqlq -c "VACUUM ANALYZE" > /dev/null || say "VACUUM ANALYZE failed"
}
analyze "after the Luohe load"

# ------------------------------------------------------------------------------------------------ baselines
pgbench_run() {   # name, then pgbench arguments
  local name=$1 tps pct
  shift
  note "pgbench -n -M prepared -c 8 -j 2 -T $PGBENCH_SECONDS -l --sampling-rate=0.2 $*"
  limited $(( PGBENCH_SECONDS + 30 )) "$OUT/pgbench-$name.txt" pgbench -n -M prepared -c 8 -j 2 -T "$PGBENCH_SECONDS" \
    -l --sampling-rate=0.2 --log-prefix="$OUT/pgbench-log-$name" "$@" || { result "pgbench.$name.skipped" "pgbench failed"; return; }
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$OUT/pgbench-$name.txt" | tail -1)
  pct=$(python3 "$HERE/report.py" pgbench-log "$OUT/pgbench-log-$name")
  result "pgbench.$name.tps" "$tps"
  result "pgbench.$name.p50_ms" "$(echo "$pct" | cut -d' ' -f1)"
  result "pgbench.$name.p99_ms" "$(echo "$pct" | cut -d' ' -f2)"
}

say "pgbench: single-row visit insert at 8 connections"
# the service has migrated its schema by now: the baseline mirrors the real visit table
note "psql -f infra/bench/sql/visit_baseline_mirror.sql"
psqlq -f "$HERE/sql/visit_baseline_mirror.sql" && result pgbench.insert.table "mirror of visit"
read -r OMIN OMAX ONUM <<< "$(scalar "SELECT min(id), max(id), count(*) FROM org_unit" | tr '|' ' ')"
read -r UMIN UMAX UNUM <<< "$(scalar "SELECT min(id), max(id), count(*) FROM app_user" | tr '|' ' ')"
(( OMAX - OMIN + 1 == ONUM && UMAX - UMIN + 1 == UNUM )) || say "warning: org_unit/app_user ids are not contiguous"
psqlq -c CHECKPOINT
pgbench_run insert -f "$HERE/sql/pgbench_insert_visit.sql" -D umin="$UMIN" -D umax="$UMAX" -D omin="$OMIN" -D omax="$OMAX"
psqlq -c "DROP TABLE IF EXISTS bench_visit_baseline"

say "pgbench: a county's month of the aggregate table at 8 connections"
READ_TABLE=town_month_counts
result pgbench.read.table "town_month_counts"
READ_ARGS=()
while IFS='|' read -r county towns; do
  script="$OUT/pgbench-read-$county.sql"
  cat > "$script" <<EOF
\\set mi random(0, 23)
SELECT * FROM $READ_TABLE WHERE month = (date '${PROVINCE_MONTHS:0:7}-01' + :mi * interval '1 month')::date AND town_id = ANY('{$towns}'::bigint[]);
EOF
  READ_ARGS+=(-f "$script")
done < <(scalar "SELECT c.id, string_agg(t.id::text, ',' ORDER BY t.id) FROM org_unit c JOIN org_unit t ON t.parent_id = c.id AND t.level = 'TOWN' WHERE c.level = 'COUNTY' GROUP BY c.id")
note "# one script per county: SELECT * FROM $READ_TABLE WHERE month = :m AND town_id = ANY('{<the county's towns>}')"
pgbench_run read "${READ_ARGS[@]}"

# ------------------------------------------------------------------------------------------------ tokens
say "dev-login of the virtual users"
note "python3 infra/bench/generate.py feeders --out $DATA --base $BASE --month $MONTH --peak $PEAK_CADRES"
limited 120 "$OUT/generate.log" python3 "$HERE/generate.py" feeders --out "$DATA" --base "$BASE" --month "$MONTH" \
  --peak "$PEAK_CADRES" --threads 6 \
  || die "logins (see $OUT/generate.log)"
LEADER="$(sed -n 2p "$DATA/leaders.csv")"
VISITOR="$(sed -n 2p "$DATA/visitors.csv" | cut -d, -f1)"
COUNTY="$(sed -n 2p "$DATA/counties.csv")"

status_of() {   # method path token [body]
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 -X "$1" -H "Authorization: Bearer $3" \
    -H 'Content-Type: application/json' ${4:+--data "$4"} "$BASE$2"
}

available() {   # method path token [body]: false only when the router answers 404
  [ "$(status_of "$@" | head -c 3)" != 404 ]
}
HOME_ID="$(sed -n 2p "$DATA/managers.csv" | cut -d, -f2)"
SECRETARY="$(sed -n 2p "$DATA/secretaries.csv" | cut -d, -f1)"
HAVE_VISITS=0; available POST /api/v1/visits "$VISITOR" '{}' && HAVE_VISITS=1
HAVE_DASH=0
for kind in "towns?countyId=$COUNTY&" "counties?" "city?"; do
  available GET "/api/v1/dashboards/${kind}month=${DASH_MONTHS%%,*}" "$LEADER" && HAVE_DASH=1
done
HAVE_ACTIVITIES=0
[ -n "$HOME_ID" ] && available POST "/api/v1/youth-homes/$HOME_ID/activities" "$(sed -n 2p "$DATA/managers.csv" | cut -d, -f1)" '{}' \
  && HAVE_ACTIVITIES=1
HAVE_THEMED=0
[ -n "$SECRETARY" ] && available POST /api/v1/themed-events "$SECRETARY" '{}' && HAVE_THEMED=1
HAVE_FEED=0; available GET /api/v1/feed/stream "$LEADER" && HAVE_FEED=1
say "endpoints: visits=$HAVE_VISITS dashboards=$HAVE_DASH activities=$HAVE_ACTIVITIES themed-events=$HAVE_THEMED feed=$HAVE_FEED"

gatling() {   # simulation, seconds, -Dbench.* ...
  local sim=$1 secs=$2
  shift 2
  note "./mvnw -B $MVN_FLAGS -f infra/bench/gatling/pom.xml gatling:test -Dgatling.simulationClass=bench.$sim $*"
  limited "$secs" "$OUT/gatling-$sim.log" ./mvnw -B $MVN_FLAGS -f "$HERE/gatling/pom.xml" gatling:test \
    -Dgatling.simulationClass="bench.$sim" -Dbench.base="$BASE" -Dbench.data="$DATA" -Dbench.results="$RESULTS" "$@" \
    || say "$sim did not finish cleanly (see $OUT/gatling-$sim.log)"
}

dashboards() {   # scale
  local scale=$1 kind
  if (( ! HAVE_DASH )); then
    for kind in towns counties city; do
      result "dash.$scale.$kind.skipped" "endpoint missing (GET /api/v1/dashboards/$kind -> 404)"
    done
    return
  fi
  # last, the host's floor: GET /actuator/health/liveness at the town view's rate, 10 s (an info row)
  gatling DashboardSimulation $(( DASH_SECONDS + 2 * AREA_SECONDS + 10 + 60 )) -Dbench.scale="$scale" \
    -Dbench.months="$DASH_MONTHS" -Dbench.townsSeconds="$DASH_SECONDS" -Dbench.countiesSeconds="$AREA_SECONDS" \
    -Dbench.citySeconds="$AREA_SECONDS" -Dbench.countiesRate=10 -Dbench.cityRate=10 -Dbench.floorSeconds=10
}

# ------------------------------------------------------------------------------------------------ scenarios
say "dashboards on Luohe-scale data"
dashboards luohe

say "visit-week peak"
if (( ! HAVE_VISITS )); then
  result visit.peak.skipped "endpoint missing (POST /api/v1/visits -> 404)"
else
  IFS=, read -ra levels <<< "$PEAK_LEVELS"
  result visit.peak.levels "$PEAK_LEVELS"
  gatling VisitPeakSimulation $(( PEAK_WARMUP_SECONDS + ${#levels[@]} * PEAK_LEVEL_SECONDS + 60 )) \
    -Dbench.levels="$PEAK_LEVELS" -Dbench.levelSeconds="$PEAK_LEVEL_SECONDS" -Dbench.warmupSeconds="$PEAK_WARMUP_SECONDS"
  analyze "after the peak's check-ins"
  PEAK="$(sed -n 's/^visit\.peak\.checkin_rps\t//p' "$RESULTS" | tail -1)"
  if [ -n "$PEAK" ] && awk -v p="$PEAK" 'BEGIN {exit !(p > 0)}'; then
    HALF="$(awk -v p="$PEAK" 'BEGIN {printf "%.1f", p / 2}')"
    say "half the peak: $HALF check-ins/s"
    gatling VisitSteadySimulation $(( HALF_WARMUP_SECONDS + HALF_SECONDS + 60 )) -Dbench.rate="$HALF" \
      -Dbench.seconds="$HALF_SECONDS" -Dbench.warmUpSeconds="$HALF_WARMUP_SECONDS" -Dbench.key=visit.half
  else
    result visit.half.skipped "no error-free peak level"
  fi
fi

# ------------------------------------------------------------------------------------------------ keep-alive (wrk)
# What the service and PostgreSQL cost per request, on warm keep-alive connections (wrk, 8 connections): CPU time
# of the service's process and of every PostgreSQL process from /proc (robust on a shared box), divided by the
# requests answered. The aggregator and the relay run meanwhile and are included.
. "$HERE/cpu.sh"
svc_cpu() { proc_cpu "$SVC_PID"; }
# Where PostgreSQL's time goes per request, when the server loads pg_stat_statements (shared_preload_libraries; the
# bench does not change the server's configuration): its counters reset before each stage and the top statements by
# execution time written after it, each as ms per request of the stage.
HAVE_PGSS=0
if [ "$(scalar "SHOW shared_preload_libraries" 2>/dev/null | grep -c pg_stat_statements)" -gt 0 ] \
  && psqlq -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" > /dev/null 2>&1; then HAVE_PGSS=1; fi
pgss_reset() { (( HAVE_PGSS )) && scalar "SELECT pg_stat_statements_reset()" > /dev/null; }
pgss_top() {   # name, requests
  (( HAVE_PGSS )) || return 0
  # columns: calls, plans (counted under pg_stat_statements.track_planning only), execution and planning ms per
  # request; a statement with as many plans as calls is planned afresh on every execution (its generic plan costs more)
  psqlq -At -F $'\t' -c "SELECT calls, plans, round((total_exec_time / $2)::numeric, 3),
      round((total_plan_time / $2)::numeric, 3), left(regexp_replace(query, '\s+', ' ', 'g'), 160)
      FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY total_exec_time + total_plan_time DESC LIMIT 12" > "$OUT/statements-$1.tsv"
  result "keepalive.$1.statements" "$(awk -F'\t' 'NR <= 4 {printf "%s%s+%s ms: %s", (NR > 1 ? " | " : ""), $3, $4, substr($5, 1, 60)}' "$OUT/statements-$1.tsv")"
  result "keepalive.$1.statements_ms" "$(awk -F'\t' '{s += $3 + $4} END {printf "%.2f", s}' "$OUT/statements-$1.tsv")"
  result "keepalive.$1.replanned" "$(awk -F'\t' '$2 > 20 && $2 >= $1 / 2 {printf "%s%s of %s: %s", (n++ ? " | " : ""), $2, $1, substr($5, 1, 60)}' "$OUT/statements-$1.tsv")"
}
keepalive() {   # name, lua script, count query or "", then environment for wrk
  local name=$1 script=$2 count=$3 out="$OUT/wrk-$1.txt" j0 g0 c0 n0 j1 g1 c1 n1 n rps
  shift 3
  # (a bearer token in the environment is written as a placeholder: the report is committed)
  note "$(printf '%s ' "$@" | sed -E 's/TOKEN=[^ ]+/TOKEN=<the leader'"'"'s token>/')wrk -t2 -c$KEEPALIVE_CONNECTIONS -d${KEEPALIVE_SECONDS}s --latency -s infra/bench/wrk/$script $BASE   # CPU from /proc before and after"
  env "$@" PREFIX=warm wrk -t2 -c"$KEEPALIVE_CONNECTIONS" -d"${KEEPALIVE_WARMUP}s" -s "$HERE/wrk/$script" "$BASE" > /dev/null 2>&1
  [ -n "$count" ] && n0=$(scalar "$count")
  pgss_reset
  j0=$(svc_cpu); g0=$(postgres_cpu); c0=$(jit_cpu "$SVC_PID")
  env "$@" PREFIX=m wrk -t2 -c"$KEEPALIVE_CONNECTIONS" -d"${KEEPALIVE_SECONDS}s" --latency -s "$HERE/wrk/$script" "$BASE" > "$out" 2>&1
  j1=$(svc_cpu); g1=$(postgres_cpu); c1=$(jit_cpu "$SVC_PID")
  if [ -n "$count" ]; then n1=$(scalar "$count"); n=$(( n1 - n0 ));
  else n=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$out"); fi
  rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$out")
  (( n > 0 )) || { result "keepalive.$name.skipped" "no request answered (see $out)"; return; }
  result "keepalive.$name.requests" "$n"
  result "keepalive.$name.rps" "$(awk -v n="$n" -v d="$KEEPALIVE_SECONDS" 'BEGIN {printf "%.0f", n / d}')"
  result "keepalive.$name.wrk_rps" "$rps"
  result "keepalive.$name.p99_ms" "$(python3 "$HERE/report.py" wrk-p99 "$out")"
  result "keepalive.$name.non2xx" "$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$out" | head -1)"
  # clock ticks (100/s) → ms per request
  result "keepalive.$name.service_cpu_ms" "$(awk -v c=$(( j1 - j0 )) -v n="$n" 'BEGIN {printf "%.2f", c * 10 / n}')"
  result "keepalive.$name.jit_cpu_ms" "$(awk -v c=$(( c1 - c0 )) -v n="$n" 'BEGIN {printf "%.2f", c * 10 / n}')"
  result "keepalive.$name.postgres_cpu_ms" "$(awk -v c=$(( g1 - g0 )) -v n="$n" 'BEGIN {printf "%.2f", c * 10 / n}')"
  result "keepalive.$name.load" "$(cut -d' ' -f1-3 /proc/loadavg)"
  pgss_top "$name" "$n"
}
if ! command -v wrk > /dev/null; then
  result keepalive.skipped "wrk missing (Debian package wrk)"
else
  say "keep-alive runs (wrk, $KEEPALIVE_CONNECTIONS connections, ${KEEPALIVE_SECONDS} s each)"
  analyze "after the half-peak run's check-ins"
  (( HAVE_VISITS )) && keepalive checkin checkins-many.lua "SELECT count(*) FROM visit" VISITORS="$DATA/visitors.csv"
  keepalive me get.lua "" TOKEN="$LEADER" WRK_PATH=/api/v1/me
  if (( HAVE_DASH )); then
    keepalive towns get.lua "" TOKEN="$LEADER" WRK_PATH="/api/v1/dashboards/towns?countyId=$COUNTY&month=$MONTH"
    keepalive counties get.lua "" TOKEN="$LEADER" WRK_PATH="/api/v1/dashboards/counties?month=$MONTH"
    keepalive city get.lua "" TOKEN="$LEADER" WRK_PATH="/api/v1/dashboards/city?month=$MONTH"
  fi
fi

say "feed: $FEED_IDLE idle subscribers, then delivery at $FEED_RATE events/s to $FEED_SUBSCRIBERS"
if (( ! HAVE_FEED )); then
  result feed.skipped "endpoint missing (GET /api/v1/feed/stream -> 404)"
else
  note "java -cp infra/bench/gatling/target/test-classes -Dbench.pid=<service pid> -Dbench.idle=$FEED_IDLE" \
    "-Dbench.subscribers=$FEED_SUBSCRIBERS -Dbench.rate=$FEED_RATE -Dbench.seconds=$FEED_SECONDS" \
    "-Dbench.warmupSeconds=$FEED_WARMUP bench.FeedProbe"
  limited $(( FEED_WARMUP + FEED_SECONDS + 170 )) "$OUT/feed.log" "$JAVA" -Xmx1g -cp "$HERE/gatling/target/test-classes" \
    -Dbench.base="$BASE" -Dbench.data="$DATA" -Dbench.results="$RESULTS" -Dbench.pid="$SVC_PID" \
    -Dbench.idle="$FEED_IDLE" -Dbench.subscribers="$FEED_SUBSCRIBERS" -Dbench.rate="$FEED_RATE" \
    -Dbench.seconds="$FEED_SECONDS" -Dbench.warmupSeconds="$FEED_WARMUP" bench.FeedProbe || say "FeedProbe did not finish cleanly (see $OUT/feed.log)"
fi

# ------------------------------------------------------------------------------------------------ province scale
PROVINCE=0
if [ "$SCALE" != province ]; then
  result load.province.skipped "BENCH_SCALE=$SCALE"
elif ! table_exists visit && ! table_exists youth_home_activity && ! table_exists themed_event; then
  result load.province.skipped "no record tables yet (visit, youth_home_activity, themed_event)"
else
  say "loading province-scale data (server-side INSERT ... SELECT generate_series)"
  note "python3 infra/bench/generate.py province --out $DATA --months $PROVINCE_MONTHS"
  if limited 300 "$OUT/generate.log" python3 "$HERE/generate.py" province --out "$DATA" --months "$PROVINCE_MONTHS"; then
    PROVINCE=1
    python3 - "$DATA/province-counts.json" >> "$RESULTS" <<'EOF'
import json, sys
counts = json.load(open(sys.argv[1]))
for k, v in counts.items():
    print(f"load.province.{k}\t{v}")
print(f"load.province.seconds\t{counts['load_seconds'] + counts['vacuum_seconds']:.1f}")
EOF
    say "aggregating province scale"
    aggregate province "$PROVINCE_MONTHS"
    # the load dirtied gigabytes of buffers: write them out now, so that the checkpoint's I/O (and the commit
    # stalls it causes) falls on the load and not on the dashboards and the mixed day measured next
    note "psql -c CHECKPOINT   # after the province load"
    psqlq -c "CHECKPOINT" > /dev/null || say "CHECKPOINT failed"
  else
    result load.province.skipped "load failed or out of time (see $OUT/generate.log)"
  fi
fi
if (( PROVINCE )); then
  say "dashboards on province-scale data"
  dashboards province
elif (( HAVE_DASH )); then
  for kind in towns counties city; do result "dash.province.$kind.skipped" "no province-scale data"; done
else
  dashboards province   # records the missing endpoints
fi

say "mixed day"
if (( HAVE_VISITS + HAVE_DASH + HAVE_ACTIVITIES + HAVE_THEMED == 0 )); then
  result mixed.all.skipped "endpoints missing (visits, dashboards, activities, themed events -> 404)"
else
  gatling MixedDaySimulation $(( MIX_SECONDS + 60 )) -Dbench.seconds="$MIX_SECONDS" -Dbench.month="$MONTH"
fi

FINISHED=1
say "done in $(( $(date +%s) - START )) s"
