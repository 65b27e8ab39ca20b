#!/bin/bash
# usage: infra/bench/probe-ab.sh <pairs> <jar A> <jar B>
# Compares two builds (or one build under two sets of JVM options) by the service's CPU per check-in, the figure
# docs/performance.md reports, in alternated runs of probe-checkins.sh: pair i runs A then B, pair i+1 B then A, so that
# the host's drift over the session falls on both sides alike. At the end it prints each side's runs, mean and standard
# deviation, and the paired difference B - A with its 95 % interval (Student's t over the pairs): a change is shown only
# when the interval excludes 0. Each run also measures GET /me after its window (probe-checkins.sh's YARDSTICK), and the
# same comparison is printed for the check-in's CPU in units of GET /me's, meant to divide out the host's speed at that
# moment and what the two paths share (token, security, the HTTP stack); it does so only in part, as contention slows
# the check-in more than GET /me (docs/performance.md, Host variance). Run it with the same jar on both sides (A/A) to
# see the smallest difference this host can show at all.
#   AB_A_OPTS / AB_B_OPTS   JAVA_TOOL_OPTIONS for side A / B (e.g. AB_B_OPTS=-XX:+UseCompactObjectHeaders)
#   WARM (default 90), AB_CONNECTIONS (8), AB_SECONDS (30)   passed to probe-checkins.sh
#   AB_LOG (default /tmp/probe-ab.log)   every run's line, as it comes
set -u
PAIRS=$1; A=$2; B=$3
HERE="$(cd "$(dirname "$0")" && pwd)"
LOG=${AB_LOG:-/tmp/probe-ab.log}
: > "$LOG"
run() {  # side, jar, JAVA_TOOL_OPTIONS
  local out opts=()
  [ -n "$3" ] && opts=("JAVA_TOOL_OPTIONS=$3")
  out=$(env -u JAVA_TOOL_OPTIONS "${opts[@]}" WARM="${WARM:-90}" YARDSTICK=1 \
    "$HERE/probe-checkins.sh" "$2" "${AB_CONNECTIONS:-8}" "${AB_SECONDS:-30}" 2>&1)
  # "CPU per write: service 1284e-3 ms (of it JIT compiling 77e-3 ms), postgres 1093e-3 ms"
  local service postgres rate me
  service=$(grep -o "CPU per write: service [0-9]*e-3" <<< "$out" | grep -o "[0-9]*e-3" | grep -o "^[0-9]*")
  postgres=$(grep -o "postgres [0-9]*e-3" <<< "$out" | grep -o "[0-9]*" | head -1)
  rate=$(grep -o "Requests/sec: *[0-9.]*" <<< "$out" | head -1 | grep -o "[0-9.]*$")
  me=$(grep -o "CPU per request: service [0-9]*e-3" <<< "$out" | grep -o "[0-9]*e-3" | grep -o "^[0-9]*")
  echo "$1 ${service:-NA} ${postgres:-NA} ${rate:-NA} ${me:-NA}" | tee -a "$LOG"
}
echo "side service_us postgres_us requests_per_s me_service_us"
for i in $(seq 1 "$PAIRS"); do
  if (( i % 2 )); then run A "$A" "${AB_A_OPTS:-}"; run B "$B" "${AB_B_OPTS:-}"
  else run B "$B" "${AB_B_OPTS:-}"; run A "$A" "${AB_A_OPTS:-}"; fi
done
python3 - "$LOG" <<'PY'
import statistics, sys
# two-sided 95 % quantiles of Student's t for 1..10 degrees of freedom; more pairs use the 10th (a slightly wider
# interval than exact, never a narrower one)
T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228]
runs = {"A": [], "B": []}
for line in open(sys.argv[1]):
    side, service, _postgres, _rate, me = line.split()
    runs[side].append((int(service) / 1000 if service != "NA" else None, int(me) / 1000 if me != "NA" else None))


def compare(name, unit, value):
    sides = {side: [value(r) for r in runs[side]] for side in "AB"}
    for side in "AB":
        xs = [x for x in sides[side] if x is not None]
        if not xs:
            print(f"{side}: no complete run (see {sys.argv[1]})")
            return
        sd = statistics.stdev(xs) if len(xs) > 1 else float("nan")
        print(f"{side}: {name} {' '.join(f'{x:.2f}' for x in xs)}  mean {statistics.mean(xs):.3f}  sd {sd:.3f}")
    diffs = [b - a for a, b in zip(sides["A"], sides["B"]) if a is not None and b is not None]
    if len(diffs) < 2:
        print("fewer than two complete pairs: no interval")
        return
    mean, sd = statistics.mean(diffs), statistics.stdev(diffs)
    half = T95[min(len(diffs) - 1, len(T95)) - 1] * sd / len(diffs) ** 0.5
    base = statistics.mean([a for a in sides["A"] if a is not None])
    print(f"B - A over {len(diffs)} pairs: {mean:+.3f} {unit} ({100 * mean / base:+.1f} %), 95 % interval "
          f"{mean - half:+.3f} .. {mean + half:+.3f} {unit} ({100 * (mean - half) / base:+.1f} .. "
          f"{100 * (mean + half) / base:+.1f} %)" + ("" if mean - half > 0 or mean + half < 0 else ": no difference shown"))


compare("service CPU per check-in (ms)", "ms", lambda r: r[0])
# the same in units of GET /me measured in the same run, meant to divide the host's speed at that moment out
compare("check-in's CPU in GET /me's", "", lambda r: r[0] / r[1] if r[0] and r[1] else None)
PY
