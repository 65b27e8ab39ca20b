#!/bin/bash
# usage: infra/bench/probe-group-commit.sh [seconds=20] [batch=8]
# What group commit (batching several check-ins' writes into one transaction or one statement) would save on
# PostgreSQL's side, measured before building it: pgbench at 8 connections runs the check-in's write statement
# (sql/group-commit/checkin_write.sql, the shape VisitRecording sends) one to a transaction, as the service does,
# then BATCH to a transaction, then BATCH in one set-based statement (checkin_write_set.sql), beside the single-row
# insert that run.sh divides by (sql/pgbench_insert_visit.sql). Prints check-ins/s, the ratio to the insert rate,
# and PostgreSQL's CPU per check-in (/proc, cpu.sh). It needs the schema and org tree that probe-checkins.sh leaves
# in database grassroots_probe: run that first. Nothing here involves the service: the figures are PostgreSQL's
# ceiling for each shape, on this machine, in this hour.
set -u
D=${1:-20}; BATCH=${2:-8}
HERE="$(cd "$(dirname "$0")" && pwd)"
. "$HERE/cpu.sh"
DB=grassroots_probe
q() { psql -h 127.0.0.1 -U postgres -d $DB -tAc "$1"; }
q "select 1 from org_unit where code = '411121100'" | grep -q 1 || { echo "run infra/bench/probe-checkins.sh first"; exit 1; }
SQL=$(mktemp -d); AWAKE=
trap 'asleep; rm -rf "$SQL"; q "DROP TABLE IF EXISTS bench_visit_baseline" >/dev/null' EXIT
{ echo 'BEGIN;'; for _ in $(seq "$BATCH"); do grep -v '^--' "$HERE/sql/group-commit/checkin_write.sql"; done; echo 'COMMIT;'; } \
  > "$SQL/batch.sql"
psql -h 127.0.0.1 -U postgres -d $DB -q -f "$HERE/sql/visit_baseline_mirror.sql" >/dev/null 2>&1
read -r OMIN OMAX <<< "$(q "SELECT min(id), max(id) FROM org_unit" | tr '|' ' ')"
read -r UMIN UMAX <<< "$(q "SELECT min(id), max(id) FROM app_user" | tr '|' ' ')"
bench() {   # label, rows counted in table, pgbench arguments
  local label=$1 table=$2; shift 2
  q CHECKPOINT >/dev/null
  local n0 n1 g0 g1 tps
  n0=$(q "select count(*) from $table"); g0=$(postgres_cpu_all)
  tps=$(pgbench -h 127.0.0.1 -U postgres -n -M prepared -c 8 -j 2 -T "$D" "$@" $DB 2>&1 | sed -n 's/^tps = \([0-9.]*\).*/\1/p')
  g1=$(postgres_cpu_all); n1=$(q "select count(*) from $table")
  python3 -c "
n = $n1 - $n0; rate = n / $D
base = float('${BASE:-0}') or rate
print(f'$label: {rate:.0f} rows/s ({float(\"$tps\"):.0f} transactions/s), {rate / base:.2f} x the insert, PostgreSQL CPU {($g1 - $g0) * 10 / n:.3f} ms per row')"
}
# the relay awake, as under load (OutboxWakeups): a session holds the awake lock, so the writes do not notify (each
# notifying commit takes PostgreSQL's notification queue lock, one at a time); "asleep" below lets every commit notify
# (1717921126 is FeedRepository.AWAKE_LOCK, as in sql/group-commit/)
awake() { psql -h 127.0.0.1 -U postgres -d $DB -qAtc "SELECT pg_advisory_lock(1717921126), pg_sleep(100000)" >/dev/null 2>&1 & AWAKE=$!; sleep 1; }
asleep() { kill "$AWAKE" 2>/dev/null; wait "$AWAKE" 2>/dev/null; q "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = 1717921126 AND pid <> pg_backend_pid()" >/dev/null; }
BASE=0
line=$(bench "single-row insert, the denominator of run.sh" bench_visit_baseline -f "$HERE/sql/pgbench_insert_visit.sql" \
  -D umin="$UMIN" -D umax="$UMAX" -D omin="$OMIN" -D omax="$OMAX")
echo "$line"
BASE=$(echo "$line" | sed -n 's/^[^:]*: \([0-9]*\) rows.*/\1/p')
awake
bench "check-in write, one to a transaction (as the service), relay awake" visit -f "$HERE/sql/group-commit/checkin_write.sql"
bench "check-in write, $BATCH to a transaction, relay awake" visit -f "$SQL/batch.sql"
bench "check-in write, $BATCH in one statement, relay awake" visit -f "$HERE/sql/group-commit/checkin_write_set.sql" -D batch="$BATCH"
asleep
bench "check-in write, one to a transaction, relay asleep (every commit notifies)" visit -f "$HERE/sql/group-commit/checkin_write.sql"
