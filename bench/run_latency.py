#!/usr/bin/env python3
"""Container start benchmarks: mydockerd vs. (optionally) a reference dockerd.

  bench/run_latency.py                       # starts a private mydockerd (build/bin)
  bench/run_latency.py --host unix:///var/run/mydocker.sock
  REF_DOCKER_HOST=unix:///run/docker.sock bench/run_latency.py

Measures, per daemon:
  * `run --rm busybox true` latency, p50 (and p90) over --runs runs, through our CLI
    (mydocker) and through the docker CLI;
  * `docker version` (the docker CLI's own cost) next to them, and how far `docker run --rm`
    is above that cost plus our CLI's run (issue 13's target: at most 5 ms);
  * `run -d busybox sleep 600` throughput: --count containers started back to back
    through the docker CLI (containers/s); they are removed afterwards.
Failures are reported as n/a (the engine is still being built) and never abort the run.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The private daemon's data root lives beside dockerd's (/var/lib), not in /tmp: file
# creation in this VM's /tmp is about 20x slower than elsewhere on the same disk.
BENCH_ROOT = "/var/lib/mydocker-bench"
os.makedirs(BENCH_ROOT, exist_ok=True)
os.environ.setdefault("MYDOCKER_TEST_TMPDIR", BENCH_ROOT)
sys.path.insert(0, os.path.join(REPO, "test", "fixtures"))

import rootfs  # noqa: E402
from testdaemon import BUSYBOX_PATH_ENV, DOCKER_CLI, TestDaemon, bin_dir  # noqa: E402


class Target:
    def __init__(self, name, host, our_cli=None, daemon=None):
        self.name, self.host, self.our_cli, self.daemon = name, host, our_cli, daemon

    def env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKER_")}
        env["DOCKER_HOST"] = self.host
        return env

    def run(self, argv, timeout=120):
        return subprocess.run(argv, env=self.env(), capture_output=True, text=True, timeout=timeout)

    def docker(self, *args, timeout=120):
        return self.run([DOCKER_CLI] + list(args), timeout)

    def ours(self, *args, timeout=120):
        return self.run([self.our_cli, "-H", self.host] + list(args), timeout)


def ensure_busybox(target):
    if target.docker("image", "inspect", "busybox:latest").returncode == 0:
        return True
    res = target.docker("import", "-c", "ENV " + BUSYBOX_PATH_ENV, "-c", 'CMD ["sh"]',
                        rootfs.busybox_rootfs_tar(), "busybox:latest")
    if res.returncode != 0 and target.daemon:  # before `import` exists: the raw API
        try:
            target.daemon.import_busybox()
            return True
        except (AssertionError, OSError) as e:
            print("  [%s] raw API import failed: %s" % (target.name, str(e)[:200]))
    if res.returncode != 0:
        print("  [%s] cannot import busybox: %s" % (target.name, res.stderr.strip()[:200]))
    return res.returncode == 0


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def run_latency(run_once, runs):
    """p50/p90 seconds of run_once() over `runs` runs (after one warm-up), or an error."""
    warm = run_once()
    if warm.returncode != 0:
        return None, "error: " + (warm.stderr.strip() or "exit %d" % warm.returncode)[:200]
    samples = []
    for _ in range(runs):
        t0 = time.monotonic()
        res = run_once()
        samples.append(time.monotonic() - t0)
        if res.returncode != 0:
            return None, "error: " + res.stderr.strip()[:200]
    return {"p50": statistics.median(samples), "p90": percentile(samples, 90)}, None


def run_throughput(target, count):
    ids, t0 = [], time.monotonic()
    try:
        for _ in range(count):
            res = target.docker("run", "-d", "busybox", "sleep", "600")
            if res.returncode != 0:
                return None, "error: " + res.stderr.strip()[:200]
            ids.append(res.stdout.strip())
        elapsed = time.monotonic() - t0
        return {"per_s": count / elapsed, "total": elapsed}, None
    finally:
        if ids:
            target.docker("rm", "-f", *ids, timeout=300)


def measure(target, runs, count):
    out = {}
    if not ensure_busybox(target):
        return out
    if target.our_cli:
        out["mydocker CLI run --rm p50"] = run_latency(
            lambda: target.ours("run", "--rm", "busybox", "true"), runs)
    out["docker CLI run --rm p50"] = run_latency(
        lambda: target.docker("run", "--rm", "busybox", "true"), runs)
    # The docker CLI's own cost (start-up, ping, one round trip), in the same run.
    out["docker CLI version p50"] = run_latency(lambda: target.docker("version"), runs)
    out["docker CLI run -d x%d" % count] = run_throughput(target, count)
    return out


def fmt(metric, value):
    if value is None:
        return "n/a"
    if "per_s" in value:
        return "%.1f containers/s (%.2f s)" % (value["per_s"], value["total"])
    return "%.1f ms (p90 %.1f ms)" % (value["p50"] * 1000, value["p90"] * 1000)


def report(results):
    names = list(results)
    metrics = []
    for r in results.values():
        metrics += [m for m in r if m not in metrics]
    if not metrics:
        print("\nno measurements (no busybox image could be imported)")
        return
    print("\n%-34s" % "metric" + "".join("%-36s" % n for n in names) + ("ratio" if len(names) > 1 else ""))
    for m in metrics:
        row = "%-34s" % m
        cells = [results[n].get(m, (None, "not measured")) for n in names]
        for value, err in cells:
            row += "%-36s" % (fmt(m, value) if value else (err or "n/a"))[:35]
        if len(names) > 1 and all(c[0] for c in cells):
            a, b = cells[0][0], cells[1][0]
            ratio = a["p50"] / b["p50"] if "p50" in a else b["per_s"] / a["per_s"]
            row += "%.2fx (time, %s / %s)" % (ratio, names[0], names[1])
        print(row)


def overhead(results):
    """docker CLI run - (docker version + mydocker run), per daemon measured with our CLI."""
    for name, r in results.items():
        parts = [r.get(m, (None, None))[0] for m in
                 ("docker CLI run --rm p50", "docker CLI version p50", "mydocker CLI run --rm p50")]
        if all(parts):
            extra = parts[0]["p50"] - parts[1]["p50"] - parts[2]["p50"]
            print("%s: docker CLI run --rm is %.1f ms above `docker version` + mydocker run "
                  "(target <= 5 ms)" % (name, extra * 1000))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", help="existing mydockerd (unix:///path); default: start a private one")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--count", type=int, default=50)
    args = ap.parse_args()
    our_cli = os.path.join(bin_dir(), "mydocker")
    our_cli = our_cli if os.access(our_cli, os.X_OK) else None
    daemon = None
    try:
        if not args.host:
            daemon = TestDaemon(log_level="info").start()
        targets = [Target("mydockerd", args.host or daemon.host, our_cli, daemon)]
        if os.environ.get("REF_DOCKER_HOST"):
            targets.append(Target("reference dockerd", os.environ["REF_DOCKER_HOST"]))
        results = {}
        for t in targets:
            print("measuring %s (%s) ..." % (t.name, t.host), flush=True)
            results[t.name] = measure(t, args.runs, args.count)
        report(results)
        overhead(results)
    finally:
        if daemon:
            daemon.close()


if __name__ == "__main__":
    main()
