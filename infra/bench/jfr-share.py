#!/usr/bin/env python3
"""Where a JFR recording's CPU samples went: the shares docs/performance.md quotes.

usage: infra/bench/jfr-share.py <recording.jfr> [--top N] [--thread REGEX] [--match TEXT ...] [--self-match TEXT ...]

Reads the recording's jdk.ExecutionSample events (`jfr print`, full stacks) and prints
  - the number of samples and their split over threads (event loops by name prefix),
  - the top N methods on top of the stack (self share),
  - the inclusive share of each library, by package (a sample counts once per library however deep),
  - the self share of each library: each sample goes to the library of its topmost frame outside the JDK (so a
    HashMap.put called by the driver counts as the driver's), which splits the CPU without double counting,
  - for each --match TEXT, the inclusive share of the samples with a frame containing TEXT,
  - for each --self-match TEXT, the self share of the samples whose topmost frame outside the JDK contains TEXT
    (the split of "libraries, self", by method: e.g. --self-match MonoDelay ScheduledThreadPoolExecutor for what
    arming and cancelling timers costs, which an inclusive share cannot tell from the request under the timer).
Record with the stack depth raised, or most of Reactor's stacks are cut before they name a caller:
  JAVA_TOOL_OPTIONS="-XX:FlightRecorderOptions:stackdepth=1024 \
    -XX:StartFlightRecording=settings=profile,delay=125s,duration=30s,filename=/tmp/checkins.jfr" \
    WARM=120 infra/bench/probe-checkins.sh "$PWD/target/grassroots-0.1.0-SNAPSHOT.jar" 8 30
"""
import argparse
import collections
import os
import re
import subprocess
import sys

# package prefix -> library, first match wins (longest prefixes first)
LIBRARIES = [
    ("cn.luohe.", "our code"),
    ("io.r2dbc.postgresql.", "PostgreSQL driver"),
    ("io.r2dbc.pool.", "R2DBC pool"),
    ("org.springframework.r2dbc.", "Spring R2DBC"),
    ("org.springframework.security.", "Spring Security"),
    ("org.springframework.web.", "Spring Web(Flux)"),
    ("org.springframework.http.", "Spring Web(Flux)"),
    ("org.springframework.", "Spring (other)"),
    ("reactor.netty.", "Reactor Netty"),
    ("reactor.", "Reactor"),
    ("io.netty.", "Netty"),
    ("tools.jackson.", "Jackson"),
    ("com.fasterxml.jackson.", "Jackson"),
    ("io.lettuce.", "Lettuce"),
    ("io.micrometer.", "Micrometer"),
    ("org.hibernate.validator.", "Hibernate Validator"),
    ("ch.qos.logback.", "Logback"),
    ("org.slf4j.", "Logback"),
    ("java.", "JDK"),
    ("javax.", "JDK"),
    ("jdk.", "JDK"),
    ("sun.", "JDK"),
]

FRAME = re.compile(r"^\s+([\w$.<>/]+)\((.*?)\)\s+line:")


def library(method):
    for prefix, name in LIBRARIES:
        if method.startswith(prefix):
            return name
    return "other"


def samples(path):
    java_home = os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64")
    out = subprocess.run([os.path.join(java_home, "bin", "jfr"), "print", "--events", "jdk.ExecutionSample",
                          "--stack-depth", "1024", path], check=True, capture_output=True, text=True).stdout
    thread, frames = None, None
    for line in out.splitlines():
        if line.startswith("jdk.ExecutionSample"):
            thread, frames = None, []
        elif "sampledThread = " in line:
            thread = line.split('"')[1] if '"' in line else line.split("=", 1)[1].strip()
        elif frames is not None:
            m = FRAME.match(line)
            if m:
                frames.append(m.group(1))
            elif line.strip() == "}" and thread is not None:
                yield thread, frames
                thread, frames = None, None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recording")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--thread", help="only samples of threads whose name matches this regex")
    ap.add_argument("--match", nargs="*", default=[])
    ap.add_argument("--self-match", nargs="*", default=[])
    args = ap.parse_args()

    threads = collections.Counter()
    top = collections.Counter()
    libs = collections.Counter()
    own = collections.Counter()
    matched = collections.Counter()
    self_matched = collections.Counter()
    self_any = 0
    n = 0
    for thread, frames in samples(args.recording):
        if args.thread and not re.search(args.thread, thread):
            continue
        if not frames:
            continue
        n += 1
        threads[re.sub(r"-\d+$", "-N", thread)] += 1
        top[frames[0]] += 1
        for lib in {library(f) for f in frames}:
            libs[lib] += 1
        first_outside_jdk = next((f for f in frames if library(f) != "JDK"), frames[0])
        own[library(first_outside_jdk)] += 1
        hits = [text for text in args.self_match if text in first_outside_jdk]
        for text in hits:
            self_matched[text] += 1
        if hits:
            self_any += 1  # once per sample, however many of the texts its frame contains
        for text in args.match:
            if any(text in f for f in frames):
                matched[text] += 1
    if n == 0:
        sys.exit("no execution samples in " + args.recording)

    def pct(count):
        return f"{100.0 * count / n:5.1f} %"

    print(f"{n} samples")
    print("\nthreads:")
    for name, count in threads.most_common(8):
        print(f"  {pct(count)}  {name}")
    print(f"\ntop {args.top} methods on top of the stack (self):")
    for method, count in top.most_common(args.top):
        print(f"  {pct(count)}  {method}")
    print("\nlibraries, inclusive (a sample counts once per library on its stack):")
    for name, count in libs.most_common():
        print(f"  {pct(count)}  {name}")
    print("\nlibraries, self (each sample to the library of its topmost frame outside the JDK):")
    for name, count in own.most_common():
        print(f"  {pct(count)}  {name}")
    if args.match:
        print("\nframes containing, inclusive:")
        for text in args.match:
            print(f"  {pct(matched[text])}  {text}")
    if args.self_match:
        print("\nself, by the topmost frame outside the JDK:")
        for text in args.self_match:
            print(f"  {pct(self_matched[text])}  {text}")
        print(f"  {pct(self_any)}  (any of them)")


if __name__ == "__main__":
    main()
