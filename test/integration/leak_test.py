"""200 create/start/rm cycles leave nothing behind (issue 3): no mount under the daemon's data
and exec roots (in our mount table and the daemon's), no cgroup below its cgroup parent in any
hierarchy, no shim, and the daemon's file descriptor count back at its baseline."""

import os
import socket
import subprocess
import time
import unittest

from cleanup import _cgroup_mounts, _find_dirs_named, mounts_under, pids_matching
from testdaemon import DaemonTestCase, wait_until

CYCLES = 200


def fd_count(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def fd_targets(pid):
    out = []
    for fd in os.listdir("/proc/%d/fd" % pid):
        try:
            out.append("%s -> %s" % (fd, os.readlink("/proc/%d/fd/%s" % (pid, fd))))
        except OSError:
            pass
    return out


class LeakTest(DaemonTestCase):
    import_busybox = True

    def cycle(self, i):
        """Even cycles run `true` to its end and rm; odd ones force-remove a running sleep."""
        d = self.daemon
        cmd = ["true"] if i % 2 == 0 else ["sleep", "30"]
        status, body = d.api_json("POST", "/containers/create", {"Image": "busybox", "Cmd": cmd})
        self.assertEqual(status, 201, body)
        cid = body["Id"]
        status, _, data = d.api("POST", "/containers/%s/start" % cid)
        self.assertEqual(status, 204, data)
        if i % 2 == 0:
            status, body = d.api_json("POST", "/containers/%s/wait" % cid)
            self.assertEqual((status, body["StatusCode"]), (200, 0))
            path = "/containers/%s" % cid
        else:
            path = "/containers/%s?force=1" % cid
        status, _, data = d.api("DELETE", path)
        self.assertEqual(status, 204, data)

    def container_cgroups(self):
        """Directories below every copy of our cgroup parent (v1 hierarchies and cgroup2)."""
        found = []
        for top in _cgroup_mounts():
            for parent in _find_dirs_named(top, self.daemon.cgroup_parent):
                for dirpath, dirnames, _ in os.walk(parent):
                    found += [os.path.join(dirpath, n) for n in dirnames]
        return found

    def shims(self):
        return [p for p in pids_matching(self.daemon.exec_root) if p != self.daemon.proc.pid]

    def assert_probes_see_a_running_container(self):
        """The checks below must not pass vacuously: a running container shows in each."""
        d = self.daemon
        status, body = d.api_json("POST", "/containers/create", {"Image": "busybox", "Cmd": ["sleep", "30"]})
        cid = body["Id"]
        d.api("POST", "/containers/%s/start" % cid)
        # The rootfs overlay lives in the container's own mount namespace (it goes with it);
        # the host's table, checked below, must never gain one.
        pid = d.api_json("GET", "/containers/%s/json" % cid)[1]["State"]["Pid"]
        with open("/proc/%d/mountinfo" % pid) as f:
            self.assertIn(d.data_root, f.read())
        self.assertNotEqual(self.container_cgroups(), [])
        self.assertNotEqual(self.shims(), [])
        d.api("DELETE", "/containers/%s?force=1" % cid)

    def test_cycles_leave_no_mount_cgroup_process_or_fd(self):
        d = self.daemon
        pid = d.proc.pid
        self.assert_probes_see_a_running_container()
        for i in range(4):  # warm up: thread pool, log files, lazily opened cgroup roots
            self.cycle(i)
        wait_until(lambda: not self.shims(), 10, message="warm-up shims to exit")
        baseline_fds = fd_count(pid)
        baseline_mounts = mounts_under(d.root)
        started = time.monotonic()
        for i in range(CYCLES):
            self.cycle(i)
        elapsed = time.monotonic() - started
        self.assertEqual(d.api_json("GET", "/containers/json?all=1")[1], [])
        # Shims exit right after their container; give the last ones a moment.
        wait_until(lambda: not self.shims(), 10, message="no shims left")
        self.assertEqual(mounts_under(d.root), baseline_mounts)
        with open("/proc/%d/mountinfo" % pid) as f:
            self.assertNotIn(d.root, f.read())
        self.assertEqual(self.container_cgroups(), [])
        # The daemon closes a container's fds (pidfd, exit pipe, log) when it is removed; no
        # tolerance: a leak of one fd per cycle would show as hundreds here.
        try:
            wait_until(lambda: fd_count(pid) <= baseline_fds, 5, message="fd count at baseline")
        except TimeoutError:
            fds = sorted(os.readlink("/proc/%d/fd/%s" % (pid, f)) for f in os.listdir("/proc/%d/fd" % pid))
            self.fail("daemon fds %d > baseline %d after %d cycles: %s" % (len(fds), baseline_fds, CYCLES, fds))
        print("%d cycles in %.1fs (%.0f ms each)" % (CYCLES, elapsed, 1000 * elapsed / CYCLES))

    def test_attach_waiting_for_a_start_ends_when_the_client_leaves(self):
        """docker start -a attaches before starting; if the client then goes away (its start
        failed, or it was killed), the daemon must not keep the attach waiting forever."""
        d = self.daemon
        pid = d.proc.pid
        status, body = d.api_json("POST", "/containers/create", {"Image": "busybox", "Cmd": ["true"]})
        cid = body["Id"]
        self.addCleanup(d.api, "DELETE", "/containers/%s?force=1" % cid)
        baseline = fd_count(pid)
        before = set(fd_targets(pid))  # the create's connection may still be closing
        clients = []
        for _ in range(5):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(10)
            sock.connect(d.socket_path)
            sock.sendall(("POST /v1.44/containers/%s/attach?stream=1&stdout=1&stderr=1 HTTP/1.1\r\n"
                          "Host: api\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n" % cid).encode())
            self.assertIn(b"101 UPGRADED", sock.recv(4096))
            clients.append(sock)
        wait_until(lambda: len(set(fd_targets(pid)) - before) >= 5, 5, message="attach connections open")
        for sock in clients:
            sock.close()
        wait_until(lambda: fd_count(pid) <= baseline, 5, message="attach handlers to end")

    def test_followers_of_a_silent_container_end_when_their_clients_leave(self):
        d = self.daemon
        pid = d.proc.pid
        d.cli("run", "-d", "--name", "quiet", "busybox", "sleep", "1000")
        self.addCleanup(d.cli, "rm", "-f", "quiet", check=False)
        baseline = fd_count(pid)
        before = set(fd_targets(pid))  # the run's connection may still be closing
        procs = [subprocess.Popen([os.path.join(d.bin_dir, "mydocker"), "-H", d.host] + args,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for args in (["logs", "-f", "quiet"], ["start", "-a", "quiet"])]
        try:
            wait_until(lambda: len(set(fd_targets(pid)) - before) >= 3, 10,
                       message="follow connections open")
        finally:
            for p in procs:
                p.kill()
                p.wait()
        wait_until(lambda: fd_count(pid) <= baseline, 5, message="follow handlers to end")

    def test_failed_start_attach_leaves_nothing_waiting(self):
        d = self.daemon
        pid = d.proc.pid
        d.cli("create", "--name", "broken", "busybox", "no-such-binary")
        self.addCleanup(d.cli, "rm", "-f", "broken", check=False)
        baseline = fd_count(pid)
        before = fd_targets(pid)
        for _ in range(3):
            res = d.cli("start", "-a", "broken", check=False)
            self.assertNotEqual(res.returncode, 0)
            self.assertIn("no-such-binary", res.stderr)
        try:
            wait_until(lambda: fd_count(pid) <= baseline, 5, message="attach handlers to end")
        except TimeoutError:
            self.fail("new daemon fds: %s" % sorted(set(fd_targets(pid)) - set(before)))


if __name__ == "__main__":
    unittest.main()
