"""docker exec (issue 13): the exec'd process joins every namespace and the cgroup of the
container with its confinement (capabilities, seccomp, no_new_privs, only fds 0-2), through
the docker CLI, the Python SDK's exec_run and `mydocker exec`; Docker's exit codes and
errors. One daemon and one long-running container for the module."""

import fcntl
import json
import os
import pty
import select
import struct
import termios
import time
import unittest

from testdaemon import DaemonTestCase, wait_until

STATUS_KEYS = ("CapEff", "Seccomp", "NoNewPrivs")


def status_fields(text):
    out = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in STATUS_KEYS:
            out[key] = value.strip()
    return out


class PtySession:
    """A program on a new pseudo-terminal of ROWSxCOLS, driven like a user at a terminal."""

    def __init__(self, argv, env, rows=30, cols=100):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child: the terminal's size first, as a user's terminal has one
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execvpe(argv[0], argv, env)
        self.output = b""

    def expect(self, needle, timeout=20):
        deadline = time.monotonic() + timeout
        while needle.encode() not in self.output:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("%r not seen in %r" % (needle, self.output))
            if select.select([self.fd], [], [], left)[0]:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise AssertionError("%r not seen before EOF: %r" % (needle, self.output))
                self.output += chunk

    def send(self, text):
        os.write(self.fd, text.encode())

    def exit_code(self, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
            if select.select([self.fd], [], [], 0.2)[0]:
                try:
                    self.output += os.read(self.fd, 4096)
                except OSError:
                    pass
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        os.close(self.fd)
        raise AssertionError("still running: %r" % self.output)


class ExecTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.daemon.docker("run", "-d", "--name", "ex", "-h", "exhost", "-e", "FOO=bar",
                          "-w", "/tmp", "--oom-score-adj", "300", "busybox", "sleep", "600")
        cls.init_pid = json.loads(cls.daemon.docker("inspect", "ex").stdout)[0]["State"]["Pid"]

    def exec_ok(self, *args, input=None):
        return self.daemon.docker("exec", *args, input=input, timeout=30).stdout

    def test_sees_the_containers_namespaces(self):
        self.assertEqual(self.exec_ok("ex", "hostname"), "exhost\n")
        self.assertEqual(self.exec_ok("ex", "cat", "/proc/1/cmdline"), "sleep\0" + "600\0")
        ps = self.exec_ok("ex", "ps", "-o", "pid,comm")
        self.assertRegex(ps, r"\n\s*1 sleep\n")
        self.exec_ok("ex", "sh", "-c", "echo made-by-exec > /tmp/mark")
        self.assertEqual(self.exec_ok("ex", "cat", "/tmp/mark"), "made-by-exec\n")
        # every namespace is the container's (seen from the host)
        pid = self.detached_pid("sleep 30")
        try:
            for ns in ("mnt", "pid", "uts", "ipc", "net", "cgroup", "user"):
                self.assertEqual(os.readlink("/proc/%d/ns/%s" % (pid, ns)),
                                 os.readlink("/proc/%d/ns/%s" % (self.init_pid, ns)), ns)
            with open("/proc/%d/cgroup" % pid) as a, open("/proc/%d/cgroup" % self.init_pid) as b:
                self.assertEqual(a.read(), b.read())
        finally:
            os.kill(pid, 9)

    def detached_pid(self, command):
        status, body = self.daemon.api_json("POST", "/containers/ex/exec",
                                            {"Cmd": ["sh", "-c", command]})
        self.assertEqual(status, 201, body)
        exec_id = body["Id"]
        status, _, _ = self.daemon.api("POST", "/exec/%s/start" % exec_id, {"Detach": True})
        self.assertEqual(status, 200)
        info = self.daemon.api_json("GET", "/exec/%s/json" % exec_id)[1]
        self.assertTrue(info["Running"])
        self.assertIn(exec_id, json.loads(self.daemon.docker("inspect", "ex").stdout)[0]["ExecIDs"])
        return info["Pid"]

    def test_env_workdir_user(self):
        out = self.exec_ok("-e", "X=1", "-e", "FOO=over", "ex", "sh", "-c", 'echo "$FOO $X"; pwd')
        self.assertEqual(out, "over 1\n/tmp\n")
        self.assertEqual(self.exec_ok("-w", "/etc", "ex", "pwd"), "/etc\n")
        # -w and -u are resolved inside the container: a host-only directory is not there
        host_only = os.path.dirname(os.path.abspath(__file__))
        res = self.daemon.docker("exec", "-w", host_only, "ex", "pwd", check=False)
        self.assertEqual(res.returncode, 126, res.stdout)
        self.assertIn('chdir to cwd ("%s")' % host_only, res.stdout)
        self.assertIn("uid=65534(nobody)", self.exec_ok("-u", "nobody", "ex", "id"))
        self.assertEqual(self.exec_ok("-i", "ex", "cat", input="hi\n"), "hi\n")

    def test_background_child_does_not_hold_the_stream(self):
        started = time.monotonic()
        self.exec_ok("ex", "sh", "-c", "sleep 31 &")
        self.assertLess(time.monotonic() - started, 15)  # dockerd: about 2 s after the exit
        top = self.daemon.api_json("GET", "/containers/ex/top")[1]["Processes"]
        for p in top:
            if p[7] == "sleep 31":
                os.kill(int(p[1]), 9)

    def test_exit_codes(self):
        for args, code, text in ((["sh", "-c", "exit 3"], 3, ""),
                                 (["nosuch"], 127, "executable file not found in $PATH"),
                                 (["/etc"], 126, 'exec: "/etc"')):
            for run in (self.daemon.docker, self.daemon.cli):
                res = run("exec", "ex", *args, check=False, timeout=30)
                self.assertEqual(res.returncode, code, (args, res.stdout, res.stderr))
                self.assertIn(text, res.stdout + res.stderr)

    def test_confinement_matches_pid_1(self):
        script = ("cat /proc/1/status; echo ===; cat /proc/self/status; echo ===; "
                  "ls /proc/self/fd; echo ===; cat /proc/1/oom_score_adj /proc/self/oom_score_adj")
        init, own, fds, oom = self.exec_ok("ex", "sh", "-c", script).split("===\n")
        self.assertEqual(oom, "300\n300\n")
        self.assertEqual(status_fields(own), status_fields(init))
        self.assertEqual(status_fields(own)["Seccomp"], "2")
        # ls's own directory fd is 3: nothing of the daemon's or the helper's
        self.assertEqual(fds.split(), ["0", "1", "2", "3"])
        priv = status_fields(self.exec_ok("--privileged", "ex", "cat", "/proc/self/status"))
        with open("/proc/self/status") as f:
            host = status_fields(f.read())
        self.assertEqual(priv["CapEff"], host["CapEff"])
        self.assertNotEqual(priv["CapEff"], status_fields(init)["CapEff"])

    def test_sdk_exec_run(self):
        c = self.daemon.sdk().containers.get("ex")
        res = c.exec_run(["sh", "-c", "echo out; echo err >&2; exit 4"], demux=True)
        self.assertEqual(res.exit_code, 4)
        self.assertEqual(res.output, (b"out\n", b"err\n"))
        self.assertEqual(c.exec_run("hostname", user="nobody").output, b"exhost\n")
        self.assertFalse(c.exec_run("true", detach=True).output)
        self.assertEqual(self.daemon.docker("exec", "-d", "ex", "true").stdout, "")

    def test_mydocker_exec(self):
        self.assertEqual(self.daemon.cli("exec", "ex", "hostname").stdout, "exhost\n")
        out = self.daemon.cli("exec", "-i", "-e", "Y=2", "-w", "/", "ex", "sh", "-c",
                              'cat; echo "$Y"; pwd', input="in\n").stdout
        self.assertEqual(out, "in\n2\n/\n")
        self.assertEqual(self.daemon.cli("exec", "-d", "ex", "true").stdout, "")

    def test_exec_it_in_a_pty(self):
        for cli in ("docker", "mydocker"):
            argv = ([os.path.join(self.daemon.bin_dir, "mydocker"), "-H", self.daemon.host]
                    if cli == "mydocker" else ["docker"])
            session = PtySession(argv + ["exec", "-it", "ex", "sh"], self.daemon.env())
            session.send("echo $((6*7)); stty size; tty\r")
            session.expect("42")
            session.expect("30 100")
            session.expect("/dev/pts/0")  # the container's own devpts instance
            session.send("exit 3\r")
            self.assertEqual(session.exit_code(), 3, (cli, session.output))

    def test_exec_it_detach_keys(self):
        session = PtySession(["docker", "exec", "-it", "ex", "sleep", "777"], self.daemon.env())
        def sleepers():
            top = self.daemon.api_json("GET", "/containers/ex/top")[1]["Processes"]
            return [int(p[1]) for p in top if p[7] == "sleep 777"]

        # started (so the CLI's terminal is raw: a cooked one would eat ctrl-q as XON)
        wait_until(sleepers, timeout=20, message="exec'd sleep 777 running")
        try:
            session.send("\x10\x11")  # ctrl-p ctrl-q: the CLI leaves, the process goes on
            session.exit_code()
            self.assertEqual(len(sleepers()), 1)
        finally:
            for pid in sleepers():
                os.kill(pid, 9)

    def test_exec_inspect_and_errors(self):
        status, body = self.daemon.api_json("POST", "/containers/ex/exec",
                                            {"Cmd": ["echo", "a", "b"], "AttachStdout": True})
        exec_id = body["Id"]
        status, info = self.daemon.api_json("GET", "/exec/%s/json" % exec_id)
        self.assertEqual(status, 200)
        self.assertEqual(info["ProcessConfig"],
                         {"tty": False, "entrypoint": "echo", "arguments": ["a", "b"],
                          "privileged": False})
        self.assertFalse(info["Running"])
        self.assertIsNone(info["ExitCode"])
        self.assertTrue(info["OpenStdout"])
        self.assertEqual(info["ContainerID"],
                         json.loads(self.daemon.docker("inspect", "ex").stdout)[0]["Id"])
        status, body = self.daemon.api_json("GET", "/exec/nope/json")
        self.assertEqual((status, body), (404, {"message": "No such exec instance: nope"}))

    def test_paused_and_stopped_containers(self):
        self.daemon.docker("run", "-d", "--name", "expause", "busybox", "sleep", "600")
        self.addCleanup(self.daemon.docker, "rm", "-f", "expause", check=False)
        kept = self.daemon.api_json("POST", "/containers/expause/exec", {"Cmd": ["true"]})[1]["Id"]
        self.daemon.docker("pause", "expause")
        res = self.daemon.docker("exec", "expause", "true", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("Container expause is paused, unpause the container before exec",
                      res.stderr)
        self.daemon.docker("unpause", "expause")
        self.daemon.docker("kill", "expause")
        self.daemon.docker("wait", "expause")  # the kill is asynchronous
        status, body = self.daemon.api_json("POST", "/containers/expause/exec", {"Cmd": ["true"]})
        self.assertEqual(status, 409)
        self.assertRegex(body["message"], r"^Container [0-9a-f]{64} is not running$")
        res = self.daemon.cli("exec", "expause", "true", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("is not running", res.stderr)
        # exec instances go with their container
        self.assertEqual(self.daemon.api("GET", "/exec/%s/json" % kept)[0], 200)
        self.daemon.docker("rm", "expause")
        self.assertEqual(self.daemon.api("GET", "/exec/%s/json" % kept)[0], 404)


if __name__ == "__main__":
    unittest.main()
