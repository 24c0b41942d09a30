"""TTY, attach with stdin, detach keys, resize and run -it, driven through a real
pseudo-terminal (Python's pty module) with the docker CLI and mydocker."""

import fcntl
import os
import re
import select
import signal
import socket
import struct
import subprocess
import termios
import time
import unittest

from testdaemon import DOCKER_CLI, DaemonTestCase, wait_until


class PtyProcess:
    """A CLI run on the slave side of a new pty (its controlling terminal), read and typed
    to through the master."""

    def __init__(self, argv, env, rows=24, cols=80):
        self.master, slave = os.openpty()
        self._set_size(slave, rows, cols)
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     start_new_session=True,
                                     preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
        os.close(slave)
        self.output = b""
        self._seen = 0

    @staticmethod
    def _set_size(fd, rows, cols):
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def resize(self, rows, cols):
        self._set_size(self.master, rows, cols)  # the kernel sends SIGWINCH to the CLI

    def _read(self, timeout):
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: every slave descriptor is closed
            data = b""
        self.output += data
        return bool(data)

    def expect(self, pattern, timeout=15):
        """Waits for `pattern` (regex bytes) in the output after the last match."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while True:
            m = regex.search(self.output, self._seen)
            if m:
                self._seen = m.end()
                return m
            left = deadline - time.monotonic()
            if left <= 0 or (not self._read(left) and self.proc.poll() is not None):
                raise AssertionError("no %r in %r" % (pattern, self.output[-2000:]))

    def send(self, data):
        os.write(self.master, data)

    def wait(self, timeout=15):
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            self._read(0.05)
        code = self.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        while self._read(0.2):  # what it wrote just before exiting is still in the pty
            pass
        return code

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


class TtyAttachTest(DaemonTestCase):
    import_busybox = True

    def pty_run(self, *argv, **size):
        p = PtyProcess(list(argv), self.daemon.env(), **size)
        self.addCleanup(p.close)
        return p

    def docker_argv(self, *args):
        return [DOCKER_CLI] + list(args)

    def mydocker_argv(self, *args):
        return [os.path.join(self.daemon.bin_dir, "mydocker"), "-H", self.daemon.host] + list(args)

    def shell_session(self, argv):
        p = self.pty_run(*argv)
        p.expect(rb"/ # ")
        p.send(b"echo $((6*7))\r")
        p.expect(rb"\r\n42\r\n")
        p.send(b"exit 3\r")
        self.assertEqual(p.wait(), 3)

    def test_docker_run_it_shell_computes_and_exits_with_its_status(self):
        self.shell_session(self.docker_argv("run", "--rm", "-it", "busybox", "sh"))

    def test_mydocker_run_it_shell_computes_and_exits_with_its_status(self):
        self.shell_session(self.mydocker_argv("run", "--rm", "-it", "busybox", "sh"))

    def test_resize_is_seen_by_stty_inside(self):
        p = self.pty_run(*self.docker_argv("run", "--rm", "-it", "busybox", "sh"), rows=24, cols=80)
        p.expect(rb"/ # ")
        p.send(b"stty size\r")
        p.expect(rb"\r\n24 80\r\n")  # the size at start (ConsoleSize, then the CLI's resize)
        p.resize(33, 101)

        def resized():
            p.send(b"stty size\r")
            try:
                p.expect(rb"\r\n33 101\r\n", timeout=0.5)
                return True
            except AssertionError:
                return False
        wait_until(resized, 10, 0.05, "stty size 33 101")
        p.send(b"exit\r")
        self.assertEqual(p.wait(), 0)

    def test_detach_keys_then_attach_reattaches(self):
        d = self.daemon
        p = self.pty_run(*self.docker_argv("run", "-it", "--name", "detachable", "busybox", "sh"))
        self.addCleanup(d.cli, "rm", "-f", "detachable", check=False)
        p.expect(rb"/ # ")
        p.send(b"\x10\x11")  # ctrl-p ctrl-q
        self.assertEqual(p.wait(), 0)  # run -it detaches silently (as with dockerd)
        self.assertEqual(d.cli("inspect", "-f", "{{.State.Running}}", "detachable").stdout, "true\n")
        again = self.pty_run(*self.mydocker_argv("attach", "detachable"))
        again.send(b"echo back$((1+1))\r")
        again.expect(rb"back2")
        again.send(b"\x01\x02")  # not the keys: passed to the shell
        again.send(b"\x15exit 5\r")  # ctrl-u clears the line first
        self.assertEqual(again.wait(), 5)

    def test_mydocker_attach_detaches_with_docker_words(self):
        d = self.daemon
        d.cli("run", "-dit", "--name", "mykeys", "busybox", "sh")
        self.addCleanup(d.cli, "rm", "-f", "mykeys", check=False)
        p = self.pty_run(*self.mydocker_argv("attach", "mykeys"))
        p.send(b"echo at$((3+3))\r")
        p.expect(rb"at6")
        p.send(b"\x10\x11")
        self.assertEqual(p.wait(), 1)
        self.assertIn(b"read escape sequence", p.output)
        self.assertEqual(d.cli("inspect", "-f", "{{.State.Running}}", "mykeys").stdout, "true\n")
        d.cli("create", "--name", "stopped", "busybox", "true")
        self.addCleanup(d.cli, "rm", "-f", "stopped", check=False)
        for run in (d.docker, d.cli):
            res = run("attach", "stopped", check=False)
            self.assertEqual((res.returncode, res.stderr.strip()),
                             (1, "You cannot attach to a stopped container, start it first"))
        res = d.cli("attach", "nosuch", check=False)
        self.assertEqual((res.returncode, res.stderr.strip()),
                         (1, "Error response from daemon: No such container: nosuch"))

    def test_custom_detach_keys_through_the_docker_cli_attach(self):
        d = self.daemon
        d.cli("run", "-dit", "--name", "keys", "busybox", "sh")
        self.addCleanup(d.cli, "rm", "-f", "keys", check=False)
        p = self.pty_run(*self.docker_argv("attach", "--detach-keys", "ctrl-a,x", "keys"))
        p.send(b"echo in$((2+2))\r")
        p.expect(rb"in4")
        p.send(b"\x01x")
        self.assertEqual(p.wait(), 1)  # dockerd 20.10 + docker CLI: 1, "read escape sequence"
        self.assertIn(b"read escape sequence", p.output)
        self.assertEqual(d.cli("inspect", "-f", "{{.State.Running}}", "keys").stdout, "true\n")

    def test_piped_stdin_reaches_cat_and_closes(self):
        for run in (self.daemon.docker, self.daemon.cli):
            with self.subTest(cli=run.__name__):
                res = run("run", "-i", "--rm", "busybox", "cat", input="hi\n", timeout=30)
                self.assertEqual((res.returncode, res.stdout), (0, "hi\n"))

    def test_piped_stdin_with_a_large_input_arrives_whole(self):
        data = "".join("line %d\n" % i for i in range(20000))
        res = self.daemon.docker("run", "-i", "--rm", "busybox", "wc", "-l", input=data, timeout=30)
        self.assertEqual(res.stdout.strip(), "20000")

    def attach_and_echo(self, cid, text):
        api = self.daemon.sdk().api
        sock = api.attach_socket(cid, params={"stdin": 1, "stdout": 1, "stream": 1})
        raw = sock._sock
        self.addCleanup(raw.close)
        raw.sendall(text)
        got = b""
        raw.settimeout(10)
        while text not in got:
            chunk = raw.recv(4096)
            self.assertTrue(chunk, "attach ended early: %r" % got)
            got += chunk
        return got

    def test_sdk_attach_socket_sends_stdin_and_reads_output(self):
        api = self.daemon.sdk().api
        c = api.create_container("busybox", "cat", stdin_open=True)
        self.addCleanup(api.remove_container, c["Id"], force=True)
        api.start(c["Id"])
        got = self.attach_and_echo(c["Id"], b"ping\n")
        self.assertEqual(got[:8], b"\x01\x00\x00\x00\x00\x00\x00\x05")  # one stdout frame

    def test_attach_after_a_daemon_restart_reaches_the_running_shim(self):
        d = self.daemon
        cid = d.cli("run", "-di", "--name", "survivor", "busybox", "cat").stdout.strip()
        self.addCleanup(d.cli, "rm", "-f", "survivor", check=False)
        d.restart()
        self.attach_and_echo(cid, b"still here\n")

    def test_resize_statuses(self):
        d = self.daemon
        status, _, body = d.api("POST", "/containers/nosuch/resize?h=10&w=10")
        self.assertEqual(status, 404)
        d.cli("create", "--name", "idle", "-t", "busybox", "sh")
        self.addCleanup(d.cli, "rm", "-f", "idle", check=False)
        status, _, body = d.api("POST", "/containers/idle/resize?h=10&w=10")
        self.assertEqual(status, 409)
        self.assertIn(b"is not running", body)
        status, _, body = d.api("POST", "/containers/idle/resize?h=x&w=10")
        self.assertEqual(status, 400)

    def test_tty_devpts_is_the_containers_own_and_the_shim_socket_unreachable(self):
        d = self.daemon
        sock_glob = os.path.join(d.exec_root, "containers")
        res = d.docker("run", "--rm", "-t", "busybox", "sh", "-c",
                       "ls /dev/pts; tty; ls %s 2>&1 || echo unreachable" % sock_glob)
        lines = res.stdout.replace("\r", "").split("\n")
        self.assertEqual(lines[0].split(), ["0", "ptmx"])  # no host pts in its devpts
        self.assertEqual(lines[1], "/dev/pts/0")
        self.assertIn("unreachable", res.stdout)
        # On the host the socket is root's only.
        d.cli("run", "-d", "--name", "sockmode", "busybox", "sleep", "100")
        self.addCleanup(d.cli, "rm", "-f", "sockmode", check=False)
        cid = d.cli("inspect", "-f", "{{.Id}}", "sockmode").stdout.strip()
        mode = os.stat(os.path.join(sock_glob, cid, "attach.sock")).st_mode & 0o777
        self.assertEqual(mode, 0o600)

    def test_tty_log_is_stdout_only_as_docker(self):
        d = self.daemon
        d.docker("run", "--name", "ttylog", "-t", "busybox", "sh", "-c", "echo out; echo err >&2")
        self.addCleanup(d.cli, "rm", "-f", "ttylog", check=False)
        res = d.docker("logs", "ttylog")
        self.assertEqual((res.stdout, res.stderr), ("out\r\nerr\r\n", ""))

    def test_tty_with_stdin_not_a_terminal_as_the_docker_cli(self):
        # -it (or -t -a stdin) with piped input: docker 28 refuses before creating anything,
        # exit 1; -t alone runs with the container's terminal output (\r\n)
        d = self.daemon
        before = d.docker("ps", "-aq").stdout
        for run in (d.docker, d.cli):
            for flags in (["-it"], ["-t", "-i"], ["-t", "-a", "stdin"]):
                res = run("run", "--rm", *flags, "busybox", "echo", "hi", input=b"", check=False)
                self.assertEqual((res.returncode, res.stdout, res.stderr),
                                 (1, "", "the input device is not a TTY\n"), (run, flags))
            res = run("run", "--rm", "-t", "busybox", "echo", "hi", input=b"", check=False)
            self.assertEqual((res.returncode, res.stdout), (0, "hi\r\n"), run)
        self.assertEqual(d.docker("ps", "-aq").stdout, before)  # nothing created, --rm gone

    def test_exec_and_attach_refuse_a_terminal_without_one_as_the_docker_cli(self):
        # exec -it and attach to a TTY container with piped input: docker 28's CheckTty, exit 1;
        # exec -t alone runs; a missing container is reported before the terminal.
        d = self.daemon
        cid = d.docker("run", "-dit", "busybox", "sh").stdout.strip()
        self.addCleanup(d.docker, "rm", "-f", cid, check=False)
        for run in (d.docker, d.cli):
            for argv in (["exec", "-it", cid, "true"], ["attach", cid]):
                res = run(*argv, input=b"", check=False, timeout=20)
                self.assertEqual((res.returncode, res.stdout, res.stderr),
                                 (1, "", "the input device is not a TTY\n"), (run, argv))
            res = run("exec", "-t", cid, "echo", "hi", input=b"", check=False)
            self.assertEqual((res.returncode, res.stdout), (0, "hi\r\n"), run)
            res = run("exec", "-it", "no-such-container", "true", input=b"", check=False)
            self.assertEqual(res.returncode, 1, run)
            self.assertIn("No such container", res.stderr, run)


if __name__ == "__main__":
    unittest.main()
