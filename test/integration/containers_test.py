"""Containers through the socket (issue 3 scenario, without pause/cgroups yet): the docker
CLI and the Python SDK run, list, stop, start, log, inspect and remove containers; a
daemon kill -9 leaves running containers running."""

import json
import os
import time
import unittest

from testdaemon import DaemonTestCase, wait_until


class DockerCliContainersTest(DaemonTestCase):
    import_busybox = True

    def test_run_rm_prints_output_and_leaves_nothing(self):
        res = self.daemon.docker("run", "--rm", "busybox", "echo", "hi")
        self.assertEqual(res.stdout, "hi\n")
        self.assertEqual(self.daemon.docker("ps", "-aq").stdout.strip(), "")
        rw = os.path.join(self.daemon.data_root, "containers-rw")
        self.assertEqual([n for n in os.listdir(rw) if not n.startswith("tmp-")], [])

    def test_exit_codes_and_streams(self):
        res = self.daemon.docker("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3",
                                 check=False)
        self.assertEqual(res.returncode, 3)
        self.assertEqual(res.stdout, "out\n")
        self.assertEqual(res.stderr, "err\n")
        res = self.daemon.docker("run", "--rm", "busybox", "nosuch", check=False)
        self.assertEqual(res.returncode, 127)
        self.assertIn('exec: "nosuch": executable file not found in $PATH', res.stderr)

    def test_detached_lifecycle(self):
        d = self.daemon
        cid = d.docker("run", "-d", "--name", "web", "busybox", "sh", "-c",
                       "echo started; exec sleep 1000").stdout.strip()
        self.addCleanup(d.docker, "rm", "-f", "web", check=False)
        self.assertEqual(len(cid), 64)
        ps = d.docker("ps").stdout
        self.assertIn("web", ps)
        self.assertIn("Up ", ps)
        wait_until(lambda: "started" in d.docker("logs", "web").stdout, 10, message="log line")
        d.docker("stop", "-t", "1", "web")
        state = json.loads(d.docker("inspect", "web").stdout)[0]["State"]
        self.assertEqual((state["Status"], state["ExitCode"]), ("exited", 137))
        self.assertIn("Exited (137)", d.docker("ps", "-a").stdout)
        d.docker("start", "web")
        self.assertEqual(d.docker("inspect", "-f", "{{.State.Running}}", "web").stdout.strip(), "true")
        res = d.docker("rm", "web", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("container is running: stop the container before removing or force remove", res.stderr)
        d.docker("rm", "-f", "web")
        self.assertNotIn("web", d.docker("ps", "-a").stdout)

    def test_errors_match_docker(self):
        res = self.daemon.docker("start", "nosuch", check=False)
        self.assertIn("No such container: nosuch", res.stderr)
        self.daemon.docker("create", "--name", "dup", "busybox", "true")
        self.addCleanup(self.daemon.docker, "rm", "-f", "dup", check=False)
        res = self.daemon.docker("run", "--name", "dup", "busybox", "true", check=False)
        self.assertEqual(res.returncode, 125)
        self.assertIn('The container name "/dup" is already in use', res.stderr)
        res = self.daemon.docker("rmi", "busybox", check=False)
        self.assertIn("(must force) - container", res.stderr)


    def test_generated_names_are_unique(self):
        ids = [self.daemon.docker("create", "busybox", "true").stdout.strip() for _ in range(30)]
        self.addCleanup(self.daemon.docker, "rm", *ids, check=False)
        names = self.daemon.docker("ps", "-a", "--format", "{{.Names}}").stdout.split()
        self.assertEqual(len(set(names)), len(names))
        self.assertGreaterEqual(len(names), 30)


    def test_pause_unpause_freezes_processes(self):
        d = self.daemon
        d.docker("run", "-d", "--name", "frozen", "busybox", "sh", "-c", "while true; do echo x; sleep 0.05; done")
        self.addCleanup(d.docker, "rm", "-f", "frozen", check=False)
        d.docker("pause", "frozen")
        self.assertIn("(Paused)", d.docker("ps").stdout)
        self.assertEqual(d.docker("inspect", "-f", "{{.State.Status}}", "frozen").stdout.strip(), "paused")
        frozen_lines = d.docker("logs", "frozen").stdout.count("x")
        time.sleep(0.3)  # a frozen container must stay silent for a while: this asserts absence
        self.assertEqual(d.docker("logs", "frozen").stdout.count("x"), frozen_lines)
        res = d.docker("pause", "frozen", check=False)
        self.assertIn("is already paused", res.stderr)
        d.docker("unpause", "frozen")
        wait_until(lambda: d.docker("logs", "frozen").stdout.count("x") > frozen_lines, 10, message="log resumes")
        self.assertIn("Up ", d.docker("ps").stdout)

    def test_memory_limit_ooms_and_pids_limit_holds(self):
        d = self.daemon
        res = d.docker("run", "--name", "hog", "--memory", "32m", "busybox", "sh", "-c",
                       "x=aaaaaaaaaaaaaaaa; while true; do x=$x$x; done", check=False, timeout=120)
        self.addCleanup(d.docker, "rm", "-f", "hog", check=False)
        self.assertEqual(res.returncode, 137)
        self.assertEqual(d.docker("inspect", "-f", "{{.State.OOMKilled}}", "hog").stdout.strip(), "true")
        res = d.docker("run", "--rm", "--pids-limit", "10", "busybox", "sh", "-c",
                       "for i in $(seq 30); do sleep 10 & done; exec sleep 10", check=False, timeout=120)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("fork", res.stderr)

    def test_rm_leaves_no_mounts_cgroups_or_processes(self):
        d = self.daemon
        for _ in range(10):
            d.docker("run", "--rm", "busybox", "true")
            cid = d.docker("create", "busybox", "sleep", "100").stdout.strip()
            d.docker("start", cid)
            d.docker("rm", "-f", cid)
        with open("/proc/self/mountinfo") as f:
            self.assertNotIn(d.root, f.read())
        leftovers = []
        for base, dirs, _ in os.walk("/sys/fs/cgroup"):
            if os.path.basename(base) == d.cgroup_parent:
                leftovers += dirs
            if base.count("/") > 6:
                dirs[:] = []
        self.assertEqual(leftovers, [])
        shims = [(p, _cmdline(p)) for p in os.listdir("/proc")
                 if p.isdigit() and int(p) != d.proc.pid and d.exec_root in _cmdline(p)]
        self.assertEqual(shims, [])


def _cmdline(pid):
    try:
        with open("/proc/%s/cmdline" % pid, "rb") as f:
            return f.read().decode(errors="replace")
    except OSError:
        return ""


class SdkContainersTest(DaemonTestCase):
    import_busybox = True

    def test_sdk_run_detach_kill_wait_remove(self):
        client = self.daemon.sdk()
        self.assertEqual(client.containers.run("busybox", "echo hi from sdk", remove=True), b"hi from sdk\n")
        c = client.containers.run("busybox", "sleep 100", detach=True, name="sdk1")
        self.assertEqual(client.containers.get("sdk1").status, "running")
        self.assertEqual([x.name for x in client.containers.list()], ["sdk1"])
        c.kill()
        self.assertEqual(c.wait()["StatusCode"], 137)
        c.remove()
        self.assertEqual(client.containers.list(all=True), [])


class RestartSurvivalTest(DaemonTestCase):
    import_busybox = True

    def test_containers_survive_daemon_kill9(self):
        d = self.daemon
        d.docker("run", "-d", "--name", "survivor", "busybox", "sh", "-c",
                 "while true; do echo tick; sleep 0.1; done")
        d.docker("run", "-d", "--name", "short", "busybox", "sh", "-c", "sleep 1; exit 7")
        self.addCleanup(d.docker, "rm", "-f", "survivor", "short", check=False)
        pid = json.loads(d.docker("inspect", "survivor").stdout)[0]["State"]["Pid"]
        d.kill9()
        self.assertTrue(os.path.exists("/proc/%d" % pid))
        d.start()
        self.assertIn("survivor", d.docker("ps").stdout)
        before = d.docker("logs", "survivor").stdout.count("tick")
        wait_until(lambda: d.docker("logs", "survivor").stdout.count("tick") > before, 10, message="log grows")
        wait_until(lambda: d.docker("inspect", "-f", "{{.State.Status}}", "short").stdout.strip() == "exited",
                   15, message="short exits")
        self.assertEqual(d.docker("inspect", "-f", "{{.State.ExitCode}}", "short").stdout.strip(), "7")


if __name__ == "__main__":
    unittest.main()
