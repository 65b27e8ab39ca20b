#!/usr/bin/env python3
"""Benchmark data for the grassroots service: rows streamed as CSV into `psql \\copy`, and feeder files
with real tokens for the Gatling simulations. Python standard library only.

    generate.py luohe    --out DIR       # ~1 000 cadres, a Youth Home per town, a year of records
    generate.py province --out DIR       # >= 1 M visits, >= 1 M activities, >= 200 k themed events, 24 months
    generate.py feeders  --out DIR --base http://127.0.0.1:18931   # dev-login the virtual users, write CSVs
    generate.py dirty    --months 2024-12..2026-12                 # mark town-months dirty (SQL on stdout)

The org tree itself (漯河市, 8 county-level units, 58 towns, 1 334 villages) is seeded by the service at start-up;
everything here references it by id. Connection: PGHOST/PGPORT/PGUSER/PGDATABASE (psql's own variables).
"""

import argparse
import concurrent.futures
import csv
import datetime as dt
import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
import urllib.parse

# --------------------------------------------------------------------------------------------------------------
# The ONE place that knows the tables. Column lists follow the migrations V1/V2/V5 (this branch), V20 visit and
# V21 need (visits branch), V40 youth_home_activity and V50 theme/themed_event (youthhome branch). When a
# migration changes, change the list here and the matching row builder below (same order).
# --------------------------------------------------------------------------------------------------------------
SCHEMA = {
    "app_user": ["openid", "display_name", "created_at", "updated_at"],
    "role_binding": ["user_id", "role", "org_id", "youth_home_id", "granted_at"],
    "youth_home": ["name", "town_id", "address", "status", "created_at", "updated_at"],
    "theme": ["county_id", "month", "title", "created_by", "created_at"],
    "visit": ["id", "user_id", "org_id", "town_id", "status", "occurred_at", "received_at", "effective_at", "month",
              "day_end", "in_visit_week", "flags", "check_in_lat", "check_in_lng", "check_in_accuracy",
              "check_in_coord_system", "note", "check_out_lat", "check_out_lng", "check_out_accuracy",
              "check_out_coord_system", "check_out_occurred_at", "checked_out_at", "people_met", "summary",
              "auto_closed_at", "created_at", "updated_at"],
    "need": ["visit_id", "position", "org_id", "town_id", "month", "heard_by", "text", "status", "created_at",
             "resolved_at", "resolved_by", "response"],
    "youth_home_activity": ["youth_home_id", "town_id", "month", "title", "category", "start_at", "end_at",
                            "participants", "description", "created_by", "created_at"],
    "themed_event": ["theme_id", "village_id", "town_id", "month", "title", "held_at", "participants", "summary",
                     "created_by", "created_at"],
}
# Rows this generator owns are recognisable by these prefixes (openids) so a re-run can find them again.
OPENID = {
    "cadre": "bench-cadre-", "secretary": "bench-secretary-", "leader": "bench-leader-", "admin": "bench-admin",
    "manager": "bench-manager-", "first_secretary": "bench-fs-", "peak": "bench-peak-", "province": "bench-prov-",
}
VISIT_WEEK_DAYS = (1, 7)  # VisitProperties defaults: days 1..7 of every month
ZONE = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai has no DST
LUOHE = (33.58, 114.02)  # city centre, for locations of orgs without coordinates
CATEGORIES = ["THEORY_STUDY", "VOLUNTEER_SERVICE", "SKILLS_TRAINING", "CULTURE_SPORTS",
              "EMPLOYMENT_ENTREPRENEURSHIP", "CARE_AID", "OTHER"]
NEEDS = ["村里缺少青年活动场地", "希望开展电商技能培训", "留守儿童课后托管需要志愿者", "求职信息渠道少",
         "篮球场灯光损坏", "希望对接农产品销售渠道"]


