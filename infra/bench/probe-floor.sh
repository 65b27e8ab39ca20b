#!/bin/bash
# usage: infra/bench/probe-floor.sh [connections=8] [seconds=15]
# The fixed stack's floor (issue 19), beside probe-checkins.sh: the floor app (infra/bench/floor: Spring Boot WebFlux,
# the R2DBC pool and PostgreSQL driver, Jackson, at the service's versions and pool settings, none of the service's
# code) on the local PostgreSQL (database grassroots_floor), driven by wrk on keep-alive connections, one endpoint
# after the other, each after WARM seconds (default 30) of the same requests:
#   ping      GET, HTTP and JSON only
#   read      GET, one SELECT by key (GET /me's shape without its token check)
#   insert    POST, one INSERT … RETURNING of the request's row
#   check-in  POST, the check-in's two round trips: the caller's last row read, then the insert
# and pgbench running the floor's INSERT itself (-M prepared, the same connections): the database alone.
# Prints requests/s, p99, and the service's and PostgreSQL's CPU time per request (/proc/<pid>/stat, as
# probe-checkins.sh). Compare with probe-checkins.sh run right before or after: the host moves.
set -u
C=${1:-8}; D=${2:-15}; WARM=${WARM:-30}; PORT=28082
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAR="$HERE/floor/target/grassroots-floor-0.1.0-SNAPSHOT.jar"
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q -ntp -f infra/bench/floor/pom.xml package -DskipTests) || exit 1
q() { psql -h 127.0.0.1 -U postgres -d grassroots_floor -tAc "$1"; }
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS grassroots_floor" -c "CREATE DATABASE grassroots_floor" >/dev/null 2>&1
q "CREATE TABLE floor_visit (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, user_id bigint NOT NULL,
     org_id bigint NOT NULL, lat double precision NOT NULL, lng double precision NOT NULL, accuracy double precision,
     note text, created_at timestamptz NOT NULL);
   CREATE INDEX floor_visit_user_idx ON floor_visit (user_id, created_at DESC)" > /dev/null
(cd /tmp && setsid nohup env SERVER_PORT=$PORT "$JAVA_HOME/bin/java" -Xms1g -Xmx1g -jar "$JAR" > /tmp/floor.log 2>&1 < /dev/null &)
for _ in $(seq 1 60); do sleep 1; curl -sf localhost:$PORT/floor/ping > /dev/null && break; done
P=$(ss -ltnp | grep ":$PORT " | grep -o "pid=[0-9]*" | cut -d= -f2)
trap 'kill $P 2>/dev/null' EXIT
. "$HERE/cpu.sh"
per() { echo "$(( $1 * 10000 / $2 ))e-3"; }   # CPU ticks (10 ms) per request, in ms
stage() {   # name method path
  WRK_METHOD=$2 WRK_PATH=$3 wrk -t2 -c"$C" -d"${WARM}s" -s "$HERE/wrk/floor.lua" http://localhost:$PORT > /dev/null
  q "VACUUM ANALYZE floor_visit" > /dev/null
  local j0 g0 j1 g1 out n
  j0=$(proc_cpu "$P"); g0=$(postgres_cpu)
  out=$(WRK_METHOD=$2 WRK_PATH=$3 wrk -t2 -c"$C" -d"${D}s" --latency -s "$HERE/wrk/floor.lua" http://localhost:$PORT)
  j1=$(proc_cpu "$P"); g1=$(postgres_cpu)
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "$1: $(echo "$out" | awk '/Requests\/sec/ {print $2}')/s, p99 $(echo "$out" | awk '$1 == "99%" {print $2}'), \
$(echo "$out" | grep -c "Non-2xx") non-2xx lines; CPU per request: service $(per $(( j1 - j0 )) "$n") ms, postgres $(per $(( g1 - g0 )) "$n") ms"
}
stage ping GET /floor/ping
stage read GET /floor/read
stage insert POST /floor/insert
stage check-in POST /floor/check-in
cat > /tmp/floor-insert.sql <<'SQL'
\set user random(1, 8)
INSERT INTO floor_visit (user_id, org_id, lat, lng, accuracy, note, created_at) VALUES (:user, 41, 33.437, 113.609, 12, '', now()) RETURNING id;
SQL
G0=$(postgres_cpu_all)
OUT=$(pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$C" -j 2 -T "$D" -f /tmp/floor-insert.sql grassroots_floor 2>&1)
G1=$(postgres_cpu_all)
N=$(echo "$OUT" | awk '/number of transactions actually processed/ {print $NF}' | cut -d/ -f1)
echo "pgbench insert: $(echo "$OUT" | awk '/^tps/ {print $3}')/s; CPU per insert: postgres $(per $(( G1 - G0 )) "$N") ms (pgbench itself apart)"
echo "load $(cut -d' ' -f1-3 /proc/loadavg)"
