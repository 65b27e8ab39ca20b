#!/usr/bin/env python3
"""Turns one run's results.tsv (key<TAB>value lines written by run.sh, the simulations and FeedProbe) into the
table of figures, targets, baselines and ratios: printed, and written into docs/performance.md between the
`bench:begin` / `bench:end` markers (the rest of that file is kept as written).

    report.py RESULTS_TSV [--doc docs/performance.md] [--commands FILE]
    report.py pgbench-log PREFIX      # p50/p99 (ms) of pgbench per-transaction logs PREFIX.*
"""

import argparse
import glob
import os
import re
import sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

# Targets from issue 8; the reference figure for heap per idle subscriber is the minimal WebFlux SSE app of
# shared/reference/performance.md (2d), not measured in the same run.
REFERENCE_SSE_KB = 10.5


def load(path):
    results = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if "\t" in line:
                key, value = line.rstrip("\n").split("\t", 1)
                results[key] = value
    return results


def num(results, key):
    try:
        return float(results[key])
    except (KeyError, ValueError):
        return None


def fmt(value, digits=1):
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.{digits}f}" if abs(value) >= 1 else f"{value:.{max(digits, 2)}f}"


class Table:
    def __init__(self, results):
        self.r = results
        self.rows = []

    def skipped(self, *prefixes):
        for prefix in prefixes:
            for key, value in self.r.items():
                if key.startswith(prefix) and key.endswith(".skipped"):
                    return value
        return None

    def row(self, figure, value, unit="", target="", baseline=None, baseline_label="", ratio=None, status="",
            skip_prefixes=(), digits=1):
        reason = self.skipped(*skip_prefixes) if value is None else None
        if value is None:
            status = f"SKIPPED ({reason})" if reason else "not run"
        self.rows.append({
            "figure": figure,
            "value": f"{fmt(value, digits)} {unit}".strip() if value is not None else "–",
            "target": target,
            "baseline": f"{fmt(baseline)} {baseline_label}".strip() if baseline is not None else "–",
            "ratio": fmt(ratio, 2) if ratio is not None else "–",
            "status": status,
        })


def judge(ok, missed_by=""):
    if ok is None:
        return "n/a"
    return "met" if ok else f"MISSED{(' by ' + missed_by) if missed_by else ''}"


