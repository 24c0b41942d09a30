"""Devices, descriptors and the daemon's limits (issue 9): a default container may mknod a
block node but not read it (the device cgroup denies it, and on v1 devices.list is no longer
"a *:* rwm"); /dev/null, zero, full, urandom and tty work; --privileged reads a real block
device; a container sees only descriptors 0, 1 and 2; the daemon raises its open file limit,
survives running out of descriptors without spinning, and answers again afterwards."""

import json
import os
import re
import resource
import shutil
import socket
import stat
import tempfile
import time
import unittest

from testdaemon import DaemonTestCase, wait_until


def _cgroup_v1_mount(controller):
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields, _, tail = line.partition(" - ")
            parts = tail.split()
            if parts and parts[0] == "cgroup" and controller in parts[2].split(","):
                return fields.split()[4]
    return None


def _own_cgroup(pid, controller):
    with open("/proc/%d/cgroup" % pid) as f:
        for line in f:
            _, names, path = line.rstrip("\n").split(":", 2)
            if controller in names.split(","):
                return "" if path == "/" else path
    return None


def _host_readable_block_device():
    """(major, minor) of a block device this host lets root open (a sandboxed host may deny
    some itself), those with data first: a denial in the container is then the container's."""
    def size(name):
        with open("/sys/block/%s/size" % name) as f:
            return int(f.read())
    scratch = tempfile.mkdtemp(prefix="mdt-blk-")
    try:
        for name in sorted(os.listdir("/sys/block"), key=lambda n: size(n) == 0):
            with open("/sys/block/%s/dev" % name) as f:
                major, minor = (int(x) for x in f.read().strip().split(":"))
            node = os.path.join(scratch, name)
            os.mknod(node, 0o600 | stat.S_IFBLK, os.makedev(major, minor))
            try:
                os.close(os.open(node, os.O_RDONLY))
                return major, minor
            except OSError:
                continue
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return None


def _fd_numbers(ls_l_output):
    """fd numbers of an `ls -l /proc/<pid>/fd`, without ls's own handle on that directory."""
    fds = []
    for line in ls_l_output.splitlines():
        m = re.search(r" (\d+) -> (.*)$", line)
        if m and not re.fullmatch(r"/proc/\d+/fd", m.group(2)):
            fds.append(int(m.group(1)))
    return sorted(fds)


class DeviceCgroupTest(DaemonTestCase):
    import_busybox = True

    def test_default_container_can_mknod_but_not_read_a_block_device(self):
        dev = _host_readable_block_device()
        if dev is None:
            self.skipTest("this host lets root open no block device")
        res = self.daemon.docker(
            "run", "--rm", "busybox", "sh", "-c",
            "mknod /d b %d %d && echo made; dd if=/d of=/dev/null bs=512 count=1" % dev,
            check=False)
        self.assertIn("made", res.stdout)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("Operation not permitted", res.stderr)

    def test_privileged_reads_a_host_block_device(self):
        dev = _host_readable_block_device()
        if dev is None:
            self.skipTest("this host lets root open no block device")
        res = self.daemon.docker(
            "run", "--rm", "--privileged", "busybox", "sh", "-c",
            "mknod /d b %d %d && dd if=/d of=/dev/null bs=512 count=1" % dev, check=False)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertRegex(res.stderr, r"[01]\+0 records in")  # 0 from an empty loop device

    def test_v1_devices_list_holds_dockers_rules(self):
        mount = _cgroup_v1_mount("devices")
        if mount is None:
            self.skipTest("no v1 devices hierarchy (cgroup v2 host: an eBPF program instead)")
        d = self.daemon
        cid = d.docker("run", "-d", "busybox", "sleep", "1000").stdout.strip()
        self.addCleanup(d.docker, "rm", "-f", cid, check=False)
        path = "%s%s/%s/%s/devices.list" % (mount, _own_cgroup(d.proc.pid, "devices"),
                                            d.cgroup_parent, cid)
        with open(path) as f:
            rules = f.read().splitlines()
        self.assertNotIn("a *:* rwm", rules)
        for rule in ("c 1:3 rwm", "c 1:5 rwm", "c 1:9 rwm", "c 5:0 rwm", "c 136:* rwm",
                     "c *:* m", "b *:* m"):
            self.assertIn(rule, rules)
        self.assertFalse([r for r in rules if r.startswith("b ") and r != "b *:* m"], rules)

    def test_privileged_devices_list_allows_all(self):
        mount = _cgroup_v1_mount("devices")
        if mount is None:
            self.skipTest("no v1 devices hierarchy")
        d = self.daemon
        cid = d.docker("run", "-d", "--privileged", "busybox", "sleep", "1000").stdout.strip()
        self.addCleanup(d.docker, "rm", "-f", cid, check=False)
        path = "%s%s/%s/%s/devices.list" % (mount, _own_cgroup(d.proc.pid, "devices"),
                                            d.cgroup_parent, cid)
        with open(path) as f:
            self.assertEqual(f.read().split("\n")[0], "a *:* rwm")

    def test_standard_devices_work(self):
        script = ("echo x > /dev/null && echo null ok; "
                  "head -c 4 /dev/zero | wc -c; head -c 4 /dev/urandom | wc -c; "
                  "head -c 4 /dev/random | wc -c; echo x > /dev/full; cat /dev/tty")
        res = self.daemon.docker("run", "--rm", "busybox", "sh", "-c", script, check=False)
        self.assertEqual(res.stdout.split(), ["null", "ok", "4", "4", "4"], res.stderr)
        self.assertIn("No space left on device", res.stderr)  # /dev/full opened and wrote
        self.assertNotIn("Operation not permitted", res.stderr)  # /dev/tty: no terminal, not denied

    def test_sdk_container_is_denied_the_block_device(self):
        dev = _host_readable_block_device()
        if dev is None:
            self.skipTest("this host lets root open no block device")
        client = self.daemon.sdk()
        self.addCleanup(client.close)
        out = client.containers.run(
            "busybox",
            ["sh", "-c", "mknod /d b %d %d; dd if=/d of=/dev/null bs=512 count=1 2>&1; true" % dev],
            remove=True)
        self.assertIn(b"Operation not permitted", out)


