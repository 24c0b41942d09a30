#!/usr/bin/env python3
"""A zstd layer of zeros that inflates to SIZE_GB (default 10) pulled from a local registry
and loaded with `docker load`, against a private mydockerd; prints the blob size, the time
of each step and the daemon's peak RSS during each (VmHWM, reset before each step).

    cd test/integration && MYDOCKER_BIN_DIR=$PWD/../../build/bin \
      PYTHONPATH=../fixtures:. python3 ../../bench/big_layer.py [SIZE_GB]
"""

import json
import sys

import bounded_memory_test as steps
from registry import TestRegistry
from testdaemon import TestDaemon


class Run:
    pass


def main():
    size_gb = float(sys.argv[1]) if len(sys.argv) > 1 else 10
    run = Run()
    with TestDaemon(log_level="info") as daemon, TestRegistry("http") as registry:
        run.daemon, run.registry = daemon, registry
        figures = steps.pull_and_load(run, int(size_gb * (1 << 30)))
    print(json.dumps(figures, indent=1))
    return 0 if max(figures["pull_peak_rss_kb"], figures["load_peak_rss_kb"]) < 100 * 1024 else 1


if __name__ == "__main__":
    sys.exit(main())