def log(msg):
    print(f"[generate] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------- database
def psql_args(*extra):
    return ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", *extra]


def query(sql):
    out = subprocess.run(psql_args("-At", "-F", "\t", "-c", sql), check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def execute(sql):
    subprocess.run(psql_args("-c", sql), check=True)


def existing_tables():
    return {r[0] for r in query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")}


def check_columns(table):
    have = {r[0] for r in query(f"SELECT column_name FROM information_schema.columns "
                                f"WHERE table_schema = 'public' AND table_name = '{table}'")}
    missing = [c for c in SCHEMA[table] if c not in have]
    if missing:
        sys.exit(f"table {table} has no column(s) {missing}: adjust SCHEMA in {__file__}")


def copy(table, rows, replica=True):
    """Streams rows (tuples in SCHEMA[table] order) through one `\\copy ... FROM STDIN`. With replica=True the
    session skips FK triggers: every id written here was read from the database or reserved from its sequence."""
    check_columns(table)
    cols = ",".join(SCHEMA[table])
    cmds = ["-c", "SET session_replication_role = replica"] if replica else []
    cmds += ["-c", f"\\copy {table}({cols}) FROM STDIN WITH (FORMAT csv)"]
    started = time.monotonic()
    proc = subprocess.Popen(psql_args(*cmds), stdin=subprocess.PIPE, text=True, encoding="utf-8",
                            stdout=subprocess.DEVNULL)
    writer = csv.writer(proc.stdin, lineterminator="\n")
    count = 0
    try:
        for row in rows:
            writer.writerow(row)
            count += 1
    finally:
        proc.stdin.close()
    if proc.wait() != 0:
        sys.exit(f"COPY into {table} failed")
    secs = time.monotonic() - started
    log(f"{table}: {count} rows in {secs:.1f} s ({count / max(secs, 1e-3):,.0f} rows/s)")
    return count


def reserve_ids(table, count):
    """Reserves `count` ids of table's identity so that rows referencing them (needs -> visit) can be written
    in the same pass."""
    seq = query(f"SELECT pg_get_serial_sequence('{table}', 'id')")[0][0]
    first = int(query(f"SELECT nextval('{seq}')")[0][0])
    query(f"SELECT setval('{seq}', {first + count})")
    return first


# ---------------------------------------------------------------------------------------------------- helpers
def ts(value):
    return value.isoformat(timespec="seconds")


def month_start(month):
    return dt.datetime(month.year, month.month, 1, tzinfo=ZONE)


def next_month(month):
    return dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def months_range(spec):
    first, last = (dt.date(int(p[:4]), int(p[5:7]), 1) for p in spec.split(".."))
    months = []
    while first <= last:
        months.append(first)
        first = next_month(first)
    return months


def days_in(month):
    return (next_month(month) - month).days


def random_time(rng, month, in_visit_week):
    last = days_in(month)
    day = rng.randint(*VISIT_WEEK_DAYS) if in_visit_week else rng.randint(VISIT_WEEK_DAYS[1] + 1, last)
    return dt.datetime(month.year, month.month, day, rng.randint(8, 16), rng.randint(0, 59), rng.randint(0, 59),
                       tzinfo=ZONE)


class Tree:
    """The seeded org tree, read from the database."""

    def __init__(self):
        rows = query("SELECT id, code, name, level, coalesce(parent_id, 0), coalesce(lat, 0), coalesce(lng, 0) "
                     "FROM org_unit")
        self.orgs = {int(r[0]): {"id": int(r[0]), "code": r[1], "name": r[2], "level": r[3], "parent": int(r[4]),
                                 "lat": float(r[5]) or None, "lng": float(r[6]) or None} for r in rows}
        by_level = lambda level: sorted(o["id"] for o in self.orgs.values() if o["level"] == level)
        self.city = by_level("CITY")[0]
        self.counties = by_level("COUNTY")
        self.towns = by_level("TOWN")
        self.villages = by_level("VILLAGE")
        self.town_of = {t: t for t in self.towns}
        for v in self.villages:
            self.town_of[v] = self.orgs[v]["parent"]
        self.county_of = {o: self.orgs[self.town_of[o]]["parent"] for o in self.town_of}
        self.targets = {c: [o for o in self.town_of if self.county_of[o] == c] for c in self.counties}
        self.visited_counties = [c for c in self.counties if self.targets[c]]
        if not self.towns:
            sys.exit("org_unit has no towns: start the service once so it seeds the org tree")

    def location(self, rng, org_id):
        org = self.orgs[org_id]
        lat, lng = (org["lat"], org["lng"]) if org["lat"] else LUOHE
        return round(lat + rng.uniform(-0.002, 0.002), 6), round(lng + rng.uniform(-0.002, 0.002), 6)


def user_ids(prefix):
    return {r[1]: int(r[0]) for r in query(f"SELECT id, openid FROM app_user WHERE openid LIKE '{prefix}%'")}


def create_users(specs, at):
    """specs: [(openid, display_name)] -> {openid: id}"""
    copy("app_user", ((openid, name, ts(at), ts(at)) for openid, name in specs))
    return user_ids("bench-")


# ---------------------------------------------------------------------------------------------------- row builders
def visit_rows(rng, tree, months, per_month, first_id, needs_out, week_share=0.85):
    """per_month: callable(month) -> iterable of (user_id, county_id), one per visit."""
    vid = first_id
    for month in months:
        for user_id, county in per_month(month):
            org = rng.choice(tree.targets[county])
            town = tree.town_of[org]
            week = rng.random() < week_share
            at = random_time(rng, month, week)
            day_end = dt.datetime(at.year, at.month, at.day, tzinfo=ZONE) + dt.timedelta(days=1)
            lat, lng = tree.location(rng, org)
            completed = rng.random() < 0.88
            out_at = at + dt.timedelta(minutes=rng.randint(20, 150)) if completed else None
            closed = None if completed else day_end
            row = (vid, user_id, org, town, "COMPLETED" if completed else "AUTO_CLOSED", ts(at), ts(at), ts(at),
                   month.isoformat(), ts(day_end), "t" if week else "f", "{}" if week else "{OUTSIDE_VISIT_WEEK}",
                   lat, lng, 15.0, "WGS84", f"走访{tree.orgs[org]['name']}",
                   lat if completed else None, lng if completed else None, 18.0 if completed else None,
                   "WGS84" if completed else None, ts(out_at) if completed else None,
                   ts(out_at) if completed else None, rng.randint(3, 30) if completed else None,
                   "座谈了解青年需求" if completed else None, ts(closed) if closed else None,
                   ts(at), ts(out_at or closed))
            if completed and needs_out is not None:
                for position in range(rng.choices((0, 1, 2), (0.6, 0.3, 0.1))[0]):
                    resolved = rng.random() < 0.6
                    res_at = out_at + dt.timedelta(days=rng.randint(1, 20)) if resolved else None
                    needs_out.append((vid, position, org, town, month.isoformat(), user_id, rng.choice(NEEDS),
                                      "RESOLVED" if resolved else "OPEN", ts(out_at),
                                      ts(res_at) if resolved else None, user_id if resolved else None,
                                      "已协调解决" if resolved else None))
            vid += 1
            yield row


def activity_rows(rng, homes, months, per_home_month):
    """homes: [(home_id, town_id, manager_id)]"""
    for month in months:
        for home, town, manager in homes:
            for _ in range(per_home_month(rng)):
                start = random_time(rng, month, rng.random() < 0.3).replace(hour=rng.randint(8, 19))
                end = start + dt.timedelta(hours=rng.randint(1, 3))
                yield (home, town, month.isoformat(), f"青年之家活动{rng.randint(1, 999)}", rng.choice(CATEGORIES),
                       ts(start), ts(end), rng.randint(8, 80), None, manager, ts(end))


def themed_rows(rng, tree, villages, themes, months, per_village_month):
    """villages: [(village_id, secretary_id)]; themes: {(county_id, month): theme_id}"""
    for month in months:
        for village, secretary in villages:
            town = tree.town_of[village]
            theme = themes[(tree.county_of[village], month)]
            for _ in range(per_village_month(rng)):
                held = random_time(rng, month, rng.random() < 0.4)
                yield (theme, village, town, month.isoformat(), f"主题团日{rng.randint(1, 999)}", ts(held),
                       rng.randint(5, 60), None, secretary, ts(held))


# ---------------------------------------------------------------------------------------------------- luohe
def luohe(args):
    rng = random.Random(args.seed)
    tree = Tree()
    tables = existing_tables()
    created = dt.datetime(2024, 11, 1, tzinfo=ZONE)
    months = months_range(args.months)
    theme_months = months_range(args.theme_months)
    if user_ids(OPENID["cadre"]):
        sys.exit("bench users already exist: this generator expects the fresh database run.sh creates")

    # users: cadres and secretaries over the 8 county-level units (weighted by towns; the functional zones
    # start with none but have an organ), leaders, an admin, one manager per home, first secretaries
    weights = [len([t for t in tree.towns if tree.orgs[t]["parent"] == c]) + 4 for c in tree.counties]
    cadre_county = {f"{OPENID['cadre']}{i:04d}": rng.choices(tree.counties, weights)[0] for i in range(args.cadres)}
    secretaries = {f"{OPENID['secretary']}{i:02d}": c for i, c in enumerate(tree.counties)}
    leaders = [f"{OPENID['leader']}{i:02d}" for i in range(args.leaders)]
    managers = {f"{OPENID['manager']}{i:03d}": t for i, t in enumerate(tree.towns)}
    fs_villages = sorted(rng.sample(tree.villages, int(len(tree.villages) * args.first_secretary_share)))
    first_secretaries = {f"{OPENID['first_secretary']}{i:05d}": v for i, v in enumerate(fs_villages)}
    peak_county = {f"{OPENID['peak']}{i:04d}": rng.choice(tree.visited_counties) for i in range(args.peak_cadres)}
    specs = ([(o, f"干部{o[-4:]}") for o in cadre_county] + [(o, f"书记{o[-2:]}") for o in secretaries]
             + [(o, f"领导{o[-2:]}") for o in leaders] + [(OPENID["admin"], "管理员")]
             + [(o, f"阵地负责人{o[-3:]}") for o in managers] + [(o, f"第一团支书{o[-5:]}") for o in first_secretaries]
             + [(o, f"走访干部{o[-4:]}") for o in peak_county])
    ids = create_users(specs, created)

    homes = []
    if "youth_home" in tables:
        copy("youth_home", ((f"{tree.orgs[t]['name']}青年之家", t, f"{tree.orgs[t]['name']}综合文化站", "ACTIVE",
                             ts(created), ts(created)) for t in tree.towns))
        home_of = {int(r[1]): int(r[0]) for r in query("SELECT id, town_id FROM youth_home")}
        homes = [(home_of[t], t, ids[o]) for o, t in managers.items()]

    bindings = ([(ids[o], "CADRE", c, None, ts(created)) for o, c in cadre_county.items()]
                + [(ids[o], "COUNTY_SECRETARY", c, None, ts(created)) for o, c in secretaries.items()]
                + [(ids[o], "CITY_LEADER", tree.city, None, ts(created)) for o in leaders]
                + [(ids[OPENID["admin"]], "CITY_ADMIN", tree.city, None, ts(created))]
                + [(ids[o], "YOUTH_HOME_MANAGER", t, home_of[t], ts(created)) for o, t in managers.items() if homes]
                + [(ids[o], "FIRST_SECRETARY", v, None, ts(created)) for o, v in first_secretaries.items()]
                + [(ids[o], "CADRE", c, None, ts(created)) for o, c in peak_county.items()])
    copy("role_binding", bindings)

    themes = {}
    if "theme" in tables:
        secretary_of = {c: ids[o] for o, c in secretaries.items()}
        copy("theme", ((c, m.isoformat(), f"{m.year}年{m.month}月主题团日", secretary_of[c], ts(month_start(m)))
                       for c in tree.counties for m in theme_months))
        themes = {(int(r[0]), dt.date.fromisoformat(r[1])): int(r[2])
                  for r in query("SELECT county_id, month, id FROM theme")}

    counts = {}
    visiting = [(ids[o], c) for o, c in cadre_county.items() if tree.targets[c]]
    if "visit" in tables:
        def per_month(month):
            for user, county in visiting:
                for _ in range(rng.choices((0, 1, 2), (0.05, 0.8, 0.15))[0]):
                    yield user, county
        expected = int(len(visiting) * len(months) * 1.2 * 1.1)
        first = reserve_ids("visit", expected)
        needs = []
        counts["visit"] = copy("visit", visit_rows(rng, tree, months, per_month, first, needs))
        if counts["visit"] > expected:
            sys.exit("reserved too few visit ids")
        if "need" in tables:
            counts["need"] = copy("need", needs)
    else:
        log("visit: SKIPPED (table missing)")
    if homes and "youth_home_activity" in tables:
        counts["youth_home_activity"] = copy("youth_home_activity",
                                             activity_rows(rng, homes, months, lambda r: r.randint(1, 4)))
    else:
        log("youth_home_activity: SKIPPED (table missing)")
    if themes and "themed_event" in tables:
        villages = [(v, ids[o]) for o, v in first_secretaries.items()]
        counts["themed_event"] = copy("themed_event", themed_rows(
            rng, tree, villages, themes, months, lambda r: 1 if r.random() < 0.75 else 0))
    else:
        log("themed_event: SKIPPED (table missing)")

    # what the feeders step needs to log the virtual users in and point them at valid targets
    users = ([(o, "CADRE", c, "") for o, c in cadre_county.items()]
             + [(o, "COUNTY_SECRETARY", c, "") for o, c in secretaries.items()]
             + [(o, "CITY_LEADER", tree.city, "") for o in leaders]
             + [(o, "YOUTH_HOME_MANAGER", t, home_of[t] if homes else "") for o, t in managers.items()]
             + [(o, "FIRST_SECRETARY", v, "") for o, v in first_secretaries.items()]
             + [(o, "PEAK_CADRE", c, "") for o, c in peak_county.items()])
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "users.csv"), "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(users)
    with open(os.path.join(args.out, "luohe-counts.json"), "w") as f:
        json.dump({"users": len(specs), "bindings": len(bindings), "homes": len(homes), **counts}, f)
    log(f"luohe: {len(specs)} users, {len(bindings)} role bindings, {len(homes)} homes, {counts}")


# ---------------------------------------------------------------------------------------------------- province
# Province scale is generated inside PostgreSQL (INSERT ... SELECT over generate_series): a CSV stream from
# Python ran at 12-15 k rows/s on this 2-core box, too slow for 2.6 M rows inside the run's 10 minutes. The
# expressions below are per column of SCHEMA (checked to match it); `s` is the per-row draw, `t` its times.
PROVINCE_SQL = {
    "visit": {
        "select": {
            "user_id": "s.user_id", "org_id": "s.org_id", "town_id": "s.town_id",
            "status": "CASE WHEN s.completed THEN 'COMPLETED' ELSE 'AUTO_CLOSED' END",
            "occurred_at": "t.at", "received_at": "t.at", "effective_at": "t.at", "month": "s.month",
            "day_end": "t.day_end", "in_visit_week": "s.week",
            "flags": "CASE WHEN s.week THEN '{}'::text[] ELSE '{OUTSIDE_VISIT_WEEK}'::text[] END",
            "check_in_lat": "33.58 + s.rlat", "check_in_lng": "114.02 + s.rlng", "check_in_accuracy": "15.0",
            "check_in_coord_system": "'WGS84'", "note": "'走访' || s.org_id",
            "check_out_lat": "CASE WHEN s.completed THEN 33.58 + s.rlat END",
            "check_out_lng": "CASE WHEN s.completed THEN 114.02 + s.rlng END",
            "check_out_accuracy": "CASE WHEN s.completed THEN 18.0 END",
            "check_out_coord_system": "CASE WHEN s.completed THEN 'WGS84' END",
            "check_out_occurred_at": "t.out_at", "checked_out_at": "t.out_at",
            "people_met": "CASE WHEN s.completed THEN 3 + (s.rdur * 27)::int END",
            "summary": "CASE WHEN s.completed THEN '座谈了解青年需求' END",
            "auto_closed_at": "CASE WHEN NOT s.completed THEN t.day_end END",
            "created_at": "t.at", "updated_at": "coalesce(t.out_at, t.day_end)",
        },
        "from": """(
            SELECT u.user_id, o.org_id, o.town_id, m.month, r.week, r.completed, r.rday, r.rtime, r.rdur,
                   r.rlat, r.rlng
            FROM generate_series(0, {visits} - 1) g
            CROSS JOIN LATERAL (
                SELECT g % {counties} AS ci, (g / {counties}) % {months} AS mi, random() AS ro, random() AS ru,
                       random() < 0.85 AS week, random() < 0.88 AS completed, random() AS rday, random() AS rtime,
                       random() AS rdur, (random() - 0.5) * 0.004 AS rlat, (random() - 0.5) * 0.004 AS rlng) r
            JOIN bench_county c ON c.idx = r.ci
            JOIN bench_county_org o ON o.county_idx = r.ci AND o.k = floor(r.ro * c.n_orgs)::int
            JOIN bench_county_cadre u ON u.county_idx = r.ci AND u.k = floor(r.ru * c.n_cadres)::int
            JOIN bench_month m ON m.idx = r.mi
        ) s
        CROSS JOIN LATERAL (
            SELECT d.at, date_trunc('day', d.at, 'Asia/Shanghai') + interval '1 day' AS day_end,
                   CASE WHEN s.completed THEN d.at + (20 + s.rdur * 130) * interval '1 minute' END AS out_at
            FROM (SELECT make_timestamptz(extract(year FROM s.month)::int, extract(month FROM s.month)::int,
                         CASE WHEN s.week THEN 1 + floor(s.rday * 7)::int
                              ELSE 8 + floor(s.rday * (extract(day FROM s.month + interval '1 month - 1 day') - 7))::int
                         END,
                         8 + floor(s.rtime * 9)::int, floor(s.rtime * 540)::int % 60, 0, 'Asia/Shanghai') AS at) d
        ) t""",
    },
    "need": {
        "select": {
            "visit_id": "v.id", "position": "p.position", "org_id": "v.org_id", "town_id": "v.town_id",
            "month": "v.month", "heard_by": "v.user_id", "text": "'希望开展电商技能培训'",
            "status": "CASE WHEN v.answered THEN 'RESOLVED' ELSE 'OPEN' END", "created_at": "v.checked_out_at",
            "resolved_at": "CASE WHEN v.answered THEN v.checked_out_at + interval '3 days' END",
            "resolved_by": "CASE WHEN v.answered THEN v.user_id END",
            "response": "CASE WHEN v.answered THEN '已协调解决' END",
        },
        "from": """(SELECT v.*, random() AS r, random() < 0.6 AS answered FROM visit v
                    WHERE v.id > {first_visit} AND v.status = 'COMPLETED') v
            CROSS JOIN LATERAL generate_series(0, CASE WHEN v.r < 0.6 THEN -1 WHEN v.r < 0.9 THEN 0 ELSE 1 END)
                AS p(position)""",
    },
    "youth_home_activity": {
        "select": {
            "youth_home_id": "s.home_id", "town_id": "s.town_id", "month": "s.month",
            "title": "'青年之家活动' || s.g", "category": "s.category", "start_at": "s.start_at",
            "end_at": "s.start_at + interval '2 hours'", "participants": "8 + (s.r * 72)::int",
            "description": "NULL", "created_by": "s.manager_id", "created_at": "s.start_at + interval '2 hours'",
        },
        "from": """(
            SELECT g, h.home_id, h.town_id, h.manager_id, m.month, random() AS r,
                   (ARRAY['THEORY_STUDY','VOLUNTEER_SERVICE','SKILLS_TRAINING','CULTURE_SPORTS',
                          'EMPLOYMENT_ENTREPRENEURSHIP','CARE_AID','OTHER'])[1 + g % 7] AS category,
                   m.month::timestamp AT TIME ZONE 'Asia/Shanghai'
                       + floor(random() * 27) * interval '1 day' + (8 + g % 11) * interval '1 hour' AS start_at
            FROM generate_series(0, {activities} - 1) g
            JOIN bench_home h ON h.idx = g % {homes}
            JOIN bench_month m ON m.idx = (g / {homes}) % {months}
        ) s""",
    },
    "themed_event": {
        "select": {
            "theme_id": "th.id", "village_id": "s.village_id", "town_id": "s.town_id", "month": "s.month",
            "title": "'主题团日' || s.g", "held_at": "s.held_at", "participants": "5 + (s.r * 55)::int",
            "summary": "NULL", "created_by": "s.secretary_id", "created_at": "s.held_at",
        },
        "from": """(
            SELECT g, f.village_id, f.town_id, f.county_id, f.secretary_id, m.month, random() AS r,
                   m.month::timestamp AT TIME ZONE 'Asia/Shanghai'
                       + floor(random() * 27) * interval '1 day' + (9 + g % 9) * interval '1 hour' AS held_at
            FROM generate_series(0, {themed_events} - 1) g
            JOIN bench_village f ON f.idx = g % {villages}
            JOIN bench_month m ON m.idx = (g / {villages}) % {months}
        ) s
        JOIN theme th ON th.county_id = s.county_id AND th.month = s.month""",
    },
}

PROVINCE_SETUP = """
CREATE TABLE bench_month AS
  SELECT (row_number() OVER (ORDER BY m) - 1)::int AS idx, m::date AS month
  FROM generate_series(date '{first}', date '{last}', interval '1 month') m;
-- per visited county: its towns and villages (k-th with its town) and the province cadres bound to it (k-th);
-- row-per-item tables joined on (county, k), so no array travels with a generated row
CREATE TABLE bench_county_org AS
  SELECT c.id AS county_id, (row_number() OVER (PARTITION BY c.id ORDER BY o.id) - 1)::int AS k, o.id AS org_id,
         CASE WHEN o.level = 'TOWN' THEN o.id ELSE o.parent_id END AS town_id
  FROM org_unit c JOIN org_unit o ON o.path LIKE c.path || '%' AND o.level IN ('TOWN', 'VILLAGE')
  WHERE c.level = 'COUNTY';
CREATE TABLE bench_county_cadre AS
  SELECT b.org_id AS county_id, (row_number() OVER (PARTITION BY b.org_id ORDER BY b.user_id) - 1)::int AS k,
         b.user_id
  FROM role_binding b JOIN app_user u ON u.id = b.user_id
  WHERE b.role = 'CADRE' AND b.revoked_at IS NULL AND u.openid LIKE '{prefix}%';
CREATE TABLE bench_county AS
  SELECT (row_number() OVER (ORDER BY o.county_id) - 1)::int AS idx, o.county_id, count(*)::int AS n_orgs,
         (SELECT count(*) FROM bench_county_cadre u WHERE u.county_id = o.county_id)::int AS n_cadres
  FROM bench_county_org o GROUP BY o.county_id
  HAVING (SELECT count(*) FROM bench_county_cadre u WHERE u.county_id = o.county_id) > 0;
ALTER TABLE bench_county_org ADD COLUMN county_idx int;
UPDATE bench_county_org o SET county_idx = c.idx FROM bench_county c WHERE c.county_id = o.county_id;
ALTER TABLE bench_county_cadre ADD COLUMN county_idx int;
UPDATE bench_county_cadre u SET county_idx = c.idx FROM bench_county c WHERE c.county_id = u.county_id;
ANALYZE bench_county_org;
ANALYZE bench_county_cadre;
CREATE TABLE bench_home AS
  SELECT (row_number() OVER (ORDER BY h.id) - 1)::int AS idx, h.id AS home_id, h.town_id, min(b.user_id) AS manager_id
  FROM youth_home h JOIN role_binding b ON b.youth_home_id = h.id AND b.role = 'YOUTH_HOME_MANAGER'
  WHERE h.status = 'ACTIVE' GROUP BY h.id;
CREATE TABLE bench_village AS
  SELECT (row_number() OVER (ORDER BY v.id) - 1)::int AS idx, v.id AS village_id, t.id AS town_id,
         t.parent_id AS county_id, min(b.user_id) AS secretary_id
  FROM org_unit v JOIN org_unit t ON t.id = v.parent_id
  JOIN role_binding b ON b.org_id = v.id AND b.role = 'FIRST_SECRETARY' AND b.revoked_at IS NULL
  GROUP BY v.id, t.id;
"""


def province_insert(table, **params):
    spec = PROVINCE_SQL[table]
    if list(spec["select"]) != [c for c in SCHEMA[table] if c != "id"]:
        sys.exit(f"PROVINCE_SQL[{table!r}] does not list SCHEMA[{table!r}]'s columns in order")
    check_columns(table)
    cols = ", ".join(spec["select"])
    exprs = ",\n       ".join(spec["select"].values())
    return f"INSERT INTO {table} ({cols})\nSELECT {exprs}\nFROM {spec['from'].format(**params)}"


SCRATCH = ("bench_month", "bench_county", "bench_county_org", "bench_county_cadre", "bench_home", "bench_village")


def drop_scratch():
    execute("SET client_min_messages = warning; DROP TABLE IF EXISTS " + ", ".join(SCRATCH))


def scalar(sql):
    return int(query(sql)[0][0])


def run_timed(table, sql):
    """One statement, with the table's secondary indexes dropped before and rebuilt after (a bulk build is
    several times faster than 1 M random index inserts through 128 MB of shared buffers). FK triggers are
    skipped (every id comes from the tables above) and JIT is off (its compile time exceeded the work here).
    Indexes that back constraints (primary key, unique) stay."""
    indexes = query(f"SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' "
                    f"AND i.tablename = '{table}' AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                    f"WHERE c.conindid = format('%I', i.indexname)::regclass)")
    started = time.monotonic()
    commands = ["-c", "SET session_replication_role = replica", "-c", "SET jit = off",
                "-c", "SET maintenance_work_mem = '256MB'"]
    commands += [a for name, _ in indexes for a in ("-c", f"DROP INDEX {name}")]
    commands += ["-c", sql]
    commands += [a for _, definition in indexes for a in ("-c", definition)]
    subprocess.run(psql_args(*commands), check=True, stdout=subprocess.DEVNULL)
    secs = time.monotonic() - started
    count = scalar(f"SELECT count(*) FROM {table}")
    log(f"{table}: now {count} rows; insert and {len(indexes)} index rebuilds took {secs:.1f} s")
    return secs


def province(args):
    rng = random.Random(args.seed + 1)
    tree = Tree()
    tables = existing_tables()
    months = months_range(args.months)
    created = dt.datetime(2024, 11, 1, tzinfo=ZONE)
    counts = {}
    before = {t: int(query(f"SELECT count(*) FROM {t}")[0][0]) for t in
              ("visit", "need", "youth_home_activity", "themed_event") if t in tables}
    started = time.monotonic()

    county_of = {f"{OPENID['province']}{i:05d}": tree.visited_counties[i % len(tree.visited_counties)]
                 for i in range(args.cadres)}
    ids = create_users([(o, f"省级样本干部{o[-5:]}") for o in county_of], created)
    copy("role_binding", ((ids[o], "CADRE", c, None, ts(created)) for o, c in county_of.items()))
    drop_scratch()
    subprocess.run(psql_args("-c", PROVINCE_SETUP.format(first=months[0].isoformat(), last=months[-1].isoformat(),
                                                          prefix=OPENID["province"])), check=True)
    if "visit" in tables:
        first_visit = int(query("SELECT coalesce(max(id), 0) FROM visit")[0][0])
        run_timed("visit", province_insert("visit", visits=args.visits, months=len(months),
                                           counties=scalar("SELECT count(*) FROM bench_county")))
        if "need" in tables:
            run_timed("need", province_insert("need", first_visit=first_visit))
    else:
        log("visit: SKIPPED (table missing)")
    if "youth_home_activity" in tables:
        run_timed("youth_home_activity", province_insert("youth_home_activity", activities=args.activities,
                                                         months=len(months),
                                                         homes=scalar("SELECT count(*) FROM bench_home")))
    else:
        log("youth_home_activity: SKIPPED (table missing)")
    if "themed_event" in tables and "theme" in tables:
        run_timed("themed_event", province_insert("themed_event", themed_events=args.themed_events,
                                                  months=len(months),
                                                  villages=scalar("SELECT count(*) FROM bench_village")))
    else:
        log("themed_event: SKIPPED (table missing)")
    drop_scratch()

    load_secs = time.monotonic() - started
    vacuum_started = time.monotonic()
    for table in before:
        execute(f"VACUUM (ANALYZE) {table}")
    vacuum_secs = time.monotonic() - vacuum_started
    for table in before:
        counts[table] = int(query(f"SELECT count(*) FROM {table}")[0][0]) - before[table]
    counts.update({"load_seconds": round(load_secs, 1), "vacuum_seconds": round(vacuum_secs, 1),
                   "rows": sum(counts.get(t, 0) for t in before), "method": "INSERT ... SELECT generate_series"})
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "province-counts.json"), "w") as f:
        json.dump(counts, f)
    log(f"province: {counts}")