class DescriptorsTest(DaemonTestCase):
    import_busybox = True

    def test_container_sees_only_stdio_in_docker_cli(self):
        res = self.daemon.docker("run", "--rm", "busybox", "sh", "-c",
                                 "ls -l /proc/self/fd; echo ===; ls -l /proc/1/fd")
        mine, init = res.stdout.split("===")
        self.assertEqual(_fd_numbers(mine), [0, 1, 2], res.stdout)
        self.assertEqual(_fd_numbers(init), [0, 1, 2], res.stdout)

    def test_container_sees_only_stdio_in_sdk(self):
        client = self.daemon.sdk()
        self.addCleanup(client.close)
        out = client.containers.run("busybox", ["ls", "-l", "/proc/1/fd"], remove=True)
        self.assertEqual(_fd_numbers(out.decode()), [0, 1, 2], out)

    def test_a_profile_denying_close_range_still_leaves_only_stdio(self):
        # The init marks inherited descriptors before the filter is installed.
        fd, path = tempfile.mkstemp(suffix=".json")
        self.addCleanup(os.unlink, path)
        with os.fdopen(fd, "w") as f:
            json.dump({"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
                {"names": ["close_range"], "action": "SCMP_ACT_ERRNO"}]}, f)
        res = self.daemon.docker("run", "--rm", "--security-opt", "seccomp=" + path, "busybox",
                                 "ls", "-l", "/proc/1/fd")
        self.assertEqual(_fd_numbers(res.stdout), [0, 1, 2], res.stdout)

    def test_detached_container_sees_only_stdio(self):
        d = self.daemon
        cid = d.docker("run", "-d", "busybox", "sleep", "1000").stdout.strip()
        self.addCleanup(d.docker, "rm", "-f", cid, check=False)
        pid = int(d.docker("inspect", "-f", "{{.State.Pid}}", cid).stdout)
        self.assertEqual(sorted(int(n) for n in os.listdir("/proc/%d/fd" % pid)), [0, 1, 2])


def _inheritable_fds(pid):
    """Descriptors above 2 of a process without close-on-exec, with what they point at."""
    found = []
    for name in os.listdir("/proc/%d/fdinfo" % pid):
        try:
            with open("/proc/%d/fdinfo/%s" % (pid, name)) as f:
                flags = int(re.search(r"^flags:\s*([0-7]+)", f.read(), re.M).group(1), 8)
            target = os.readlink("/proc/%d/fd/%s" % (pid, name))
        except (OSError, AttributeError):
            continue  # closed meanwhile
        if int(name) > 2 and not flags & 0o2000000:  # O_CLOEXEC
            found.append((int(name), target))
    return found


