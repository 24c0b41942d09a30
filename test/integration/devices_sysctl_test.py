"""--device, --device-cgroup-rule and namespaced --sysctl (issue 10), from inside containers:
a passed node is made like the host's and usable with the permissions given, a node that was
not passed cannot be opened, a cgroup rule allows mknod and open of its numbers only, and
sysctls of the container's own namespaces read back inside while Docker's refusals stay."""

import os
import stat
import unittest

from testdaemon import DaemonTestCase

API = "/v1.41"
LOOP_CONTROL = "/dev/loop-control"  # 10:237, not in Docker's default device rules


def _has_loop_control():
    try:
        return stat.S_ISCHR(os.stat(LOOP_CONTROL).st_mode)
    except OSError:
        return False


class DevicesTest(DaemonTestCase):
    import_busybox = True

    def sh(self, *flags_then_script, check=True):
        *flags, script = flags_then_script
        return self.daemon.docker("run", "--rm", *flags, "busybox", "sh", "-c", script,
                                  check=check)

    def test_device_is_made_like_the_hosts_node_and_writes_work(self):
        out = self.sh("--device", "/dev/null:/dev/mynull",
                      "stat -c '%F %t:%T %a %u:%g' /dev/mynull && echo x > /dev/mynull && "
                      "echo written").stdout
        self.assertEqual(out.split("\n")[:2], ["character special file 1:3 666 0:0", "written"])
        ours = self.daemon.cli("run", "--rm", "--device", "/dev/zero:/dev/deep/z", "busybox",
                               "head", "-c", "3", "/dev/deep/z").stdout
        self.assertEqual(ours, "\0\0\0")

    @unittest.skipUnless(_has_loop_control(), "no /dev/loop-control on this host")
    def test_a_device_not_passed_cannot_be_opened(self):
        script = "mknod /tmp/lc c 10 237 && exec 3<>/tmp/lc && echo opened"
        res = self.sh(script, check=False)
        self.assertNotIn("opened", res.stdout)
        self.assertIn("Operation not permitted", res.stderr)
        st = os.stat(LOOP_CONTROL)
        out = self.sh("--device", LOOP_CONTROL,
                      "stat -c '%t:%T %a %u:%g' /dev/loop-control && exec 3<>/dev/loop-control "
                      "&& echo opened").stdout.split()
        self.assertEqual(out, ["%x:%x" % (os.major(st.st_rdev), os.minor(st.st_rdev)),
                               "%o" % (st.st_mode & 0o7777), "%d:%d" % (st.st_uid, st.st_gid),
                               "opened"])

    @unittest.skipUnless(_has_loop_control(), "no /dev/loop-control on this host")
    def test_permissions_limit_what_the_container_may_do(self):
        res = self.sh("--device", LOOP_CONTROL + ":/dev/lc:r",
                      "exec 3</dev/lc && echo read-ok; exec 4<>/dev/lc && echo write-ok",
                      check=False)
        self.assertIn("read-ok", res.stdout)
        self.assertNotIn("write-ok", res.stdout)
        self.assertIn("Operation not permitted", res.stderr)

    @unittest.skipUnless(_has_loop_control(), "no /dev/loop-control on this host")
    def test_device_cgroup_rule_allows_mknod_and_open_of_its_numbers_only(self):
        res = self.sh("--device-cgroup-rule", "c 10:237 rwm",
                      "mknod /tmp/lc c 10 237 && exec 3<>/tmp/lc && echo opened; "
                      "mknod /tmp/other c 10 238 && exec 4<>/tmp/other && echo other-opened",
                      check=False)
        self.assertIn("opened", res.stdout.split())
        self.assertNotIn("other-opened", res.stdout)

    def test_missing_or_non_device_paths_fail_the_start_in_dockers_words(self):
        for path, why in (("/dev/nope", "no such file or directory"),
                          ("/etc/passwd", "not a device node")):
            status, body = self.daemon.api_json("POST", API + "/containers/create", {
                "Image": "busybox", "Cmd": ["true"], "HostConfig": {"Devices": [
                    {"PathOnHost": path, "PathInContainer": "/dev/x",
                     "CgroupPermissions": "rwm"}]}})
            self.assertEqual(status, 201, body)
            try:
                status, answer = self.daemon.api_json(
                    "POST", API + "/containers/%s/start" % body["Id"])
                self.assertEqual((status, answer["message"]), (
                    500, 'error gathering device information while adding custom device "%s": %s'
                    % (path, why)))
            finally:
                self.daemon.docker("rm", "-f", body["Id"])


