"""Restart policies, rename, prune, the before/since filters and size=1, through the docker
CLI, our CLI and the Python SDK."""

import json
import unittest

from testdaemon import DaemonTestCase, wait_until


def state(d, name):
    return json.loads(d.docker("inspect", name).stdout)[0]


class RestartPolicyTest(DaemonTestCase):
    import_busybox = True

    def test_on_failure_retries_then_gives_up(self):
        d = self.daemon
        d.docker("run", "-d", "--name", "fails", "--restart", "on-failure:2", "busybox", "sh", "-c", "exit 3")
        self.addCleanup(d.docker, "rm", "-f", "fails", check=False)
        # Backoff 100 ms then 200 ms: two restarts, then the container stays exited.
        wait_until(lambda: state(d, "fails")["RestartCount"] == 2 and
                   state(d, "fails")["State"]["Status"] == "exited", 15, message="two restarts")
        s = state(d, "fails")
        self.assertEqual(s["State"]["ExitCode"], 3)
        self.assertEqual(s["HostConfig"]["RestartPolicy"], {"Name": "on-failure", "MaximumRetryCount": 2})

    def test_on_failure_does_not_restart_success(self):
        d = self.daemon
        d.docker("run", "-d", "--name", "ok", "--restart", "on-failure", "busybox", "true")
        self.addCleanup(d.docker, "rm", "-f", "ok", check=False)
        wait_until(lambda: state(d, "ok")["State"]["Status"] == "exited", 10)
        self.assertEqual(state(d, "ok")["RestartCount"], 0)

    def test_always_restarts_and_stop_ends_it(self):
        d = self.daemon
        d.docker("run", "-d", "--name", "loop", "--restart", "always", "busybox", "sh", "-c", "echo run; exit 1")
        self.addCleanup(d.docker, "rm", "-f", "loop", check=False)
        wait_until(lambda: state(d, "loop")["RestartCount"] >= 3, 15, message="three restarts")
        wait_until(lambda: d.docker("logs", "loop").stdout.count("run") >= 3, 10, message="logs of each run")
        d.docker("stop", "-t", "1", "loop")
        s = state(d, "loop")["State"]
        self.assertEqual(s["Status"], "exited")
        count = state(d, "loop")["RestartCount"]
        # Stopped by the user: no further restart is scheduled.
        res = d.docker("start", "loop")
        self.assertEqual(res.returncode, 0)
        d.docker("stop", "-t", "1", "loop")
        self.assertEqual(state(d, "loop")["State"]["Status"], "exited")
        self.assertGreaterEqual(state(d, "loop")["RestartCount"], count)

    def test_restarting_container_refuses_rm_without_force(self):
        d = self.daemon
        d.docker("run", "-d", "--name", "flappy", "--restart", "always", "busybox", "sh", "-c", "sleep 0.3; exit 1")
        self.addCleanup(d.docker, "rm", "-f", "flappy", check=False)
        wait_until(lambda: state(d, "flappy")["State"]["Restarting"], 15, message="restarting state")
        self.assertIn("Restarting (1)", d.docker("ps").stdout)
        d.docker("rm", "-f", "flappy")
        self.assertNotIn("flappy", d.docker("ps", "-a").stdout)

    def test_bad_policies_are_refused(self):
        d = self.daemon
        res = d.docker("run", "-d", "--restart", "sometimes", "busybox", "true", check=False)
        self.assertEqual(res.returncode, 125)
        self.assertIn("invalid restart policy: unknown policy 'sometimes'", res.stderr)
        res = d.docker("run", "-d", "--restart", "always:3", "busybox", "true", check=False)
        self.assertIn("maximum retry count can only be used with 'on-failure'", res.stderr)
        res = d.cli("run", "--rm", "--restart", "always", "busybox", "true", check=False)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("can't create 'AutoRemove' container with restart policy", res.stderr)

    def test_always_container_runs_again_after_daemon_restart(self):
        d = self.daemon
        d.docker("run", "-d", "--name", "keeper", "--restart", "always", "busybox", "sleep", "1000")
        self.addCleanup(d.docker, "rm", "-f", "keeper", check=False)
        d.docker("stop", "-t", "0", "keeper")
        d.kill9()
        d.start()
        # `always` comes back with the daemon even after a manual stop, as with dockerd.
        wait_until(lambda: state(d, "keeper")["State"]["Status"] == "running", 15, message="keeper running")

    def test_sdk_restart_policy(self):
        client = self.daemon.sdk()
        c = client.containers.run("busybox", ["sh", "-c", "exit 2"], detach=True, name="sdkfail",
                                  restart_policy={"Name": "on-failure", "MaximumRetryCount": 1})
        self.addCleanup(c.remove, force=True)
        wait_until(lambda: (c.reload() or True) and c.attrs["RestartCount"] == 1 and c.status == "exited", 15)