# ---------------------------------------------------------------------------------------------------- dirty
def dirty(args):
    """Every loaded town-month, for the service's aggregator to recompute (the same queue its writes use)."""
    months = months_range(args.months)
    values = ",".join(f"('{m.isoformat()}'::date)" for m in months)
    print(f"INSERT INTO count_dirty (town_id, month) SELECT t.id, m.month FROM org_unit t "
          f"CROSS JOIN (VALUES {values}) AS m(month) WHERE t.level = 'TOWN';")


# ---------------------------------------------------------------------------------------------------- feeders
class Api:
    def __init__(self, base):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port or 80
        self.conn = None

    def request(self, method, path, body=None, token=None):
        for attempt in range(3):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                headers = {"Content-Type": "application/json"}
                if token:
                    headers["Authorization"] = f"Bearer {token}"
                self.conn.request(method, path, json.dumps(body) if body is not None else None, headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, json.loads(data) if data else None
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn = None
                if attempt == 2:
                    raise


def feeders(args):
    rng = random.Random(args.seed + 2)
    tree = Tree()
    with open(os.path.join(args.out, "users.csv"), newline="") as f:
        users = [(o, role, int(org), home) for o, role, org, home in csv.reader(f)]
    wanted = {"PEAK_CADRE": args.peak, "CITY_LEADER": 1000, "YOUTH_HOME_MANAGER": args.managers,
              "FIRST_SECRETARY": args.first_secretaries, "COUNTY_SECRETARY": 1000}
    chosen = []
    for role, limit in wanted.items():
        chosen += [u for u in users if u[1] == role][:limit]

    local = threading.local()

    def login(user):
        if not hasattr(local, "api"):
            local.api = Api(args.base)
        status, body = local.api.request("POST", "/api/v1/auth/dev-login", {"openid": user[0]})
        if status != 200:
            raise RuntimeError(f"dev-login {user[0]}: {status} {body}")
        return user, body["accessToken"]

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(args.threads) as pool:
        tokens = list(pool.map(login, chosen))
    log(f"dev-login of {len(tokens)} users in {time.monotonic() - started:.1f} s")

    themes = {(int(r[0]), r[1][:7]): int(r[2]) for r in query("SELECT county_id, month, id FROM theme")} \
        if "theme" in existing_tables() else {}
    current = args.month

    def write(name, header, rows):
        with open(os.path.join(args.out, name), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            w.writerows(rows)

    visitors = []
    for (openid, role, county, _), token in tokens:
        if role == "PEAK_CADRE":
            org = rng.choice(tree.targets[county])
            lat, lng = tree.location(rng, org)
            visitors.append((token, org, lat, lng))
    write("visitors.csv", ["token", "orgId", "lat", "lng"], visitors)
    write("leaders.csv", ["token"], [(t,) for (o, role, _, _), t in tokens if role == "CITY_LEADER"])
    write("counties.csv", ["countyId"], [(c,) for c in tree.visited_counties])
    write("managers.csv", ["token", "youthHomeId"],
          [(t, home) for (o, role, _, home), t in tokens if role == "YOUTH_HOME_MANAGER" and home])
    write("secretaries.csv", ["token", "villageId", "themeId"],
          [(t, v, themes[(tree.county_of[v], current)]) for (o, role, v, _), t in tokens
           if role == "FIRST_SECRETARY" and (tree.county_of[v], current) in themes])


# ---------------------------------------------------------------------------------------------------- main
def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("luohe")
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=20261203)
    p.add_argument("--months", default="2025-12..2026-11", help="a year of records, ending before the clock's month")
    p.add_argument("--theme-months", default="2024-12..2026-12", help="themes for every month either scale uses")
    p.add_argument("--cadres", type=int, default=1000)
    p.add_argument("--peak-cadres", type=int, default=2000, help="extra CADREs with no history, for the peak")
    p.add_argument("--leaders", type=int, default=5)
    p.add_argument("--first-secretary-share", type=float, default=0.6)
    p.set_defaults(fn=luohe)
    p = sub.add_parser("province")
    p.add_argument("--out", required=True)
    p.add_argument("--seed", type=int, default=20261203)
    p.add_argument("--months", default="2024-12..2026-11")
    p.add_argument("--cadres", type=int, default=20000)
    p.add_argument("--visits", type=int, default=1_000_000)
    p.add_argument("--activities", type=int, default=1_000_000)
    p.add_argument("--themed-events", type=int, default=200_000)
    p.set_defaults(fn=province)
    p = sub.add_parser("dirty")
    p.add_argument("--months", required=True)
    p.set_defaults(fn=dirty)
    p = sub.add_parser("feeders")
    p.add_argument("--out", required=True)
    p.add_argument("--base", required=True)
    p.add_argument("--seed", type=int, default=20261203)
    p.add_argument("--month", default="2026-12", help="the clock's month: themed events need its theme")
    p.add_argument("--peak", type=int, default=2000)
    p.add_argument("--managers", type=int, default=58)
    p.add_argument("--first-secretaries", type=int, default=200)
    p.add_argument("--threads", type=int, default=4)
    p.set_defaults(fn=feeders)
    args = parser.parse_args()
    args.fn(args)


if __name__ == "__main__":
    main()
