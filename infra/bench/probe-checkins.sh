#!/bin/bash
# usage: infra/bench/probe-checkins.sh <jar> [connections=8] [seconds=15]
# A quick before/after probe of the check-in write path, not the benchmark (run.sh): one cadre's check-ins
# from wrk (Debian package "wrk") against the local PostgreSQL (database grassroots_probe) and Redis (DB 7),
# after WARM seconds (default 120: at ~1 000 check-ins/s the C2 compiler works for about 90 s, a third of the
# service's CPU at 30 s, 1-3 % from 100 s on; 12-04 21:00, jstat -compiler and /proc/<pid>/task).
# Prints wrk's throughput and latency, and the service's and PostgreSQL's CPU time per check-in
# (/proc/<pid>/stat), which varies less than throughput on a shared box, with the service's JIT compiler threads'
# share of it (what is left of warm-up in the window). PROBE_URL_OPTIONS (e.g.
# "?preparedStatementCacheQueries=0") is appended to the R2DBC URL; other settings pass through the
# environment (e.g. SPRING_R2DBC_POOL_MAX_SIZE=8). CHECK_OUT=1 checks each visit out after its check-in (one need
# heard): the counts and CPU are then per write, check-ins and check-outs together. THREADS=1 also prints the
# service's CPU in the window by thread group (event loops, JIT compilers, GC: cpu.sh's thread_cpu). PGSS=1 also prints the top
# statements by PostgreSQL execution time per write (the server must load pg_stat_statements; with pg_stat_statements.track_planning on, planning too). CONNECTION_CLOSE=1 sends every
# request on a connection of its own (wrk/checkin.lua). YARDSTICK=1 also measures GET /me's service CPU per request
# after the window (below).
set -u
JAR=$1; C=${2:-8}; D=${3:-15}; WARM=${WARM:-120}; PORT=28081
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/spring-aot.sh"   # a jar with Spring AOT's bean definitions runs on them, as deployed
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS grassroots_probe" -c "CREATE DATABASE grassroots_probe" >/dev/null 2>&1
redis-cli -n 7 flushdb >/dev/null
(cd /tmp && setsid nohup env SPRING_R2DBC_URL="r2dbc:postgresql://127.0.0.1:5432/grassroots_probe${PROBE_URL_OPTIONS:-}" \
  SPRING_R2DBC_USERNAME=postgres SPRING_DATA_REDIS_URL=redis://127.0.0.1:6379/7 APP_DEV_LOGIN=true \
  APP_JWT_SECRET=probe-secret-probe-secret-probe-secret-123 APP_CLOCK=2026-12-02T09:30:00+08:00 LOG_FORMAT= \
  SERVER_PORT=$PORT "$JAVA" -Xms1g -Xmx1g $(spring_aot_flag "$JAR") -jar "$JAR" > /tmp/probe.log 2>&1 < /dev/null &)
for _ in $(seq 1 90); do sleep 1; curl -sf localhost:$PORT/actuator/health > /dev/null && break; done
P=$(ss -ltnp | grep ":$PORT " | grep -o "pid=[0-9]*" | cut -d= -f2)
trap 'kill $P 2>/dev/null' EXIT
B=http://localhost:$PORT/api/v1
export TOKEN=$(curl -s -XPOST $B/auth/dev-login -H 'Content-Type: application/json' -d '{"openid":"p1"}' \
  | python3 -c "import sys,json; print(json.load(sys.stdin)['accessToken'])")
