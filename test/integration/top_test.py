"""docker top (issue 13): the container's processes with host PIDs in ps -ef's columns,
through the docker CLI, the SDK and `mydocker top`; ps_args run the host's ps."""

import json
import unittest

from testdaemon import DaemonTestCase

TITLES = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]


class TopTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.daemon.docker("run", "-d", "--name", "toptest", "busybox", "sh", "-c",
                          "sleep 600 & exec sleep 601")
        cls.pid = json.loads(cls.daemon.docker("inspect", "toptest").stdout)[0]["State"]["Pid"]

    def test_api_lists_the_containers_processes(self):
        status, top = self.daemon.api_json("GET", "/containers/toptest/top")
        self.assertEqual(status, 200)
        self.assertEqual(top["Titles"], TITLES)
        cmds = {p[7]: p for p in top["Processes"]}
        self.assertEqual(set(cmds), {"sleep 600", "sleep 601"})
        init = cmds["sleep 601"]
        self.assertEqual((init[0], init[1], init[5], init[6]),
                         ("root", str(self.pid), "?", "00:00:00"))
        self.assertEqual(cmds["sleep 600"][2], str(self.pid))  # host PIDs, parent = init

    def test_docker_cli_sdk_and_mydocker(self):
        for run in (self.daemon.docker, self.daemon.cli):
            out = run("top", "toptest").stdout.splitlines()
            self.assertEqual(out[0].split(), TITLES)
            self.assertTrue(out[0].startswith("UID" + " " * 17 + "PID"))
            self.assertEqual(len(out), 3)
        top = self.daemon.sdk().containers.get("toptest").top()
        self.assertEqual(len(top["Processes"]), 2)

    def test_ps_args_and_errors(self):
        top = self.daemon.api_json("GET", "/containers/toptest/top?ps_args=-o%20pid,comm")[1]
        self.assertEqual(top["Titles"], ["PID", "COMMAND"])
        self.assertIn([str(self.pid), "sleep"], top["Processes"])
        self.daemon.docker("create", "--name", "topstopped", "busybox", "true")
        self.addCleanup(self.daemon.docker, "rm", "topstopped", check=False)
        status, body = self.daemon.api_json("GET", "/containers/topstopped/top")
        self.assertEqual(status, 409)
        self.assertRegex(body["message"], r"^Container [0-9a-f]{64} is not running$")
        status, _ = self.daemon.api_json("GET", "/containers/nope/top")
        self.assertEqual(status, 404)


if __name__ == "__main__":
    unittest.main()
