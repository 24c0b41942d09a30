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
