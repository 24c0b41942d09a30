#!/usr/bin/env python3
"""Cost of network setup in a container start: `run --rm busybox true` on the default bridge
vs. `--network none` (docker CLI), for mydockerd and, with REF_DOCKER_HOST=unix:///..., a
reference dockerd (which needs its own bridge for the bridge row). Target: under 5 ms added.

The two modes are interleaved (none, bridge, none, bridge, ...) so that load drifting on the
machine hits both equally; each mode gets --runs samples after one warm-up of each. Reported
per daemon: p50 and p90 of each mode, and the added milliseconds (bridge - none) at p50 and p90
and as the median of the paired differences (bridge minus none of the same round).

A private mydockerd (the default) runs with --log-level debug, and its own timing of the bridge
steps is reported too ("net timing" lines: namespace, veth, addresses, ports at start; the
endpoint release at exit). On a loaded machine the client-side difference of two ~200 ms
figures is noise of +-10 ms; the daemon-side spans are what the bridge adds to the start path.

  bench/net_overhead.py                          # starts a private mydockerd (build/bin)
  bench/net_overhead.py --host unix:///var/run/mydocker.sock --runs 60
  bench/net_overhead.py --compare-bin /work/main/build/bin   # this build vs. another one
  REF_DOCKER_HOST=unix:///run/refdocker.sock bench/net_overhead.py
"""

import argparse
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run_latency import Target, ensure_busybox, percentile  # noqa: E402
from testdaemon import TestDaemon  # noqa: E402

MODES = ("none", "bridge")


def run_once(target, mode):
    t0 = time.monotonic()
    res = target.docker("run", "--rm", "--network", mode, "busybox", "true")
    elapsed = time.monotonic() - t0
    if res.returncode != 0:
        raise RuntimeError("%s: %s" % (mode, (res.stderr.strip() or "exit %d" % res.returncode)[:200]))
    return elapsed


def measure(targets, runs):
    """{target name: {"none": [s...], "bridge": [s...]} or {"error": text}}. Each round runs
    both modes on every target, the order reversed every other round (ABBA), so a load
    change on the machine reaches every column alike."""
    samples, live = {}, []
    for t in targets:
        if not ensure_busybox(t):
            samples[t.name] = {"error": "no busybox image"}
            continue
        samples[t.name] = {m: [] for m in MODES}
        live.append(t)
    steps = [(t, m) for t in live for m in MODES]
    for t, m in steps:  # warm-up: first-run costs (page cache, lazy setup) excluded
        try_run(t, m, samples, record=False)
    for i in range(runs):
        for t, m in (steps if i % 2 == 0 else reversed(steps)):
            try_run(t, m, samples)
    return samples


def try_run(target, mode, samples, record=True):
    if "error" in samples[target.name]:
        return
    try:
        took = run_once(target, mode)
    except (RuntimeError, OSError) as e:
        samples[target.name] = {"error": str(e)}
        return
    if record:
        samples[target.name][mode].append(took)


def summary(samples):
    none, bridge = samples["none"], samples["bridge"]
    pairs = [b - n for n, b in zip(none, bridge)]
    return {
        "none_p50": statistics.median(none) * 1000, "none_p90": percentile(none, 90) * 1000,
        "bridge_p50": statistics.median(bridge) * 1000, "bridge_p90": percentile(bridge, 90) * 1000,
        "pair_p50": statistics.median(pairs) * 1000,
    }


def report(results, runs):
    print("\n%d runs per mode, interleaved; load average %s" %
          (runs, " ".join("%.2f" % x for x in os.getloadavg())))
    print("%-20s%-20s%-20s%-14s%-14s%s" % ("daemon", "none p50/p90", "bridge p50/p90",
                                          "added p50", "added p90", "added (paired p50)"))
    for name, samples in results.items():
        if "error" in samples:
            print("%-20sn/a: %s" % (name, samples["error"][:100]))
            continue
        s = summary(samples)
        print("%-20s%-20s%-20s%-14s%-14s%s" % (
            name, "%.1f / %.1f ms" % (s["none_p50"], s["none_p90"]),
            "%.1f / %.1f ms" % (s["bridge_p50"], s["bridge_p90"]),
            "%+.1f ms" % (s["bridge_p50"] - s["none_p50"]),
            "%+.1f ms" % (s["bridge_p90"] - s["none_p90"]), "%+.1f ms" % s["pair_p50"]))


def daemon_spans(log_text):
    """The daemon's "net timing" debug lines: {"start": [ms...], "detach": [ms...],
    ("container start", mode): [ms...], ("container exit", mode): [ms...]}."""
    spans = {}
    for m in re.finditer(r"net timing (start|detach) \w+:.* total ([\d.]+) ms", log_text):
        spans.setdefault(m.group(1), []).append(float(m.group(2)))
    for m in re.finditer(r"net timing (container start|container exit) \w+ (\S+):.* total ([\d.]+) ms",
                         log_text):
        spans.setdefault((m.group(1), m.group(2)), []).append(float(m.group(3)))
    return spans


def span_cell(values):
    return "p50 %.2f ms  p90 %.2f ms  (n=%d)" % (statistics.median(values), percentile(values, 90),
                                                len(values))


def report_spans(name, spans):
    if not spans:
        return
    print("\n%s's own timing (debug log), per container:" % name)
    for key, what in (("start", "bridge: namespace + endpoints + ports"),
                      ("detach", "bridge: endpoint release at exit")):
        if spans.get(key):
            print("  %-46s %s" % (what, span_cell(spans[key])))
    for phase, what in (("container start", "whole start (spec, network, shim until ok)"),
                        ("container exit", "exit to removed (what run --rm waits for)")):
        cells = {mode: spans.get((phase, mode)) for mode in MODES}
        if all(cells.values()):
            for mode in MODES:
                print("  %-46s %s" % ("%s, %s" % (what, mode), span_cell(cells[mode])))
            print("  %-46s %+.2f ms at p50" % ("%s: bridge adds" % phase, statistics.median(
                cells["bridge"]) - statistics.median(cells["none"])))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", help="existing mydockerd (unix:///path); default: start a private one")
    ap.add_argument("--runs", type=int, default=40, help="samples per mode (default 40)")
    ap.add_argument("--compare-bin", metavar="DIR",
                    help="also a private mydockerd from DIR (e.g. main's build/bin), interleaved")
    args = ap.parse_args()
    daemons, targets = [], []
    try:
        if not args.host:
            daemons.append(("mydockerd", TestDaemon(log_level="debug").start()))
        else:
            targets.append(Target("mydockerd", args.host))
        if args.compare_bin:
            daemons.append(("compare-bin", TestDaemon(log_level="debug",
                                                      bin_path=args.compare_bin).start()))
        targets = [Target(name, d.host, None, d) for name, d in daemons] + targets
        if args.compare_bin:
            print("compare-bin: %s" % os.path.abspath(args.compare_bin))
        if os.environ.get("REF_DOCKER_HOST"):
            targets.append(Target("reference dockerd", os.environ["REF_DOCKER_HOST"]))
        print("measuring %s ..." % ", ".join("%s (%s)" % (t.name, t.host) for t in targets),
              flush=True)
        results = measure(targets, args.runs)
        report(results, args.runs)
        for name, d in daemons:
            report_spans(name, daemon_spans(d.log_text()))
    finally:
        for _, d in daemons:
            d.close()


if __name__ == "__main__":
    main()
