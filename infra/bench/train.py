#!/usr/bin/env python3
"""The AOT training run's workload: a cadre's check-ins and check-outs, a leader's dashboards and feed, for a
few seconds against the training instance (a scratch database).

The JDK AOT cache keeps, besides the classes a training run loaded, the method profiles it gathered (JEP 515):
a service started from a cache whose training served these requests compiles them sooner than one whose
training only started up. Standard library only; roles are granted with psql (PG* environment variables).

usage: train.py --base http://127.0.0.1:18932 [--seconds 20] [--month 2026-12]
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

COUNTY = "411121"       # 舞阳县
TOWN = "411121100"      # one of its towns: the visited org
CITY = "4111"


def forget_callers(*user_ids):
    """Roles granted behind the service's back (psql): every instance is told to forget the users' cached bindings,
    as the service itself does after a grant (channel grassroots:identity:callers, pub/sub spans Redis's DBs).
    Without it the /me read at login keeps the users role-less for the cache's ttl (10 min)."""
    host = os.environ.get("BENCH_REDIS_HOST", "127.0.0.1")
    port = os.environ.get("BENCH_REDIS_PORT", "6379")
    for user_id in user_ids:
        subprocess.run(["redis-cli", "-h", host, "-p", port, "PUBLISH", "grassroots:identity:callers", str(user_id)],
                       check=True, capture_output=True)


def psql(sql):
    out = subprocess.run(["psql", "-qtAX", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                         capture_output=True, text=True)
    return out.stdout.strip()


class Client:
    """One keep-alive connection."""

    def __init__(self, base, token=None):
        url = urllib.parse.urlsplit(base)
        self.conn = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        self.token = token

    def call(self, method, path, body=None, headers=None):
        h = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        h.update(headers or {})
        self.conn.request(method, path, json.dumps(body) if body is not None else None, h)
        response = self.conn.getresponse()
        data = response.read()
        return response.status, (json.loads(data) if data and data[:1] in b"{[" else None)


def login(base, openid):
    status, body = Client(base).call("POST", "/api/v1/auth/dev-login", {"openid": openid})
    if status != 200:
        sys.exit(f"dev-login answered {status}")
    client = Client(base, body["accessToken"])
    status, me = client.call("GET", "/api/v1/me")
    return client, me["id"]


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--base", required=True)
    args.add_argument("--seconds", type=float, default=20)
    args.add_argument("--month", default="2026-12")
    a = args.parse_args()

    cadre, cadre_id = login(a.base, "aot-training-cadre")
    leader, leader_id = login(a.base, "aot-training-leader")
    psql(f"INSERT INTO role_binding (user_id, role, org_id, granted_at) "
         f"SELECT {cadre_id}, 'CADRE', id, now() FROM org_unit WHERE code = '{COUNTY}' "
         f"UNION ALL SELECT {leader_id}, 'CITY_LEADER', id, now() FROM org_unit WHERE code = '{CITY}'")
    forget_callers(cadre_id, leader_id)
    town = psql(f"SELECT id FROM org_unit WHERE code = '{TOWN}'")
    county = psql(f"SELECT id FROM org_unit WHERE code = '{COUNTY}'")
    months = [a.month, "2026-11", "2026-10"]
    deadline = time.monotonic() + a.seconds
    counts = {"visits": 0, "reads": 0, "unexpected": 0}

    def visits():
        client = Client(a.base, cadre.token)
        while time.monotonic() < deadline:
            status, visit = client.call("POST", "/api/v1/visits", {
                "visitedOrgId": int(town), "note": "训练", "location": {"lat": 33.437, "lng": 113.609, "accuracy": 12}},
                {"Idempotency-Key": str(uuid.uuid4())})
            if status != 201:
                counts["unexpected"] += 1
                continue
            status, _ = client.call("POST", f"/api/v1/visits/{visit['id']}/check-out", {
                "location": {"lat": 33.437, "lng": 113.609, "accuracy": 15}, "peopleMet": 3,
                "needs": ["训练"], "resolved": ["训练"]})
            counts["visits"] += 1
            counts["unexpected"] += status != 200

    def reads():
        client = Client(a.base, leader.token)
        i = 0
        while time.monotonic() < deadline:
            month = months[i % len(months)]
            for path in (f"/api/v1/dashboards/towns?countyId={county}&month={month}",
                         f"/api/v1/dashboards/counties?month={month}", f"/api/v1/dashboards/city?month={month}",
                         "/api/v1/feed?limit=20", f"/api/v1/visits?month={month}", "/api/v1/me"):
                status, _ = client.call("GET", path)
                counts["reads"] += 1
                counts["unexpected"] += status != 200
            i += 1

    threads = [threading.Thread(target=visits), threading.Thread(target=reads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"[train] {counts['visits']} check-ins and check-outs, {counts['reads']} reads, "
          f"{counts['unexpected']} unexpected answers in {a.seconds:.0f} s")
    if counts["visits"] == 0 or counts["unexpected"] > counts["reads"] // 10:
        # a training run that served errors trains the cache on the error path: say so loudly
        sys.exit("[train] the workload was mostly refused: the AOT cache would not hold the request paths")


if __name__ == "__main__":
    main()
