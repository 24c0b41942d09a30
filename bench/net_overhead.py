#!/usr/bin/env python3
"""Cost of network setup in a container start: `run --rm busybox true` on the default bridge
vs. `--network none`, p50 over --runs runs (docker CLI), for mydockerd and, with
REF_DOCKER_HOST=unix:///..., a reference dockerd (which needs its own bridge for the bridge
row). Prints each daemon's added milliseconds and the ratios bridge/none; target: under 5 ms.

  bench/net_overhead.py                          # starts a private mydockerd (build/bin)
  bench/net_overhead.py --host unix:///var/run/mydocker.sock
  REF_DOCKER_HOST=unix:///run/refdocker.sock bench/net_overhead.py
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_latency import Target, ensure_busybox, run_latency  # noqa: E402
from testdaemon import TestDaemon  # noqa: E402


def measure(target, runs):
    if not ensure_busybox(target):
        return {}
    out = {}
    for mode in ("none", "bridge"):
        out[mode] = run_latency(
            lambda: target.docker("run", "--rm", "--network", mode, "busybox", "true"), runs)
    return out


def report(results):
    print("\n%-20s%-22s%-22s%-16s%s" % ("daemon", "--network none p50", "bridge p50",
                                          "added", "bridge/none"))
    added = {}
    for name, r in results.items():
        (none, none_err), (bridge, bridge_err) = r.get("none", (None, "n/a")), r.get("bridge", (None, "n/a"))
        if not none or not bridge:
            print("%-20s%s" % (name, (none_err or bridge_err or "n/a")[:100]))
            continue
        added[name] = (bridge["p50"] - none["p50"]) * 1000
        print("%-20s%-22s%-22s%-16s%.2fx" % (name, "%.1f ms" % (none["p50"] * 1000),
                                             "%.1f ms" % (bridge["p50"] * 1000),
                                             "%+.1f ms" % added[name], bridge["p50"] / none["p50"]))
    if len(results) > 1 and all(n in results and "bridge" in results[n] and results[n]["bridge"][0]
                                for n in results):
        a, b = list(results)
        print("bridge start time ratio %s / %s: %.2fx" %
              (a, b, results[a]["bridge"][0]["p50"] / results[b]["bridge"][0]["p50"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", help="existing mydockerd (unix:///path); default: start a private one")
    ap.add_argument("--runs", type=int, default=20)
    args = ap.parse_args()
    daemon = None
    try:
        if not args.host:
            daemon = TestDaemon(log_level="info").start()
        targets = [Target("mydockerd", args.host or daemon.host, None, daemon)]
        if os.environ.get("REF_DOCKER_HOST"):
            targets.append(Target("reference dockerd", os.environ["REF_DOCKER_HOST"]))
        results = {}
        for t in targets:
            print("measuring %s (%s) ..." % (t.name, t.host), flush=True)
            results[t.name] = measure(t, args.runs)
        report(results)
    finally:
        if daemon:
            daemon.close()


if __name__ == "__main__":
    main()
