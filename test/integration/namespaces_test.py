"""--pid, --ipc and --uts (issue 10): a container shares the host's or another running
container's namespace, Docker's checks and texts refuse what Docker refuses, and inspect shows
the modes. Identity of a namespace is read as the /proc/self/ns link from inside."""

import os
import socket
import unittest

from testdaemon import DaemonTestCase, wait_until

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

    def test_ipc_container_shares_the_owners_dev_shm_and_nothing_more(self):
        self.daemon.docker("exec", "owner", "sh", "-c",
                           "echo from-owner > /dev/shm/owner-file && echo x > /owner-root-file")
        out = self.run_in("--ipc", "container:owner", "busybox", "sh", "-c",
                          "cat /dev/shm/owner-file; echo from-joiner > /dev/shm/joiner-file; "
                          "ls /dev/shm; ls /; grep -c ' /dev/shm ' /proc/self/mountinfo")
        lines = out.split("\n")
        self.assertEqual(lines[0], "from-owner")
        self.assertIn("owner-file", lines)
        self.assertNotIn("owner-root-file", out)  # X's shm, not X's root
        self.assertEqual(lines[-1], "1")  # one mount at /dev/shm: X's, no tmpfs beneath
        self.assertEqual(self.daemon.docker("exec", "owner", "cat",
                                            "/dev/shm/joiner-file").stdout, "from-joiner\n")
        # The host's /dev/shm is not the one shared, and no staging mount is left on the host.
        self.assertFalse(os.path.exists("/dev/shm/owner-file"))
        with open("/proc/self/mountinfo") as f:
            self.assertNotIn("shm-donor", f.read())

    def test_ipc_none_has_no_dev_shm_and_host_has_the_hosts(self):
        self.assertEqual(self.run_in("--ipc", "none", "busybox", "sh", "-c",
                                     "test -e /dev/shm || echo none; grep -c ' /dev/shm ' "
                                     "/proc/self/mountinfo || true"), "none\n0")
        marker = "/dev/shm/mydocker-ns10-%d" % os.getpid()
        with open(marker, "w") as f:
            f.write("host")
        self.addCleanup(os.unlink, marker)
        self.assertEqual(self.run_in("--ipc", "host", "busybox", "cat", marker), "host")

    def test_cgroupns_host_keeps_the_hosts_namespace_and_binds_its_own_cgroup(self):
        v2 = os.path.exists("/sys/fs/cgroup/cgroup.controllers")
        pids_dir = "/sys/fs/cgroup" if v2 else "/sys/fs/cgroup/pids"
        cid = self.daemon.docker("run", "-d", "--cgroupns", "host", "--pids-limit", "10",
                                 "busybox", "sleep", "600").stdout.strip()
        self.addCleanup(self.daemon.docker, "rm", "-f", cid, check=False)
        self.assertEqual(self.daemon.sdk().api.inspect_container(cid)["HostConfig"]
                         ["CgroupnsMode"], "host")
        out = self.daemon.docker("exec", cid, "sh", "-c",
                                 "readlink /proc/self/ns/cgroup; cat /proc/self/cgroup; "
                                 "cat %s/pids.max; ls %s; echo 20 > %s/pids.max" %
                                 (pids_dir, pids_dir, pids_dir), check=False)
        self.assertEqual(out.stdout.split("\n")[0], os.readlink("/proc/self/ns/cgroup"))
        self.assertIn(cid, out.stdout)  # the host's paths of its cgroups
        self.assertIn("\n10\n", out.stdout)  # its own cgroup, not the hierarchy's root
        self.assertNotIn(self.owner_id, out.stdout)  # no sibling container is visible
        self.assertIn("Read-only file system", out.stderr)
        # The default stays a private one, as inspect says.
        private = self.daemon.docker("run", "--rm", "busybox", "readlink",
                                     "/proc/self/ns/cgroup").stdout.strip()
        self.assertNotEqual(private, os.readlink("/proc/self/ns/cgroup"))
        self.assertEqual(self.daemon.sdk().api.inspect_container("owner")["HostConfig"]
                         ["CgroupnsMode"], "private")
        status, body = self.daemon.api_json("POST", API + "/containers/create", {
            "Image": "busybox", "HostConfig": {"CgroupnsMode": "bogus"}})
        self.assertEqual((status, body["message"]),
                         (400, "invalid cgroup namespace mode: bogus"))

    def test_uts_host_has_the_hosts_hostname(self):
        self.assertEqual(self.run_in("--uts", "host", "busybox", "hostname"),
                         socket.gethostname())
        status, body = self.daemon.api_json("POST", API + "/containers/create", {
            "Image": "busybox", "Hostname": "x", "HostConfig": {"UTSMode": "host"}})
        self.assertEqual((status, body["message"]),
                         (400, "conflicting options: hostname and the UTS mode"))

    def test_userns_host_is_the_default_and_other_modes_are_refused(self):
        # no remapping: the container's root is the host's uid 0, as with dockerd
        self.assertEqual(self.run_in("--userns", "host", "busybox", "cat",
                                     "/proc/self/uid_map").split(), ["0", "0", "4294967295"])
        status, body = self.daemon.api_json("POST", API + "/containers/create", {
            "Image": "busybox", "HostConfig": {"UsernsMode": "remap"}})
        self.assertEqual(status, 400)
        self.assertIn("--userns=remap", body["message"])

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

    def assert_gone(self, pid):
        """No process `pid` runs `sleep 1000` (it may have been reused by another one)."""
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                cmdline = f.read()
        except (FileNotFoundError, ProcessLookupError):
            return
        self.assertNotEqual(cmdline, b"sleep\x001000\x00", "pid %d left behind" % pid)

    def exited_leftover(self, name, script):
        self.daemon.docker("run", "-d", "--name", name, "--pid", "host", "busybox", "sh", "-c",
                           script)
        self.addCleanup(self.daemon.docker, "rm", "-f", name, check=False)
        wait_until(lambda: self.daemon.docker("inspect", "-f", "{{.State.Status}}",
                                              name).stdout.strip() == "exited",
                   timeout=15, message=name + " exited")
        return int(self.daemon.docker("logs", name).stdout.split()[0])

    def test_pid_host_init_exit_kills_what_it_left_in_its_cgroup(self):
        # The child holds the output open: the container is Exited only once it is killed.
        pid = self.exited_leftover("leftover", "sleep 1000 & echo $!; exit 0")
        self.assert_gone(pid)
        # One that closed its output is killed as well.
        pid = self.exited_leftover("detached", "sleep 1000 >/dev/null 2>&1 & echo $!; exit 0")
        self.assert_gone(pid)

    def test_stop_and_restart_refuse_a_timeout_that_is_not_a_number(self):
        for verb in ("stop", "restart"):
            status, body = self.daemon.api_json("POST", API + "/containers/owner/%s?t=abc" % verb)
            self.assertEqual((status, body["message"]),
                             (400, 'strconv.Atoi: parsing "abc": invalid syntax'))
        self.assertTrue(self.daemon.sdk().api.inspect_container("owner")["State"]["Running"])


if __name__ == "__main__":
    unittest.main()
