#!/usr/bin/env python3
"""Pull benchmark: mydockerd vs. (optionally) a reference dockerd, from one local registry.

  bench/run_pull.py                                # private mydockerd (build/bin)
  REF_DOCKER_HOST=unix:///run/refdocker.sock bench/run_pull.py

A debootstrap root of Debian 12 (>= 200 MB, split into 7 layers, see pull_image.py) is pushed
once into Debian's docker-registry on 127.0.0.1 (plain HTTP, a loopback registry both
engines treat as insecure). Each engine then pulls it --runs times through the docker CLI,
with the image removed before every run, and the median wall time is reported; with a
reference daemon the ratio (ours / reference) is printed too.
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
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import pull_image  # noqa: E402
from registry import TestRegistry  # noqa: E402
from testdaemon import DOCKER_CLI, TestDaemon  # noqa: E402


def docker(host, *args, timeout=900):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKER_")}
    env["DOCKER_HOST"] = host
    return subprocess.run([DOCKER_CLI] + list(args), env=env, capture_output=True, text=True,
                          timeout=timeout)


def time_pulls(name, host, ref, runs):
    times = []
    for i in range(runs):
        docker(host, "rmi", "-f", ref)
        start = time.monotonic()
        res = docker(host, "pull", "-q", ref)
        elapsed = time.monotonic() - start
        if res.returncode != 0:
            print("  [%s] pull failed: %s" % (name, (res.stderr or res.stdout).strip()[:300]))
            return None
        check = docker(host, "run", "--rm", ref, "sh", "-c", "test -x /usr/bin/python3 && echo ok")
        if check.stdout.strip() != "ok":
            print("  [%s] pulled image does not run: %s" % (name, check.stderr.strip()[:300]))
        times.append(elapsed)
        print("  [%s] run %d: %.2f s" % (name, i + 1, elapsed), flush=True)
    docker(host, "rmi", "-f", ref)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", help="our daemon (default: start a private one)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", default=pull_image.DEFAULT_CACHE)
    args = parser.parse_args()

    daemon = None
    with TestRegistry("http") as registry:
        digest, mbytes, nlayers = pull_image.push_image(registry, "bench/debian", "12",
                                                        args.cache)
        ref = "%s/bench/debian:12" % registry.host
        print("image %s: %d layers, %.0f MB compressed, %s" % (ref, nlayers, mbytes, digest))
        host = args.host
        if not host:
            daemon = TestDaemon(log_level="info").start()
            host = daemon.host
        try:
            ours = time_pulls("mydockerd", host, ref, args.runs)
        finally:
            if daemon:
                daemon.close()
        theirs = None
        ref_host = os.environ.get("REF_DOCKER_HOST")
        if ref_host:
            theirs = time_pulls("dockerd", ref_host, ref, args.runs)

    fmt = lambda v: "%.2f s" % v if v is not None else "n/a"  # noqa: E731
    print("\n| metric | mydockerd | dockerd | ratio (time) |\n|---|---|---|---|")
    ratio = "%.2fx" % (ours / theirs) if ours and theirs else ""
    print("| `docker pull` %d-layer %.0f MB image, median of %d | %s | %s | %s |"
          % (nlayers, mbytes, args.runs, fmt(ours), fmt(theirs), ratio))


if __name__ == "__main__":
    main()
