"""No output lost on the attach path under load: many concurrent `docker run` (with and
without --rm, with a piped stdin the container never reads), `docker start -a`, `docker
attach` and the SDK's containers.run(), while busy loops keep both cores loaded. Every run
must print its whole output, both streams, in order: a short container exits while its last
bytes are still on their way to the client, which is when output used to go missing (the
shim closed the attach socket with the daemon's stdin packets unread, and the daemon then
read ECONNRESET ahead of the output still queued for it), and a reader that pauses for a
few seconds, which the shim used to drop."""

import concurrent.futures
import multiprocessing
import os
import signal
import subprocess
import unittest

from testdaemon import DOCKER_CLI, DaemonTestCase

# Two parts, as the command that once lost its second half; seq makes the output span
# several packets, the stderr line checks the other stream.
SCRIPT = "echo A; seq 1 1500; echo ===; seq 1501 3000; echo E >&2; echo END"
STDOUT = "A\n" + "".join("%d\n" % i for i in range(1, 1501)) + "===\n" + \
    "".join("%d\n" % i for i in range(1501, 3001)) + "END\n"
STDERR = "E\n"
PARALLEL = 6


def _busy_loop():
    while True:
        pass


class AttachOutputTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Load both cores at nice 0 for the whole module (killed by pid at the end).
        cls.burners = [multiprocessing.Process(target=_busy_loop, daemon=True) for _ in range(2)]
        for b in cls.burners:
            b.start()
        cls.addClassCleanup(cls._stop_burners)

    @classmethod
    def _stop_burners(cls):
        for b in cls.burners:
            if b.pid and b.is_alive():
                os.kill(b.pid, signal.SIGKILL)
            b.join(10)

    def _all(self, fn, count):
        with concurrent.futures.ThreadPoolExecutor(PARALLEL) as pool:
            return list(pool.map(fn, range(count)))

    def _assert_complete(self, results):
        for i, res in enumerate(results):
            self.assertEqual(res.returncode, 0, "run %d: %s" % (i, res.stderr))
            self.assertEqual(res.stdout, STDOUT, "run %d lost stdout (%d of %d bytes)" %
                             (i, len(res.stdout), len(STDOUT)))
            self.assertEqual(res.stderr, STDERR, "run %d" % i)

    def test_concurrent_run_rm_prints_everything(self):
        d = self.daemon
        results = self._all(lambda i: d.docker("run", "--rm", "busybox", "sh", "-c", SCRIPT,
                                                check=False), 18)
        self._assert_complete(results)

    def test_concurrent_run_with_unread_stdin_prints_everything(self):
        # The container exits while the CLI's stdin and its end are still being forwarded.
        d = self.daemon
        results = self._all(lambda i: d.docker("run", "-i", "--rm", "busybox", "sh", "-c", SCRIPT,
                                                input="x" * 4000, check=False), 18)
        self._assert_complete(results)

    def test_concurrent_run_without_rm_and_start_attach_print_everything(self):
        d = self.daemon
        names = ["ao_%d" % i for i in range(12)]
        for name in names:
            self.addCleanup(d.docker, "rm", "-f", name, check=False)
        runs = self._all(lambda i: d.docker("run", "--name", names[i], "busybox", "sh", "-c",
                                             SCRIPT, check=False), len(names))
        self._assert_complete(runs)
        # The same containers again, through start -a (attach, then start).
        starts = self._all(lambda i: d.docker("start", "-a", names[i], check=False), len(names))
        self._assert_complete(starts)

    def test_a_reader_that_pauses_gets_everything(self):
        # The CLI's reader stalls for longer than the shim used to wait for a subscriber
        # (5 s): the container's writes wait instead (as with dockerd), nothing is dropped.
        d = self.daemon
        res = subprocess.run(
            ["sh", "-c", '"$0" run --rm busybox seq 1 400000 | (sleep 8; wc -l)', DOCKER_CLI],
            env=d.env(), capture_output=True, text=True, timeout=60)
        self.assertEqual((res.stdout.strip(), res.returncode), ("400000", 0), res.stderr)

    def test_attach_to_a_running_container_gets_the_rest(self):
        # docker attach after the start: live output to the end, the exit code as docker's.
        # The container ticks until the attach has shown a tick (it is subscribed), then
        # writes its real output.
        d = self.daemon
        script = ("while [ ! -e /go ]; do echo tick; sleep 0.1; done; "
                  "seq 1 3000; echo END; exit 3")
        cid = d.docker("run", "-d", "busybox", "sh", "-c", script).stdout.strip()
        self.addCleanup(d.docker, "rm", "-f", cid, check=False)
        proc = subprocess.Popen([DOCKER_CLI, "attach", cid], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=d.env())
        self.addCleanup(self._end_process, proc)
        rest = None
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            try:  # a reader still blocked must not keep the pool (and the test) waiting
                first = pool.submit(proc.stdout.readline).result(20)
                self.assertEqual(first, "tick\n")
                d.docker("exec", cid, "touch", "/go")
                rest = pool.submit(proc.stdout.read).result(60)
            finally:
                if rest is None and proc.poll() is None:
                    proc.kill()
        self.assertEqual(proc.wait(30), 3, proc.stderr.read())
        rest = rest.replace("tick\n", "")
        self.assertEqual(rest, "".join("%d\n" % i for i in range(1, 3001)) + "END\n")

    @staticmethod
    def _end_process(proc):
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()

    def test_concurrent_sdk_run_returns_everything(self):
        client = self.daemon.sdk()
        self.addCleanup(client.close)

        def run(i):
            return client.containers.run("busybox", ["sh", "-c", SCRIPT], stderr=True,
                                         remove=True)

        for i, out in enumerate(self._all(run, 12)):
            # stdout and stderr interleave in the log; every stdout line in order, stderr's too.
            lines = out.decode().splitlines(keepends=True)
            self.assertIn("E\n", lines, "run %d" % i)
            lines.remove("E\n")
            self.assertEqual("".join(lines), STDOUT, "run %d" % i)


if __name__ == "__main__":
    unittest.main()
