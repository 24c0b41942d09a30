"""Our CLI's streaming commands: logs -f, run -a, start -a."""

import os
import subprocess
import time
import unittest

from testdaemon import DaemonTestCase, wait_until


class CliStreamsTest(DaemonTestCase):
    import_busybox = True

    def test_logs_follow_streams_until_the_container_ends(self):
        d = self.daemon
        d.cli("run", "-d", "--name", "ticker", "busybox", "sh", "-c",
              "for i in 1 2 3; do echo tick$i; sleep 0.2; done; echo bye >&2")
        self.addCleanup(d.cli, "rm", "-f", "ticker", check=False)
        started = time.monotonic()
        res = d.cli("logs", "-f", "ticker", timeout=20)
        # Follow returns only when the container has ended, with every line in order.
        self.assertEqual(res.stdout, "tick1\ntick2\ntick3\n")
        self.assertEqual(res.stderr, "bye\n")
        self.assertLess(time.monotonic() - started, 15)

    def test_logs_follow_follows_across_restarts(self):
        # on-failure:2 = three runs; -f ends only once the last one has ended, as docker's
        self.daemon.cli("run", "-d", "--name", "lf_restarts", "--restart", "on-failure:2",
                        "busybox", "sh", "-c", "sleep 0.3; echo run; exit 1")
        self.addCleanup(self.daemon.cli, "rm", "-f", "lf_restarts", check=False)
        for run in (self.daemon.cli, self.daemon.docker):
            res = run("logs", "-f", "lf_restarts", timeout=30)
            self.assertEqual(res.stdout, "run\nrun\nrun\n", run)

    def test_logs_follow_shows_new_output_live(self):
        d = self.daemon
        d.cli("run", "-d", "--name", "live", "busybox", "sh", "-c", "echo first; sleep 1000")
        self.addCleanup(d.cli, "rm", "-f", "live", check=False)
        proc = subprocess.Popen([os.path.join(d.bin_dir, "mydocker"), "logs", "-f", "live"], stdout=subprocess.PIPE,
                                text=True, env=d.env())
        try:
            self.assertEqual(proc.stdout.readline(), "first\n")
        finally:
            proc.kill()
            proc.wait()

    def test_run_attach_chooses_streams(self):
        d = self.daemon
        res = d.cli("run", "--rm", "-a", "stderr", "busybox", "sh", "-c", "echo out; echo err >&2")
        self.assertEqual((res.stdout, res.stderr), ("", "err\n"))
        res = d.cli("run", "--rm", "-a", "stdout", "busybox", "sh", "-c", "echo out; echo err >&2")
        self.assertEqual((res.stdout, res.stderr), ("out\n", ""))
        res = d.cli("run", "-d", "-a", "stdout", "busybox", "true", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("conflicting options: cannot specify both --attach and --detach", res.stderr)

    def test_start_attach_prints_output_and_exit_status(self):
        d = self.daemon
        d.cli("create", "--name", "once", "busybox", "sh", "-c", "echo again; exit 4")
        self.addCleanup(d.cli, "rm", "-f", "once", check=False)
        res = d.cli("start", "-a", "once", check=False)
        self.assertEqual((res.returncode, res.stdout), (4, "again\n"))
        # A second start -a shows only the new run's output, as docker's attach does.
        res = d.cli("start", "-a", "once", check=False)
        self.assertEqual((res.returncode, res.stdout), (4, "again\n"))

    def test_start_attach_to_a_running_container_follows_it(self):
        d = self.daemon
        d.cli("run", "-d", "--name", "busy", "busybox", "sh", "-c", "sleep 1; echo late; exit 6")
        self.addCleanup(d.cli, "rm", "-f", "busy", check=False)
        res = d.cli("start", "-a", "busy", check=False)
        self.assertEqual((res.returncode, res.stdout), (6, "late\n"))


if __name__ == "__main__":
    unittest.main()
