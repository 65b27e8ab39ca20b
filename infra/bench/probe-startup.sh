#!/usr/bin/env bash
# Start-up to ready without the JDK AOT cache, as run.sh measures it (extracted jar, fresh database, the local
# PostgreSQL and Redis), repeated and alternated between jars so that two builds compare on this noisy host.
#
#   infra/bench/probe-startup.sh RUNS JAR [JAR...]      e.g. probe-startup.sh 4 /tmp/before.jar target/grassroots-*.jar
#
# Prints one line per start: jar, seconds from exec to /actuator/health/readiness UP, Boot's "Started ... in",
# classes loaded (jcmd). Env: BENCH_SERVICE_JVM (as run.sh), STARTUP_JVM_EXTRA (added flags, e.g. a JFR recording).
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
RUNS=$1; shift
JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
SERVICE_JVM="${BENCH_SERVICE_JVM:--Xms1g -Xmx1g -XX:MaxGCPauseMillis=20}"
PORT="${BENCH_PORT:-18941}"
DB=grassroots_startup
WORK=$(mktemp -d /tmp/startup.XXXX)
# a jar that carries Spring AOT's bean definitions runs on them, as infra/Dockerfile runs it
. "$(dirname "$0")/spring-aot.sh"
trap 'rm -rf "$WORK"' EXIT

i=0
AOT_FLAGS=()
for jar in "$@"; do
  i=$((i + 1))
  "$JAVA" -Djarmode=tools -jar "$jar" extract --destination "$WORK/app$i" > /dev/null
  # looked up once, outside the timed start (listing the jar takes about 0.2 s)
  AOT_FLAGS[i]=$(spring_aot_flag "$jar")
done

for run in $(seq 1 "$RUNS"); do
  i=0
  for jar in "$@"; do
    i=$((i + 1))
    psql -q -X -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
    redis-cli -n 6 flushdb > /dev/null
    rm -rf "$WORK/data"
    T0=$(date +%s%N)
    env SERVER_PORT=$PORT SPRING_R2DBC_URL=r2dbc:postgresql://127.0.0.1:5432/$DB SPRING_R2DBC_USERNAME=postgres \
      SPRING_DATA_REDIS_URL=redis://127.0.0.1:6379/6 APP_DEV_LOGIN=true \
      APP_JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')" APP_CLOCK=2026-12-03T09:30:00+08:00 \
      APP_DATA_DIR="$WORK/data" LOG_FORMAT= \
      "$JAVA" $SERVICE_JVM ${AOT_FLAGS[i]} ${STARTUP_JVM_EXTRA:-} -jar "$WORK/app$i/$(basename "$jar")" \
      > "$WORK/log" 2>&1 &
    PID=$!
    until curl -sf --max-time 1 "http://127.0.0.1:$PORT/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; do
      kill -0 $PID 2>/dev/null || { cat "$WORK/log"; exit 1; }
      sleep 0.05
    done
    T1=$(date +%s%N)
    cpu=$(awk '{printf "%.1f", ($14 + $15) / 100}' /proc/$PID/stat)
    [ -n "${STARTUP_KEEP_LOG:-}" ] && for t in /proc/$PID/task/*; do awk '{print}' "$t/stat"; done > "$STARTUP_KEEP_LOG.$run.$i.threads" || true
    "$JAVA_HOME/bin/jcmd" $PID PerfCounter.print > "$WORK/perf" 2>/dev/null || true
    classes=$(sed -n "s/^java.cls.loadedClasses=//p" "$WORK/perf")
    [ -n "${STARTUP_KEEP_LOG:-}" ] && cp "$WORK/perf" "$STARTUP_KEEP_LOG.$run.$i.perf"
    started=$(sed -n 's/.*Started GrassrootsApplication in \([0-9.]*\) seconds.*/\1/p' "$WORK/log" | head -1)
    kill -TERM $PID; wait $PID 2>/dev/null || true
    [ -n "${STARTUP_KEEP_LOG:-}" ] && cp "$WORK/log" "$STARTUP_KEEP_LOG.$run.$i"
    awk -v j="$jar" -v d=$(( (T1 - T0) / 1000000 )) -v s="$started" -v c="${classes:-?}" -v u="$cpu" \
      'BEGIN {printf "%s ready %.2f s  started-in %s s  classes %s  cpu %s s\n", j, d / 1000, s, c, u}'
  done
done
psql -q -X -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
