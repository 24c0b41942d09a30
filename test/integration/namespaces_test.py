"""--pid, --ipc and --uts (issue 10): a container shares the host's or another running
container's namespace, Docker's checks and texts refuse what Docker refuses, and inspect shows
the modes. Identity of a namespace is read as the /proc/self/ns link from inside."""

import os
import socket
import unittest

from testdaemon import DaemonTestCase

API = "/v1.41"


class NamespaceModesTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One long-lived owner per class: shareable IPC so others may join it.
        cls.daemon.docker("run", "-d", "--name", "owner", "--ipc", "shareable", "busybox",
                          "sleep", "600")
        cls.owner_id = cls.daemon.docker("inspect", "-f", "{{.Id}}", "owner").stdout.strip()
        cls.owner_pid = int(cls.daemon.docker("inspect", "-f", "{{.State.Pid}}",
                                              "owner").stdout)

    @classmethod
    def tearDownClass(cls):
        cls.daemon.docker("rm", "-f", "owner", "private-owner", "stopped-owner", check=False)
        super().tearDownClass()

    def run_in(self, *args):
        return self.daemon.docker("run", "--rm", *args).stdout.strip()

    def owner_ns(self, kind):
        return os.readlink("/proc/%d/ns/%s" % (self.owner_pid, kind))

    def test_pid_host_sees_the_hosts_pid_1(self):
        with open("/proc/1/comm") as f:
            host_comm = f.read().strip()
        self.assertEqual(self.run_in("--pid", "host", "busybox", "cat", "/proc/1/comm"),
                         host_comm)
        self.assertEqual(self.run_in("--pid", "host", "busybox", "readlink", "/proc/self/ns/pid"),
                         os.readlink("/proc/self/ns/pid"))

    def test_pid_container_sees_the_owners_processes_only(self):
        out = self.run_in("--pid", "container:owner", "busybox", "ps", "-o", "pid,args")
        self.assertRegex(out, r"\n\s*1 sleep 600")
        with open("/proc/1/comm") as f:
            self.assertNotIn(f.read().strip(), out.split("\n", 2)[1])
        # mydocker run takes the flag too.
        ours = self.daemon.cli("run", "--rm", "--pid", "container:owner", "busybox", "readlink",
                               "/proc/self/ns/pid").stdout.strip()
        self.assertEqual(ours, self.owner_ns("pid"))

    def test_ipc_container_and_host_share_the_ipc_namespace(self):
        self.assertEqual(
            self.run_in("--ipc", "container:owner", "busybox", "readlink", "/proc/self/ns/ipc"),
            self.owner_ns("ipc"))
        self.assertEqual(self.run_in("--ipc", "host", "busybox", "readlink", "/proc/self/ns/ipc"),
                         os.readlink("/proc/self/ns/ipc"))
        private = self.run_in("busybox", "readlink", "/proc/self/ns/ipc")
        self.assertNotIn(private, (self.owner_ns("ipc"), os.readlink("/proc/self/ns/ipc")))

    def test_uts_host_has_the_hosts_hostname(self):
        self.assertEqual(self.run_in("--uts", "host", "busybox", "hostname"),
                         socket.gethostname())
        status, body = self.daemon.api_json("POST", API + "/containers/create", {
            "Image": "busybox", "Hostname": "x", "HostConfig": {"UTSMode": "host"}})
        self.assertEqual((status, body["message"]),
                         (400, "conflicting options: hostname and the UTS mode"))

    def test_inspect_shows_the_modes_with_the_owners_full_id(self):
        cid = self.daemon.docker("create", "--pid", "container:owner", "--ipc", "host", "--uts",
                                 "host", "busybox", "true").stdout.strip()
        try:
            hc = self.daemon.sdk().api.inspect_container(cid)["HostConfig"]
            self.assertEqual((hc["PidMode"], hc["IpcMode"], hc["UTSMode"]),
                             ("container:" + self.owner_id, "host", "host"))
        finally:
            self.daemon.docker("rm", "-f", cid)
        default = self.daemon.sdk().api.inspect_container("owner")["HostConfig"]
        self.assertEqual((default["PidMode"], default["IpcMode"]), ("", "shareable"))

    def test_docker_refusals(self):
        status, body = self.daemon.api_json("POST", API + "/containers/create", {
            "Image": "busybox", "HostConfig": {"PidMode": "container:nope"}})
        self.assertEqual((status, body["message"]), (400, "No such container: nope"))
        self.daemon.docker("run", "-d", "--name", "private-owner", "busybox", "sleep", "600")
        res = self.daemon.docker("run", "--rm", "--ipc", "container:private-owner", "busybox",
                                 "true", check=False)
        self.assertEqual(res.returncode, 125)
        self.assertIn("non-shareable IPC (hint: use IpcMode:shareable for the donor container)",
                      res.stderr)
        self.daemon.docker("create", "--name", "stopped-owner", "busybox", "true")
        status, body = self.daemon.api_json("POST", API + "/containers/create", {
            "Image": "busybox", "HostConfig": {"PidMode": "container:stopped-owner"}})
        self.assertEqual(status, 201)
        try:
            status, answer = self.daemon.api_json("POST", API + "/containers/%s/start" % body["Id"])
            self.assertEqual(status, 500)
            self.assertRegex(answer["message"], r"^container [0-9a-f]{64} is not running$")
        finally:
            self.daemon.docker("rm", "-f", body["Id"])


    def test_stop_and_restart_refuse_a_timeout_that_is_not_a_number(self):
        for verb in ("stop", "restart"):
            status, body = self.daemon.api_json("POST", API + "/containers/owner/%s?t=abc" % verb)
            self.assertEqual((status, body["message"]),
                             (400, 'strconv.Atoi: parsing "abc": invalid syntax'))
        self.assertTrue(self.daemon.sdk().api.inspect_container("owner")["State"]["Running"])


if __name__ == "__main__":
    unittest.main()
