"""Attaches made before a start are counted for it: the shim keeps that start's output for
them (up to 4 MiB) and waits for them after the output ends. An attach whose client left
before it subscribed must not be waited for (the container would exit 10 s late, or stall
past 4 MiB), and the attaches that stay still get the whole output. Also: `stop` answers
only once the exit's record shows no network endpoint (dockerd's order)."""

import concurrent.futures
import os
import socket
import struct
import subprocess
import time
import unittest

from testdaemon import DaemonTestCase, wait_until

PROMPT = 3.0  # the shim's grace for a missing attach is 10 s
SCRIPT = "seq 1 3000; echo E >&2"
STDOUT = "".join("%d\n" % i for i in range(1, 3001))


class Hijack:
    """A raw attach?stream=1 over the daemon's socket, hijacked (101)."""

    def __init__(self, socket_path, ref, stdin=False):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(30)
        self.sock.connect(socket_path)
        self.sock.sendall(("POST /v1.44/containers/%s/attach?stream=1&stdout=1&stderr=1&stdin=%d "
                           "HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\n"
                           "Upgrade: tcp\r\nContent-Length: 0\r\n\r\n"
                           % (ref, 1 if stdin else 0)).encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise AssertionError("attach closed before its answer: %r" % head)
            head += chunk
        if not head.startswith(b"HTTP/1.1 101"):
            raise AssertionError("attach not hijacked: %r" % head)

    def read_all(self):
        """Demultiplexed (stdout, stderr) until the daemon ends the stream."""
        data = b""
        while True:
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            data += chunk
        out = {1: b"", 2: b""}
        while len(data) >= 8:
            stream, size = struct.unpack(">BxxxI", data[:8])
            out[stream] += data[8:8 + size]
            data = data[8 + size:]
        return out[1].decode(), out[2].decode()

    def close(self):
        self.sock.close()

    def daemon_side(self):
        """The inode of the daemon's end of this connection (ss: our end's peer)."""
        ours = str(os.fstat(self.sock.fileno()).st_ino)
        for line in subprocess.run(["ss", "-xn"], capture_output=True, text=True).stdout.split("\n"):
            cols = line.split()
            if len(cols) >= 8 and cols[5] == ours:
                return cols[7]
        raise AssertionError("no daemon end for socket inode " + ours)

    def close_and_wait_until_noticed(self, daemon_pid):
        """Closes, then waits until the daemon has closed its end (the attach is over)."""
        theirs = "socket:[%s]" % self.daemon_side()
        self.close()

        def closed():
            fd_dir = "/proc/%d/fd" % daemon_pid
            for fd in os.listdir(fd_dir):
                try:
                    if os.readlink(os.path.join(fd_dir, fd)) == theirs:
                        return False
                except OSError:
                    pass
            return True
        wait_until(closed, 10, 0.02, "the daemon's end of the attach closed")


class AttachCountTest(DaemonTestCase):
    import_busybox = True

    def create(self, name, *cmd):
        self.daemon.docker("create", "--name", name, "busybox", *cmd)
        self.addCleanup(self.daemon.docker, "rm", "-f", name, check=False)

    def create_open_stdin(self, name):
        """OpenStdin without StdinOnce: the end of an attached stdin ends that attach."""
        status, body = self.daemon.api_json("POST", "/containers/create?name=" + name, {
            "Image": "busybox", "Cmd": ["sh", "-c", SCRIPT], "OpenStdin": True})
        self.assertEqual(status, 201, body)
        self.addCleanup(self.daemon.docker, "rm", "-f", name, check=False)

    def start(self, name):
        status, _, body = self.daemon.api("POST", "/containers/%s/start" % name)
        self.assertEqual(status, 204, body)

    def state(self, name):
        return self.daemon.api_json("GET", "/containers/%s/json" % name)[1]["State"]

    def assert_exits_promptly(self, name, started):
        wait_until(lambda: self.state(name)["Status"] == "exited", PROMPT + 10, 0.05,
                   "exit of " + name)
        self.assertLess(time.monotonic() - started, PROMPT, "the shim waited for a gone attach")

    def attach_and_leave(self, name):
        """An attach registered before the start whose client has gone before it."""
        self.attach(name).close_and_wait_until_noticed(self.daemon.proc.pid)

    def attach(self, name, stdin=False):
        a = Hijack(self.daemon.socket_path, name, stdin)
        self.addCleanup(a.close)
        return a

    def test_attach_closed_before_start_is_not_waited_for(self):
        self.create("gone_short", "sh", "-c", "echo hi")
        self.attach_and_leave("gone_short")
        started = time.monotonic()
        self.start("gone_short")
        self.assert_exits_promptly("gone_short", started)

    def test_attach_closed_before_start_does_not_stall_big_output(self):
        # Past 4 MiB the shim pauses the output for the attaches it counted.
        self.create("gone_big", "sh", "-c", "head -c 6000000 /dev/zero")
        self.attach_and_leave("gone_big")
        started = time.monotonic()
        self.start("gone_big")
        self.assert_exits_promptly("gone_big", started)

    def test_attach_that_stays_gets_everything_after_one_left(self):
        self.create("stays", "sh", "-c", SCRIPT)
        self.attach_and_leave("stays")
        kept = self.attach("stays")
        started = time.monotonic()
        self.start("stays")
        self.assertEqual(kept.read_all(), (STDOUT, "E\n"))
        self.assert_exits_promptly("stays", started)
        # A later attach with the next start is complete too.
        later = self.attach("stays")
        self.start("stays")
        self.assertEqual(later.read_all(), (STDOUT, "E\n"))

    def test_attaches_leaving_around_the_start(self):
        # Clients leave just before, during or just after the start (the end of an attached
        # stdin ends an attach at once; the start wires a network namespace meanwhile):
        # whichever way each race goes, the container is not kept waiting for them and the
        # attach that stays gets the whole output.
        self.create_open_stdin("race")
        for round in range(6):
            leaving = [self.attach("race", stdin=True) for _ in range(4)]
            kept = self.attach("race")

            def leave_spread():  # offsets across the start, not a wait for anything
                for i, a in enumerate(leaving):
                    time.sleep(0.015 * round * i / 3)
                    a.sock.shutdown(socket.SHUT_WR)
            started = time.monotonic()
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                leave = pool.submit(leave_spread)
                self.start("race")
                leave.result()
            self.assertEqual(kept.read_all(), (STDOUT, "E\n"), "round %d" % round)
            self.assert_exits_promptly("race", started)
            for a in leaving:
                a.close()

    def test_stop_answers_after_the_network_is_released(self):
        d = self.daemon
        d.docker("run", "-d", "--name", "stopnet", "busybox", "sleep", "300")
        self.addCleanup(d.docker, "rm", "-f", "stopnet", check=False)
        for i in range(20):
            if i:
                self.start("stopnet")
            status, _, body = d.api("POST", "/containers/stopnet/stop?t=0")
            self.assertEqual(status, 204, body)
            info = d.api_json("GET", "/containers/stopnet/json")[1]
            self.assertFalse(info["State"]["Running"], "stop %d" % i)
            networks = info["NetworkSettings"]["Networks"]
            self.assertIn("bridge", networks)
            self.assertEqual(networks["bridge"]["EndpointID"], "", "stop %d" % i)
            self.assertEqual(networks["bridge"]["IPAddress"], "", "stop %d" % i)


if __name__ == "__main__":
    unittest.main()