class SysctlAndResourcesTest(DaemonTestCase):
    import_busybox = True

    def start_answer(self, host_config, config=None):
        body = {"Image": "busybox", "Cmd": ["true"], "HostConfig": host_config}
        body.update(config or {})
        status, created = self.daemon.api_json("POST", API + "/containers/create", body)
        if status != 201:
            return status, created["message"]
        try:
            status, answer = self.daemon.api_json(
                "POST", API + "/containers/%s/start" % created["Id"])
            return status, (answer or {}).get("message")
        finally:
            self.daemon.docker("rm", "-f", created["Id"])

    def test_namespaced_sysctls_read_back_inside(self):
        out = self.daemon.docker(
            "run", "--rm", "--sysctl", "net.ipv4.ip_forward=1", "--sysctl",
            "kernel.shmmax=123456789", "--sysctl", "fs.mqueue.msg_max=20", "busybox", "cat",
            "/proc/sys/net/ipv4/ip_forward", "/proc/sys/kernel/shmmax",
            "/proc/sys/fs/mqueue/msg_max").stdout.split()
        self.assertEqual(out, ["1", "123456789", "20"])
        with open("/proc/sys/kernel/shmmax") as f:
            self.assertNotEqual(f.read().strip(), "123456789")  # the host's stays
        ours = self.daemon.cli("run", "--rm", "--sysctl", "kernel.msgmax=4242", "busybox", "cat",
                               "/proc/sys/kernel/msgmax").stdout.strip()
        self.assertEqual(ours, "4242")

    def test_sysctls_docker_refuses_fail_the_start(self):
        prefix = "failed to create task for container: sysctl "
        self.assertEqual(self.start_answer({"Sysctls": {"kernel.shmmax": "1"}, "IpcMode": "host"}),
                         (500, prefix + '"kernel.shmmax" is not allowed in the hosts ipc '
                          "namespace: unknown"))
        self.assertEqual(self.start_answer({"Sysctls": {"kernel.panic": "1"}}),
                         (500, prefix + '"kernel.panic" is not in a separate kernel namespace: '
                          "unknown"))
        status, message = self.start_answer({"Sysctls": {"net.ipv4.nope": "1"}})
        self.assertIn("open /proc/sys/net/ipv4/nope: no such file or directory", message)
        # A key cannot walk out of /proc/sys.
        status, message = self.start_answer({"Sysctls": {"net./../../../etc/hostname": "x"}})
        self.assertNotEqual(status, 204)

    def test_domainname_is_set_in_the_containers_uts_namespace(self):
        out = self.daemon.docker("run", "--rm", "--domainname", "example.org", "busybox", "cat",
                                 "/proc/sys/kernel/domainname").stdout.strip()
        self.assertEqual(out, "example.org")
        with open("/proc/sys/kernel/domainname") as f:
            self.assertNotEqual(f.read().strip(), "example.org")

    def test_memory_swappiness_and_blkio_limits_reach_the_cgroup(self):
        dev = "/dev/vda" if os.path.exists("/dev/vda") else None
        flags = ["--memory-swappiness", "30"]
        script = "cat /sys/fs/cgroup/memory/memory.swappiness"
        if dev:
            flags += ["--device-read-bps", dev + ":1mb", "--device-write-iops", dev + ":100"]
            script += (" /sys/fs/cgroup/blkio/blkio.throttle.read_bps_device"
                       " /sys/fs/cgroup/blkio/blkio.throttle.write_iops_device")
        if not os.path.exists("/sys/fs/cgroup/memory/memory.swappiness"):
            self.skipTest("no v1 memory hierarchy with swappiness on this host")
        lines = self.daemon.docker("run", "--rm", *flags, "busybox", "sh", "-c",
                                   script).stdout.split("\n")
        self.assertEqual(lines[0], "30")
        if dev:
            st = os.stat(dev)
            key = "%d:%d" % (os.major(st.st_rdev), os.minor(st.st_rdev))
            self.assertIn(key + " 1048576", lines)
            self.assertIn(key + " 100", lines)
        cid = self.daemon.docker("create", *flags, "busybox", "true").stdout.strip()
        try:
            hc = self.daemon.sdk().api.inspect_container(cid)["HostConfig"]
            self.assertEqual(hc["MemorySwappiness"], 30)
        finally:
            self.daemon.docker("rm", "-f", cid)

    def test_limits_the_kernel_lacks_are_discarded_and_realtime_is_refused(self):
        if os.path.exists("/sys/fs/cgroup/blkio/blkio.weight"):
            self.skipTest("this host's blkio controller has weights")
        cid = self.daemon.docker("create", "--blkio-weight", "300", "busybox",
                                 "true").stdout.strip()
        try:
            hc = self.daemon.sdk().api.inspect_container(cid)["HostConfig"]
            self.assertEqual(hc["BlkioWeight"], 0)
        finally:
            self.daemon.docker("rm", "-f", cid)
        status, message = self.start_answer({"MemorySwappiness": 200})
        self.assertEqual((status, message),
                         (400, "Invalid value: 200, valid memory swappiness range is 0-100"))
        status, message = self.start_answer({"CpuRealtimeRuntime": 1000})
        self.assertEqual(status, 500)  # dockerd 20.10 without --cpu-rt-runtime: the write fails
        self.assertIn("cpu.rt_runtime_us", message)


if __name__ == "__main__":
    unittest.main()
