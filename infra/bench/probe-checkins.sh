#!/bin/bash
# usage: infra/bench/probe-checkins.sh <jar>: 1500 check-ins by one cadre from 8 concurrent curl workers, against the local PostgreSQL (database grassroots_probe) and Redis (DB 7); a quick before/after probe, not the benchmark
JAR=$1
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS grassroots_probe" -c "CREATE DATABASE grassroots_probe" >/dev/null 2>&1
redis-cli -n 7 flushdb >/dev/null
(cd /tmp && SPRING_R2DBC_URL=r2dbc:postgresql://127.0.0.1:5432/grassroots_probe SPRING_R2DBC_USERNAME=postgres SPRING_DATA_REDIS_URL=redis://127.0.0.1:6379/7 APP_DEV_LOGIN=true APP_JWT_SECRET=probe-secret-probe-secret-probe-secret-123 APP_CLOCK=2026-12-02T09:30:00+08:00 LOG_FORMAT= SERVER_PORT=28081 /usr/lib/jvm/temurin-25-jdk-amd64/bin/java -Xms1g -Xmx1g -jar $JAR > /tmp/probe.log 2>&1 &)
for i in $(seq 1 90); do sleep 1; curl -sf localhost:28081/actuator/health > /dev/null && break; done
B=http://localhost:28081/api/v1
T=$(curl -s -XPOST $B/auth/dev-login -H 'Content-Type: application/json' -d '{"openid":"p1"}' | python3 -c "import sys,json; d=json.load(sys.stdin); print(d['accessToken'])")
UID_=$(curl -s $B/me -H "Authorization: Bearer $T" | python3 -c "import sys,json; print(json.load(sys.stdin)['id'])")
psql -h 127.0.0.1 -U postgres -d grassroots_probe -qc "INSERT INTO role_binding(user_id, role, org_id, granted_at) SELECT $UID_, 'CADRE', id, now() FROM org_unit WHERE code='411121'"
WQ=$(psql -h 127.0.0.1 -U postgres -d grassroots_probe -tAc "select id from org_unit where code='411121100'")
seq 1 400 | xargs -P 8 -I{} curl -s -o /dev/null -XPOST $B/visits -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -H "Idempotency-Key: w{}" -d "{\"visitedOrgId\":$WQ,\"location\":{\"lat\":33.437,\"lng\":113.609,\"accuracy\":12}}"
START=$(date +%s%N)
seq 1 1500 | xargs -P 8 -I{} curl -s -o /dev/null -XPOST $B/visits -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -H "Idempotency-Key: j{}" -d "{\"visitedOrgId\":$WQ,\"location\":{\"lat\":33.437,\"lng\":113.609,\"accuracy\":12}}"
END=$(date +%s%N)
echo "1500 check-ins, 8 concurrent curl: $(( (END-START)/1000000 )) ms => $(( 1500000000000 / (END-START) )) /s; load $(cut -d' ' -f1-3 /proc/loadavg)"
P=$(ss -ltnp | grep ":28081" | grep -o "pid=[0-9]*" | cut -d= -f2); kill $P; sleep 4