def build(r):
    t = Table(r)
    ins_tps, ins_p99 = num(r, "pgbench.insert.tps"), num(r, "pgbench.insert.p99_ms")
    read_tps, read_p99 = num(r, "pgbench.read.tps"), num(r, "pgbench.read.p99_ms")

    # start-up
    ready = num(r, "startup.ready_s")
    t.row("Start-up to ready (exec → /actuator/health/readiness UP)", ready, "s", "≤ 10 s",
          status=judge(ready <= 10 if ready is not None else None, f"{ready - 10:.1f} s" if ready else ""))
    t.row("  'Started GrassrootsApplication in'", num(r, "startup.log_s"), "s", "", status="info")
    if r.get("startup.aot_cache"):
        t.row(f"  start-up to ready of the training run (recording the {r['startup.aot_cache']} cache)",
              num(r, "startup.nocache_ready_s"), "s", "", status="info")
    plain = num(r, "startup.plain_ready_s")
    if plain is not None:
        t.row("Start-up to ready without the JDK AOT cache (the same extracted jar, fresh database)", plain, "s",
              "≤ 10 s", status=judge(plain <= 10, f"{plain - 10:.1f} s"))

    # baselines
    t.row(f"pgbench single-row visit INSERT, c=8 ({r.get('pgbench.insert.table', '?')})", ins_tps, "tps",
          "baseline", status=f"p50 {fmt(num(r, 'pgbench.insert.p50_ms'))} ms, p99 {fmt(ins_p99)} ms"
          if ins_tps else "", skip_prefixes=("pgbench.insert",))
    t.row(f"pgbench county-month read of {r.get('pgbench.read.table', '?')}, c=8", read_tps, "tps", "baseline",
          status=f"p50 {fmt(num(r, 'pgbench.read.p50_ms'))} ms, p99 {fmt(read_p99)} ms" if read_tps else "",
          skip_prefixes=("pgbench.read",))

    # visits
    peak = num(r, "visit.peak.checkin_rps")
    ratio = peak / ins_tps if peak is not None and ins_tps else None
    t.row(f"Check-in peak throughput (closed model: {r.get('visit.peak.levels', '?')} concurrent cadres, "
          f"best at {r.get('visit.peak.level', '?')})", peak, "check-ins/s", "≥ 0.40 × pgbench insert", ins_tps, "tps",
          ratio, judge(ratio >= 0.40 if ratio is not None else None,
                       f"{(0.40 - ratio) / 0.40:.0%}" if ratio is not None else ""),
          skip_prefixes=("visit.peak",))
    half = num(r, "visit.half.checkin.p99_ms")
    t.row(f"Check-in p99 at half the peak ({r.get('visit.half.target_rps', '?')} visits/s, open model)", half,
          "ms", "≤ 25 ms", ins_p99, "ms (pgbench p99)", half / ins_p99 if half is not None and ins_p99 else None,
          judge(half <= 25 if half is not None else None, f"{half - 25:.0f} ms" if half else ""),
          skip_prefixes=("visit.peak", "visit.half"))
    t.row("  check-out p99 at half the peak", num(r, "visit.half.checkout.p99_ms"), "ms", "", status="info",
          skip_prefixes=("visit.peak", "visit.half"))
    if r.get("visit.half.warm_up_s"):
        t.row(f"  check-in p99 of the first {r['visit.half.warm_up_s']} s of arrivals (warm-up, not in the figure above)",
              num(r, "visit.half.warm_up.checkin.p99_ms"), "ms", "", status="info",
              skip_prefixes=("visit.peak", "visit.half"))
    l8 = num(r, "visit.peak.L8.checkin.p99_ms")
    t.row("  check-in p99 at 8 concurrent cadres", l8, "ms", "(≤ 3 × pgbench p99)", ins_p99, "ms",
          l8 / ins_p99 if l8 is not None and ins_p99 else None, "info", skip_prefixes=("visit.peak",))
    errors = [num(r, k) for k in r if re.match(r"visit\.(peak\.L\d+|half)\.check(in|out)\.ko$", k)]
    errors = sum(e for e in errors if e is not None) if errors else None
    t.row("Visit errors (peak levels with no error define the peak; half-peak run)", errors, "", "0",
          status=judge(errors == 0 if errors is not None else None, f"{errors:.0f}" if errors else ""),
          skip_prefixes=("visit.peak",))

    # dashboards
    lt, pt = num(r, "dash.luohe.towns.p99_ms"), num(r, "dash.province.towns.p99_ms")
    t.row("Town dashboard p99, Luohe-scale data", lt, "ms", "≤ 10 ms", read_p99, "ms (pgbench p99)",
          lt / read_p99 if lt is not None and read_p99 else None,
          judge(lt <= 10 if lt is not None else None, f"{lt - 10:.0f} ms" if lt else ""),
          skip_prefixes=("dash.luohe.towns",))
    t.row("Town dashboard p99, province-scale data", pt, "ms", "≤ 10 ms", read_p99, "ms (pgbench p99)",
          pt / read_p99 if pt is not None and read_p99 else None,
          judge(pt <= 10 if pt is not None else None, f"{pt - 10:.0f} ms" if pt else ""),
          skip_prefixes=("dash.province.towns",))
    growth = pt / max(lt, 1) if pt is not None and lt is not None else None
    # two decimals: 1.53 must not read "1.5 ×, ≤ 1.5, MISSED"
    t.row("Town dashboard p99 province ÷ Luohe (1 ms floor)", growth, "×", "≤ 1.5", status=judge(
        growth <= 1.5 if growth is not None else None, f"{growth - 1.5:.2f} ×" if growth is not None else ""),
        skip_prefixes=("dash.province.towns", "dash.luohe.towns"), digits=2)
    for scale in ("luohe", "province"):
        floor = num(r, f"dash.{scale}.floor.p99_ms")
        if floor is not None:
            t.row(f"  host floor, {scale}-scale run: GET /actuator/health/liveness p99 at the town view's rate, same"
                  " client and connections (no token, no read)", floor, "ms", "", status="info",
                  skip_prefixes=(f"dash.{scale}.floor",))
    for kind in ("counties", "city"):
        for scale in ("luohe", "province"):
            value = num(r, f"dash.{scale}.{kind}.p99_ms")
            n = num(r, f"dash.{scale}.{kind}.count")
            t.row(f"{kind.capitalize()} dashboard p99, {scale}-scale data"
                  + (f" ({n:.0f} requests)" if n is not None else ""), value, "ms", "≤ 10 ms",
                  status=judge(value <= 10 if value is not None else None,
                               f"{value - 10:.0f} ms" if value is not None else ""),
                  skip_prefixes=(f"dash.{scale}.{kind}",))
    dash_ko = [num(r, k) for k in r if re.match(r"dash\.\w+\.\w+\.ko$", k)]
    if dash_ko:
        total = sum(dash_ko)
        t.row("Dashboard errors", total, "", "0", status=judge(total == 0, f"{total:.0f}"))

    # feed
    per = num(r, "feed.idle.heap_per_subscriber_kb")
    opened = num(r, "feed.idle.open")
    t.row(f"Heap per idle SSE subscriber ({fmt(opened)} open of {r.get('feed.idle.requested', '?')})", per, "KB",
          "≤ 16 KB", REFERENCE_SSE_KB, "KB (reference app, 2d)", per / REFERENCE_SSE_KB if per is not None else None,
          judge(per <= 16 and opened >= 10000 if per is not None and opened is not None else None,
                f"{per - 16:.1f} KB" if per and per > 16 else "subscribers short of 10 000"),
          skip_prefixes=("feed",))
    p99 = num(r, "feed.delivery.p99_ms")
    got, expected = num(r, "feed.delivery.received"), num(r, "feed.delivery.expected")
    t.row(f"Feed delivery p99 (write acked → event received), {r.get('feed.delivery.rate', '?')} events/s, "
          f"{r.get('feed.delivery.subscribers', '?')} subscribers", p99, "ms", "≤ 500 ms (issue 19)",
          status=judge(p99 <= 500 if p99 is not None else None, f"{(p99 or 0) - 500:.0f} ms"),
          skip_prefixes=("feed",))
    t.row("  deliveries received ÷ expected", got / expected if got is not None and expected else None, "", "1.0",
          status=judge(got >= expected if got is not None and expected else None), skip_prefixes=("feed",))
    warm = num(r, "feed.delivery_warmup.p99_ms")
    if warm is not None:
        t.row(f"  delivery p99 of the warm-up pass before it ({r.get('feed.delivery_warmup.rate', '?')} events/s, "
              "JIT compiling on the same two cores; not in the figure above)", warm, "ms", "", status="info",
              skip_prefixes=("feed",))
    low = num(r, "feed.delivery_low.p99_ms")
    low_got, low_expected = num(r, "feed.delivery_low.received"), num(r, "feed.delivery_low.expected")
    t.row(f"  delivery p99 at {r.get('feed.delivery_low.rate', '?')} events/s (write path far from its limit), "
          f"received ÷ expected {fmt(low_got / low_expected if low_got is not None and low_expected else None, 2)}",
          low, "ms", "(≤ 500 ms)", status="info", skip_prefixes=("feed",))

    # keep-alive (wrk)
    ins_tps_ka = num(r, "pgbench.insert.tps")
    for key, name in (("checkin", "check-in (many cadres)"), ("me", "GET /me"), ("towns", "town dashboard"),
                      ("counties", "counties dashboard"), ("city", "city dashboard")):
        rps = num(r, f"keepalive.{key}.rps")
        svc, pg = num(r, f"keepalive.{key}.service_cpu_ms"), num(r, f"keepalive.{key}.postgres_cpu_ms")
        target = "≥ 0.40 × pgbench insert; ≤ 0.5 / 0.5 ms CPU" if key == "checkin" else ""
        ratio = rps / ins_tps_ka if key == "checkin" and rps and ins_tps_ka else None
        jit = num(r, f"keepalive.{key}.jit_cpu_ms")
        # the JIT compiler's share of the service's CPU: what is left of warm-up in the window
        status = (f"service {fmt(svc, 2)} ms (of it JIT compiling {fmt(jit, 2)} ms) + PostgreSQL {fmt(pg, 2)} ms "
                  "CPU per request, "
                  f"p99 {fmt(num(r, f'keepalive.{key}.p99_ms'), 1)} ms, non-2xx {r.get(f'keepalive.{key}.non2xx') or 0}, "
                  f"load {r.get(f'keepalive.{key}.load', '?')}") if rps else ""
        t.row(f"Keep-alive (wrk, 8 connections): {name}", rps, "req/s", target,
              ins_tps_ka if key == "checkin" else None, "tps" if key == "checkin" else "", ratio, status,
              skip_prefixes=(f"keepalive.{key}", "keepalive.skipped"))
        statements = r.get(f"keepalive.{key}.statements")
        if statements:
            # where PostgreSQL's execution (+ planning) time went (pg_stat_statements, when the server loads it);
            # statements planned on at least every other execution are named
            replanned = r.get(f"keepalive.{key}.replanned")
            t.row(f"  PostgreSQL execution + planning time per request, {name} (top 12 statements, pg_stat_statements)",
                  num(r, f"keepalive.{key}.statements_ms"), "ms",
                  status=f"top 4: {statements}" + (f"; planned per execution: {replanned}" if replanned else ""),
                  skip_prefixes=(f"keepalive.{key}",), digits=2)

    # mixed day
    for label, name in (("checkin", "check-in"), ("checkout", "check-out"), ("towns", "town dashboard"),
                        ("activity", "activity"), ("themed_event", "themed event")):
        value = num(r, f"mixed.{label}.p99_ms")
        ko = num(r, f"mixed.{label}.ko")
        prefix = {"checkin": "mixed.visits", "checkout": "mixed.visits", "activity": "mixed.activities",
                  "themed_event": "mixed.themed_events"}.get(label, f"mixed.{label}")
        warm = f", after {r['mixed.warm_up_s']} s of warm-up" if r.get("mixed.warm_up_s") else ""
        t.row(f"Mixed day: {name} p99 ({fmt(num(r, f'mixed.{label}.rps'))}/s{warm})", value, "ms", "0 errors",
              status=judge(ko == 0 if ko is not None else None, f"{ko:.0f} errors" if ko else ""),
              skip_prefixes=(prefix, "mixed.all"))

    # data
    rows, secs = num(r, "load.province.rows"), num(r, "load.province.seconds")
    t.row(f"Province-scale load ({r.get('load.province.method', '?')}; + VACUUM ANALYZE)", rows, "rows",
          "minutes", status=f"{fmt(secs)} s, {fmt(rows / secs if rows and secs else None)} rows/s" if rows else "",
          skip_prefixes=("load.province",))
    for scale in ("luohe", "province"):
        value = num(r, f"aggregate.{scale}.seconds")
        t.row(f"  aggregator catch-up after the {scale} load ({r.get(f'aggregate.{scale}.town_months', '?')} "
              f"town-months dirty)", value, "s", "", status="info", skip_prefixes=(f"aggregate.{scale}",))
    return t.rows


