#!/bin/bash
# usage: infra/bench/probe-gc.sh <jar>
# The garbage a check-in makes: runs probe-checkins.sh (WARM=30, 8 connections, 15 s) with -Xlog:gc and prints
# the bytes allocated in the measured window (heap used at its end - at its start + what the young collections
# inside it freed, the edges read with jcmd) per check-in, with the pauses. Steadier than CPU time on a shared
# box; alternate jars to compare (docs/performance.md).
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
LOG=/tmp/probe-gc.log; WINDOW=/tmp/probe-gc.window
rm -f "$LOG" "$WINDOW"
WINDOW_FILE=$WINDOW JAVA_TOOL_OPTIONS="-Xlog:gc:file=$LOG:uptime" WARM=30 "$HERE/probe-checkins.sh" "$1" 8 15 \
  > /tmp/probe-gc.out 2>&1
N=$(grep -o "writes [0-9]*" /tmp/probe-gc.out | awk '{print $2}')
python3 - "${N:-0}" "$LOG" "$WINDOW" <<'PY'
import re, sys
n, log, window = int(sys.argv[1]), sys.argv[2], open(sys.argv[3]).read().split()
# window: "<uptime> s used <K>K" twice
t0, used0, t1, used1 = float(window[0]), int(window[3].rstrip('K')), float(window[4]), int(window[7].rstrip('K'))
freed, pauses = 0, []
for line in open(log):
    m = re.match(r'\[([\d.]+)s\].*Pause Young.* (\d+)M->(\d+)M\(\d+M\) ([\d.]+)ms', line)
    if m and t0 < float(m.group(1)) < t1:
        freed += (int(m.group(2)) - int(m.group(3))) * 1024
        pauses.append(round(float(m.group(4))))
allocated = used1 - used0 + freed
print(f"check-ins {n}; allocated {allocated / 1024:.0f} MB in the window = {allocated / max(n, 1):.0f} KB per check-in; "
      f"young pauses (ms) {pauses}")
PY
grep -E "Requests/sec|CPU per" /tmp/probe-gc.out
