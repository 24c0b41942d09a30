#!/usr/bin/env python3
"""Dockerfile build benchmark: mydockerd vs. (optionally) a reference dockerd's classic
builder (DOCKER_BUILDKIT=0), both through the docker CLI.

  bench/build_bench.py                       # starts a private mydockerd (build/bin)
  bench/build_bench.py --host unix:///var/run/mydocker.sock
  REF_DOCKER_HOST=unix:///run/refdocker.sock bench/build_bench.py

A 10-step Dockerfile (FROM, WORKDIR, ENV, COPY x2, RUN x2, LABEL, EXPOSE, CMD) is built
  * cold: --no-cache;
  * cached: the same again, every step from the cache;
  * one changed COPY: a source file of the second COPY changed, so that step and the
    ones after it run again.
Times are medians over --runs runs; ratios are mydockerd / dockerd (below 1 is faster).

Measured 2026-12-02 (--runs 5, 2 shared cores under load ~7, reference dockerd 20.10):
  cold 903.5 ms vs 5505.2 ms (0.16x), cached 38.7 ms vs 341.4 ms (0.11x),
  one changed COPY 536.2 ms vs 2933.0 ms (0.18x). A cached build spends ~1.5 ms in
  mydockerd (the context is indexed in memory, nothing unpacked); the rest is the CLI.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH_ROOT = "/var/lib/mydocker-bench"  # see run_latency.py: /tmp is slow in this VM
os.makedirs(BENCH_ROOT, exist_ok=True)
os.environ.setdefault("MYDOCKER_TEST_TMPDIR", BENCH_ROOT)
sys.path.insert(0, os.path.join(REPO, "test", "fixtures"))

import rootfs  # noqa: E402
from testdaemon import BUSYBOX_PATH_ENV, DOCKER_CLI, TestDaemon  # noqa: E402

DOCKERFILE = """\
FROM busybox
WORKDIR /srv
ENV MODE=bench
COPY requirements.txt ./
RUN cp requirements.txt installed.txt
COPY src/ ./src/
RUN ls -R src > manifest.txt
LABEL purpose=bench
EXPOSE 8080
CMD ["cat", "/srv/manifest.txt"]
"""


def make_context(root):
    os.makedirs(os.path.join(root, "src", "pkg"))
    files = {"Dockerfile": DOCKERFILE, "requirements.txt": "numpy\ntorch\n"}
    for i in range(50):
        files["src/pkg/mod%02d.py" % i] = "x = %d\n" % i * 20
    for name, content in files.items():
        with open(os.path.join(root, name), "w") as f:
            f.write(content)


def docker(host, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKER_")}
    env.update(DOCKER_HOST=host, DOCKER_BUILDKIT="0")
    return subprocess.run([DOCKER_CLI] + list(args), env=env, capture_output=True, text=True,
                          timeout=300)


def timed_build(host, ctx, *flags):
    t0 = time.monotonic()
    res = docker(host, "build", "-q", *flags, "-t", "build-bench", ctx)
    if res.returncode != 0:
        raise RuntimeError(res.stderr.strip()[:300])
    return time.monotonic() - t0


def measure(host, ctx, runs):
    if docker(host, "image", "inspect", "busybox:latest").returncode != 0:
        res = docker(host, "import", "-c", "ENV " + BUSYBOX_PATH_ENV, "-c", 'CMD ["sh"]',
                     rootfs.busybox_rootfs_tar(), "busybox:latest")
        if res.returncode != 0:
            raise RuntimeError("import busybox: " + res.stderr.strip()[:200])
    out = {"cold": [], "cached": [], "one changed COPY": []}
    for i in range(runs):
        out["cold"].append(timed_build(host, ctx, "--no-cache"))
        out["cached"].append(timed_build(host, ctx))
        with open(os.path.join(ctx, "src", "pkg", "mod00.py"), "w") as f:
            f.write("changed = %d %f\n" % (i, time.time()))
        out["one changed COPY"].append(timed_build(host, ctx))
    docker(host, "rmi", "build-bench")
    return {k: statistics.median(v) for k, v in out.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", help="existing mydockerd (unix:///path); default: a private one")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    ctx = tempfile.mkdtemp(dir=BENCH_ROOT, prefix="ctx-")
    daemon = None
    try:
        make_context(ctx)
        if not args.host:
            daemon = TestDaemon(log_level="info").start()
        targets = [("mydockerd", args.host or daemon.host)]
        if os.environ.get("REF_DOCKER_HOST"):
            targets.append(("reference dockerd", os.environ["REF_DOCKER_HOST"]))
        results = {}
        for name, host in targets:
            print("measuring %s (%s) ..." % (name, host), flush=True)
            try:
                results[name] = measure(host, ctx, args.runs)
            except RuntimeError as e:
                print("  %s: %s" % (name, e))
        print("\n%-20s" % "build" + "".join("%-22s" % n for n in results) + "ratio")
        for metric in ("cold", "cached", "one changed COPY"):
            cells = [results[n][metric] for n in results]
            row = "%-20s" % metric + "".join("%-22s" % ("%.1f ms" % (c * 1000)) for c in cells)
            if len(cells) == 2:
                row += "%.2fx" % (cells[0] / cells[1])
            print(row)
    finally:
        shutil.rmtree(ctx, ignore_errors=True)
        if daemon:
            daemon.close()


if __name__ == "__main__":
    main()