def render_text(rows):
    cols = ["figure", "value", "target", "baseline", "ratio", "status"]
    widths = {c: max(len(c), *(len(row[c]) for row in rows)) for c in cols}
    line = "  ".join(c.ljust(widths[c]) for c in cols)
    out = [line, "-" * len(line)]
    out += ["  ".join(row[c].ljust(widths[c]) for c in cols) for row in rows]
    return "\n".join(out)


def render_markdown(rows, r, commands):
    md = [BEGIN, "", f"## Latest run: {r.get('machine.date', '?')}", ""]
    md += ["| figure | value | target | baseline | ratio | status |", "|---|---|---|---|---|---|"]
    md += [f"| {row['figure']} | {row['value']} | {row['target']} | {row['baseline']} | {row['ratio']} | "
           f"{row['status']} |" for row in rows]
    md += ["", "**Machine.** " + ", ".join(f"{label}: {r.get('machine.' + key, '?')}" for key, label in (
        ("cpu", "CPU"), ("nproc", "cores (nproc)"), ("memory", "memory"), ("postgres", "PostgreSQL"),
        ("autovacuum", "PostgreSQL autovacuum (off: VACUUM ANALYZE after each writing stage)"), ("redis", "Redis"), ("jdk", "JDK"), ("load", "load average at start"), ("load_end", "at the end"))) + "."]
    md += ["", f"**Service.** {r.get('run.service', '?')}."]
    md += ["", f"**Run.** {r.get('run.seconds', '?')} s in all; service JVM `{r.get('run.service_jvm_with_spring_aot', r.get('run.service_jvm', '?'))}`; "
               f"Gatling report: `{r.get('run.gatling_reports', 'infra/bench/gatling/target/gatling/')}` "
               f"(not committed); raw figures: `{r.get('run.results', '?')}`."]
    if commands:
        md += ["", "**Commands of this run** (in order):", "", "```sh", *commands, "```"]
    md += ["", END]
    return "\n".join(md)


