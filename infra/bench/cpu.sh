# CPU time from /proc in clock ticks (100 a second), for run.sh and the probes: sourced, not run. A figure per
# request is the difference over a window divided by the requests answered in it (robust on a shared box).

# a process: user + system time of all its threads
proc_cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# a JVM's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre"): part of proc_cpu, reported apart, since a
# window in which they still work measures warm-up, not the request path (at ~1 000 check-ins/s C2 works for
# about 90 s; docs/performance.md, "The fixed stack's floor")
jit_cpu() {
  thread_cpu "$1" | awk -F'\t' '$1 ~ /^C[12] Compiler/ {s += $2} END {print s + 0}'
}

# every live PostgreSQL process (the service's pooled connections among them)
postgres_cpu() {
  for p in $(pgrep -u postgres); do awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null; done \
    | awk '{s += $1} END {print s + 0}'
}

# postgres_cpu and the backends that have exited, as the postmaster's reaped children (pgbench's connections end
# with it, their CPU with them)
postgres_cpu_all() {
  local pid
  pid=$(head -1 "$(psql -h 127.0.0.1 -U postgres -tAc 'show data_directory')/postmaster.pid")
  echo $(( $(postgres_cpu) + $(awk '{print $16 + $17}' "/proc/$pid/stat") ))
}

# a JVM's CPU by thread group: each thread's name without its number ("reactor-tcp-epoll", "C2 CompilerThre",
# "GC Thread", ...), one "name<TAB>ticks" line per group; thread_shares prints each group's share of the CPU
# between two such snapshots (files). A thread that ended between them is not counted.
thread_cpu() {
  local t n
  for t in /proc/"$1"/task/*; do
    n=$(sed 's/[-# 0-9]*$//' "$t/comm" 2>/dev/null) && awk -v n="$n" '{print n "\t" $14 + $15}' "$t/stat" 2>/dev/null
  done | awk -F'\t' '{s[$1] += $2} END {for (k in s) print k "\t" s[k]}'
}
thread_shares() {
  awk -F'\t' 'NR == FNR {a[$1] = $2; next} {d[$1] = $2 - a[$1]; t += d[$1]}
    END {for (k in d) if (d[k] > 0) printf "%5.1f %%  %s\n", 100 * d[k] / t, k}' "$1" "$2" | sort -rn
}