USER_ID=$(curl -s $B/me -H "Authorization: Bearer $TOKEN" | python3 -c "import sys,json; print(json.load(sys.stdin)['id'])")
q() { psql -h 127.0.0.1 -U postgres -d grassroots_probe -tAc "$1"; }
q "INSERT INTO role_binding(user_id, role, org_id, granted_at) SELECT $USER_ID, 'CADRE', id, now() FROM org_unit WHERE code='411121'" > /dev/null
# the /me read above cached the user without roles: forget it as a grant through the API would
redis-cli PUBLISH grassroots:identity:callers "$USER_ID" > /dev/null
export ORG=$(q "select id from org_unit where code='411121100'")
PREFIX=w wrk -t1 -c"$C" -d"${WARM}s" -s "$HERE/wrk/checkin.lua" http://localhost:$PORT > /dev/null
# statistics for the tables the warm-up filled, as autovacuum would have (it is off on this machine's server): on a
# never-analysed visit table the planner took a BitmapAnd over the one cadre's every visit for the last-fix read (0.6
# ms instead of 0.05 per check-in) in about a third of the runs, which made the probe bimodal (docs/performance.md)
q "VACUUM ANALYZE" > /dev/null
. "$HERE/cpu.sh"
# the measured window's edges as the JVM sees them (uptime, heap used): probe-gc.sh reads them beside its GC log
# (jcmd is a JVM too: it must not pick up the service's JAVA_TOOL_OPTIONS, e.g. a GC log to the same file)
jcmd() { env -u JAVA_TOOL_OPTIONS "${JAVA%/java}/jcmd" "$P" "$@" 2>/dev/null; }
heap() { jcmd VM.uptime | tail -1; jcmd GC.heap_info | grep -o "used [0-9]*K" | head -1; }
[ -n "${WINDOW_FILE:-}" ] && heap > "$WINDOW_FILE"
# PGSS=1: where PostgreSQL's execution time went in the window (the server must load pg_stat_statements)
[ "${PGSS:-0}" = 1 ] && q "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()" > /dev/null
N0=$(q "select count(*) + count(checked_out_at) from visit"); J0=$(proc_cpu "$P"); G0=$(postgres_cpu); C0=$(jit_cpu "$P")
[ "${THREADS:-0}" = 1 ] && thread_cpu "$P" > /tmp/probe-threads.0
PREFIX=m wrk -t2 -c"$C" -d"${D}s" --latency -s "$HERE/wrk/checkin.lua" http://localhost:$PORT
N1=$(q "select count(*) + count(checked_out_at) from visit"); J1=$(proc_cpu "$P"); G1=$(postgres_cpu); C1=$(jit_cpu "$P")
[ "${THREADS:-0}" = 1 ] && thread_cpu "$P" > /tmp/probe-threads.1 && echo "service CPU in the window by thread group:" \
  && thread_shares /tmp/probe-threads.0 /tmp/probe-threads.1
[ -n "${WINDOW_FILE:-}" ] && heap >> "$WINDOW_FILE"
N=$(( N1 - N0 ))
# (columns: calls, plans, execution and planning ms per write; plans count only under pg_stat_statements.track_planning)
[ "${PGSS:-0}" = 1 ] && q "SELECT calls, plans, round((total_exec_time / $N)::numeric, 3) AS ms_per_write,
    round((total_plan_time / $N)::numeric, 3) AS plan_ms_per_write,
    left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements
    WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    ORDER BY total_exec_time + total_plan_time DESC LIMIT 12"
echo "writes $N (check-ins and check-outs: $(q "select count(*) || ' / ' || count(checked_out_at) from visit")); CPU per write: service $(( (J1 - J0) * 10000 / N ))e-3 ms (of it JIT compiling $(( (C1 - C0) * 10000 / N ))e-3 ms), postgres $(( (G1 - G0) * 10000 / N ))e-3 ms (includes the aggregator); load $(cut -d' ' -f1-3 /proc/loadavg)"
# YARDSTICK=1: then GET /me (token, bindings, one read) on the same connections, 10 s to warm and 15 s measured, after
# the window's figures so that PGSS counts the check-ins alone: its service CPU per request gauges how fast the host
# runs the JVM at this moment, for probe-ab.sh's normalised figure
if [ "${YARDSTICK:-0}" = 1 ]; then
  WRK_PATH=/api/v1/me wrk -t1 -c"$C" -d10s -s "$HERE/wrk/get.lua" http://localhost:$PORT > /dev/null
  Y0=$(proc_cpu "$P")
  YN=$(WRK_PATH=/api/v1/me wrk -t2 -c"$C" -d15s -s "$HERE/wrk/get.lua" http://localhost:$PORT \
    | grep -o "[0-9]* requests in" | grep -o "^[0-9]*")
  Y1=$(proc_cpu "$P")
  echo "yardstick GET /me: ${YN:-0} requests; CPU per request: service $(( (Y1 - Y0) * 10000 / ${YN:-1} ))e-3 ms"
fi