def write_doc(path, block):
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Performance\n\n"
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + block + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def pgbench_percentiles(prefix):
    """pgbench -l lines: client_id transaction_no time(us) script_no time_epoch time_us"""
    latencies = []
    for path in glob.glob(prefix + ".[0-9]*"):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3:
                    latencies.append(int(parts[2]))
    if not latencies:
        sys.exit(f"no pgbench log lines under {prefix}.*")
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, max(0, int(-(-p * len(latencies) // 1)) - 1))] / 1000.0

    print(f"{pct(0.50):.3f} {pct(0.99):.3f} {len(latencies)}")


def wrk_p99(path):
    """wrk --latency's 99% line, in ms."""
    units = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    for line in open(path):
        m = re.match(r"\s*99%\s+([0-9.]+)(us|ms|s)\s*$", line)
        if m:
            return f"{float(m.group(1)) * units[m.group(2)]:.2f}"
    return ""


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "pgbench-log":
        pgbench_percentiles(sys.argv[2])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "wrk-p99":
        print(wrk_p99(sys.argv[2]))
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("results")
    parser.add_argument("--doc")
    parser.add_argument("--commands")
    args = parser.parse_args()
    r = load(args.results)
    rows = build(r)
    print(render_text(rows))
    if args.doc:
        commands = open(args.commands).read().splitlines() if args.commands and os.path.exists(args.commands) else []
        write_doc(args.doc, render_markdown(rows, r, commands))
        print(f"\nwritten to {args.doc}")


if __name__ == "__main__":
    main()