class RenamePruneTest(DaemonTestCase):
    import_busybox = True

    def test_rename_three_ways(self):
        d = self.daemon
        d.docker("create", "--name", "first", "busybox", "true")
        d.docker("create", "--name", "other", "busybox", "true")
        self.addCleanup(d.docker, "rm", "-f", "first", "second", "third", "fourth", "other", check=False)
        d.docker("rename", "first", "second")
        self.assertEqual(state(d, "second")["Name"], "/second")
        d.cli("rename", "second", "third")
        self.assertEqual(state(d, "third")["Name"], "/third")
        self.daemon.sdk().containers.get("third").rename("fourth")
        self.assertEqual(state(d, "fourth")["Name"], "/fourth")
        res = d.docker("rename", "fourth", "other", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn('The container name "/other" is already in use', res.stderr)
        res = d.cli("rename", "fourth", "fourth", check=False)
        self.assertIn("Renaming a container with the same name as its current name", res.stderr)
        res = d.docker("rename", "fourth", "bad name", check=False)
        self.assertIn("Invalid container name (bad name)", res.stderr)
        res = d.docker("rename", "nosuch", "x", check=False)
        self.assertIn("No such container: nosuch", res.stderr)
        # The new name survives a daemon restart (it is in the record on disk).
        d.kill9()
        d.start()
        self.assertEqual(state(d, "fourth")["Name"], "/fourth")

    def test_prune_removes_only_stopped(self):
        d = self.daemon
        d.docker("run", "-d", "--name", "alive", "busybox", "sleep", "1000")
        self.addCleanup(d.docker, "rm", "-f", "alive", check=False)
        dead = d.docker("run", "-d", "busybox", "sh", "-c", "echo data > /file").stdout.strip()
        created = d.docker("create", "--label", "keep=yes", "busybox", "true").stdout.strip()
        self.addCleanup(d.docker, "rm", "-f", created, check=False)
        wait_until(lambda: state(d, dead)["State"]["Status"] == "exited", 10)
        out = d.docker("container", "prune", "-f", "--filter", "label!=keep").stdout
        self.assertIn("Deleted Containers:\n" + dead + "\n", out)
        self.assertIn("Total reclaimed space:", out)
        ids = d.docker("ps", "-aq", "--no-trunc").stdout.split()
        self.assertNotIn(dead, ids)
        self.assertIn(created, ids)
        out = d.cli("container", "prune", "-f").stdout
        self.assertIn(created, out)
        self.assertIn("alive", d.docker("ps").stdout)
        report = self.daemon.sdk().containers.prune()
        self.assertEqual(report["ContainersDeleted"], None)

    def test_before_since_filters_and_size(self):
        d = self.daemon
        ids = [d.docker("create", "--name", "order%d" % i, "busybox", "true").stdout.strip() for i in range(3)]
        self.addCleanup(d.docker, "rm", "-f", *ids, check=False)
        names = d.docker("ps", "-a", "--filter", "before=order2", "--format", "{{.Names}}").stdout.split()
        self.assertEqual(names, ["order1", "order0"])
        names = d.docker("ps", "-a", "--filter", "since=order0", "--format", "{{.Names}}").stdout.split()
        self.assertEqual(names, ["order2", "order1"])
        res = d.docker("ps", "-a", "--filter", "since=nosuch", check=False)
        self.assertIn("No such container: nosuch", res.stderr)
        d.docker("run", "--name", "writer", "busybox", "sh", "-c", "head -c 100000 /dev/zero > /blob")
        self.addCleanup(d.docker, "rm", "-f", "writer", check=False)
        status, items = d.api_json("GET", "/containers/json?all=1&size=1&filters=" +
                                   '{"name":{"writer":true}}')
        self.assertEqual(status, 200)
        self.assertGreaterEqual(items[0]["SizeRw"], 100000)
        self.assertLess(items[0]["SizeRw"], 200000)
        self.assertGreater(items[0]["SizeRootFs"], items[0]["SizeRw"])


if __name__ == "__main__":
    unittest.main()
