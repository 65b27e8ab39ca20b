#!/bin/bash
# usage: infra/bench/probe-dashboards.sh <jar> [modes="on off on off"]
# A before/after probe of the dashboard reads with the held rows (app.dashboard.cache, CountCache) on and off,
# alternated on one database (grassroots_probe_dash) and Redis DB 6, not the benchmark (run.sh). The seeded
# city with the current and the previous month counted by the service's aggregator (rows for every town and
# county, as a live month has). For each mode the service is started afresh, warmed for WARM seconds (default 30)
# on the three views, then measured:
#  - keep-alive: wrk, 8 connections, VIEW_SECONDS (default 10) per view: views/s and the service's and PostgreSQL's
#    CPU per view (/proc, cpu.sh);
#  - a connection per view at RATE views/s (default 50) for RATE_SECONDS (default 20), the views in turn
#    (dashboard-rate.py: p50/p95/p99/max), as the bench's Gatling stage sends them.
set -u
JAR=$1; MODES=${2:-on off on off}; WARM=${WARM:-30}; SECONDS_EACH=${VIEW_SECONDS:-10}
RATE=${RATE:-50}; RATE_SECONDS=${RATE_SECONDS:-20}; PORT=28082; DB=grassroots_probe_dash
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/spring-aot.sh"
. "$HERE/cpu.sh"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
q() { psql -h 127.0.0.1 -U postgres -d $DB -tAc "$1"; }
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null 2>&1
redis-cli -n 6 flushdb >/dev/null
P=
trap '[ -n "$P" ] && kill $P 2>/dev/null' EXIT
start() {
  (cd /tmp && setsid nohup env SPRING_R2DBC_URL="r2dbc:postgresql://127.0.0.1:5432/$DB" \
    SPRING_R2DBC_USERNAME=postgres SPRING_DATA_REDIS_URL=redis://127.0.0.1:6379/6 APP_DEV_LOGIN=true \
    APP_JWT_SECRET=probe-secret-probe-secret-probe-secret-123 APP_CLOCK=2026-12-02T09:30:00+08:00 LOG_FORMAT= \
    APP_DASHBOARD_CACHE_ENABLED="$1" SERVER_PORT=$PORT "$JAVA" -Xms1g -Xmx1g $(spring_aot_flag "$JAR") -jar "$JAR" \
    > /tmp/probe-dashboards.log 2>&1 < /dev/null &)
  for _ in $(seq 1 120); do sleep 1; curl -sf localhost:$PORT/actuator/health/readiness > /dev/null && break; done
  P=$(ss -ltnp | grep ":$PORT " | grep -o "pid=[0-9]*" | cut -d= -f2)
}
stop() { kill "$P"; while kill -0 "$P" 2>/dev/null; do sleep 0.2; done; P=; }
B=http://localhost:$PORT
first=1
for mode in $MODES; do
  case $mode in on) enabled=true ;; off) enabled=false ;; *) echo "mode: on or off" >&2; exit 2 ;; esac
  start $enabled
  export TOKEN=$(curl -s -XPOST $B/api/v1/auth/dev-login -H 'Content-Type: application/json' -d '{"openid":"leader"}' \
    | python3 -c "import sys,json; print(json.load(sys.stdin)['accessToken'])")
  if [ $first = 1 ]; then
    first=0
    USER_ID=$(curl -s $B/api/v1/me -H "Authorization: Bearer $TOKEN" | python3 -c "import sys,json; print(json.load(sys.stdin)['id'])")
    q "INSERT INTO role_binding(user_id, role, org_id, granted_at) SELECT $USER_ID, 'CITY_LEADER', id, now() FROM org_unit WHERE code='4111'" > /dev/null
    redis-cli -n 0 PUBLISH grassroots:identity:callers "$USER_ID" > /dev/null
    # the previous month counted too (the city view reads two months); the current one at the aggregator's rollover
    q "INSERT INTO count_dirty (town_id, month) SELECT id, DATE '2026-11-01' FROM org_unit WHERE level = 'TOWN'" > /dev/null
    for _ in $(seq 1 120); do
      [ "$(q "SELECT (SELECT count(*) FROM count_dirty WHERE consumed_at IS NULL) = 0
               AND (SELECT count(DISTINCT month) FROM area_month_counts) = 2")" = t ] && break
      sleep 1
    done
    q "VACUUM ANALYZE" > /dev/null
  fi
  W=$(q "SELECT id FROM org_unit WHERE code = '411121'"); L=$(q "SELECT id FROM org_unit WHERE code = '411122'")
  TOWNS="/api/v1/dashboards/towns?countyId=$W&month=2026-12"
  VIEWS="$TOWNS /api/v1/dashboards/counties?month=2026-12 /api/v1/dashboards/city?month=2026-12"
  for path in $VIEWS; do
    WRK_PATH=$path wrk -t1 -c8 -d$(( WARM / 3 ))s -s "$HERE/wrk/get.lua" $B > /dev/null
  done
  echo "== cache $mode (load $(cut -d' ' -f1-3 /proc/loadavg))"
  for path in $VIEWS; do
    J0=$(proc_cpu "$P"); G0=$(postgres_cpu)
    out=$(WRK_PATH=$path wrk -t2 -c8 -d${SECONDS_EACH}s --latency -s "$HERE/wrk/get.lua" $B)
    J1=$(proc_cpu "$P"); G1=$(postgres_cpu)
    n=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "keep-alive ${path%%\?*}: $(echo "$out" | awk '/Requests\/sec/ {print $2}')/s, p99 $(echo "$out" | awk '$1 == "99%" {print $2}'), CPU per view: service $(( (J1 - J0) * 10000 / n ))e-3 ms, postgres $(( (G1 - G0) * 10000 / n ))e-3 ms"
  done
  echo "a connection per view at $RATE/s: $(python3 "$HERE/dashboard-rate.py" $B "$TOKEN" "$RATE" "$RATE_SECONDS" \
    "$TOWNS" "/api/v1/dashboards/towns?countyId=$L&month=2026-12" "$TOWNS" "/api/v1/dashboards/counties?month=2026-12" \
    "$TOWNS" "/api/v1/dashboards/city?month=2026-12")"
  stop
done
