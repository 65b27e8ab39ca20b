#!/usr/bin/env python3
"""Dashboard views at a fixed rate, each on a connection of its own (as Gatling's phones and screens do).

usage: dashboard-rate.py <base url> <token> <rate/s> <seconds> <path> [<path> ...]
Sends the paths in turn at <rate> per second (an open model: a slow answer does not delay the next
request; up to 32 in flight), and prints the count, errors, p50/p95/p99/max in ms of request start to
body read. Standard library only.
"""
import http.client
import sys
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor


def main():
    base, token, rate, seconds, paths = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5:]
    url = urllib.parse.urlparse(base)
    latencies, errors, lock = [], [0], threading.Lock()

    def one(path):
        start = time.perf_counter()
        try:
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
            connection.request("GET", path, headers={"Authorization": "Bearer " + token})
            response = connection.getresponse()
            response.read()
            connection.close()
            ok = response.status == 200
        except OSError:
            ok = False
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            if ok:
                latencies.append(elapsed)
            else:
                errors[0] += 1

    with ThreadPoolExecutor(max_workers=32) as pool:
        begin = time.perf_counter()
        n = int(rate * seconds)
        for i in range(n):
            due = begin + i / rate
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            pool.submit(one, paths[i % len(paths)])
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(len(latencies) * p))] if latencies else float("nan")

    print("views %d errors %d p50 %.1f p95 %.1f p99 %.1f max %.1f ms" % (
        len(latencies), errors[0], pct(0.50), pct(0.95), pct(0.99), latencies[-1] if latencies else float("nan")))


if __name__ == "__main__":
    main()