class DaemonDescriptorsTest(DaemonTestCase):
    import_busybox = True

    def test_every_descriptor_of_the_daemon_and_the_shim_is_close_on_exec(self):
        d = self.daemon
        cid = d.docker("run", "-d", "busybox", "sh", "-c", "while :; do echo x; sleep 1; done"
                       ).stdout.strip()
        self.addCleanup(d.docker, "rm", "-f", cid, check=False)
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.addCleanup(client.close)
        client.connect(d.socket_path)  # an accepted connection, idle
        logs = d.sdk().containers.get(cid).logs(stream=True, follow=True)
        self.addCleanup(logs.close)
        next(logs)  # a streaming request in flight
        self.assertEqual(_inheritable_fds(d.proc.pid), [])
        shim = int(d.docker("inspect", "-f", "{{.State.Pid}}", cid).stdout)
        with open("/proc/%d/stat" % shim) as f:
            shim = int(f.read().rsplit(")", 1)[1].split()[1])  # the container's parent
        self.assertEqual([fd for fd, _ in _inheritable_fds(shim) if fd != 3], [])


def _cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime (fields 14 and 15)


def _nofile_limits(pid):
    with open("/proc/%d/limits" % pid) as f:
        for line in f:
            if line.startswith("Max open files"):
                soft, hard = line.split()[3:5]
                return int(soft), int(hard)
    return None


class OpenFileLimitTest(DaemonTestCase):
    @classmethod
    def setUpClass(cls):
        # The daemon inherits a soft limit below its hard one, and must raise it itself.
        cls.saved = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, cls.saved[1]))
        try:
            super().setUpClass()
        finally:
            resource.setrlimit(resource.RLIMIT_NOFILE, cls.saved)

    def test_daemon_raises_its_soft_limit_to_the_hard_one(self):
        soft, hard = _nofile_limits(self.daemon.proc.pid)
        self.assertEqual(soft, hard)
        self.assertGreater(soft, 256)

    def test_containers_get_the_soft_limit_the_daemon_started_with(self):
        self.daemon.import_busybox()
        res = self.daemon.docker("run", "--rm", "busybox", "sh", "-c", "ulimit -n; ulimit -Hn")
        self.assertEqual(res.stdout.split(), ["256", str(self.saved[1])])
        res = self.daemon.docker("run", "--rm", "--ulimit", "nofile=100:200", "busybox",
                                 "sh", "-c", "ulimit -n; ulimit -Hn")
        self.assertEqual(res.stdout.split(), ["100", "200"])

    def test_running_out_of_descriptors_neither_spins_nor_kills_the_listener(self):
        d = self.daemon
        pid = d.proc.pid
        resource.prlimit(pid, resource.RLIMIT_NOFILE, (64, _nofile_limits(pid)[1]))
        clients = []
        self.addCleanup(lambda: [c.close() for c in clients])
        for _ in range(150):  # far more than the daemon has descriptors left
            c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            c.connect(d.socket_path)
            clients.append(c)
        fd_dir = "/proc/%d/fd" % pid
        wait_until(lambda: len(os.listdir(fd_dir)) >= 60, 10,
                   message="the daemon to use up its descriptors")
        self.assertLessEqual(len(os.listdir(fd_dir)), 64)
        # A measurement window, not a wait for a state: CPU used while stuck at EMFILE.
        before, started = _cpu_ticks(pid), time.monotonic()
        time.sleep(2)
        used = (_cpu_ticks(pid) - before) / os.sysconf("SC_CLK_TCK")
        self.assertLess(used / (time.monotonic() - started), 0.1, "daemon spins at EMFILE")
        self.assertEqual(d.log_text().count("accept: Too many open files"), 1)  # logged once
        for c in clients:
            c.close()
        clients.clear()

        def pings():
            try:
                return d.api("GET", "/_ping", timeout=2)[0] == 200
            except OSError:
                return False
        wait_until(pings, 15, message="_ping after the descriptors came back")
        self.assertIn("accepts connections again", d.log_text())
        self.assertEqual(d.docker("ps", "-q").stdout, "")


if __name__ == "__main__":
    unittest.main()
