"""Smoke tests of the test fixtures themselves (rootfs builder, cleanup, TestDaemon)."""

import os
import signal
import subprocess
import sys
import tarfile
import tempfile
import unittest

import cleanup
import rootfs
from testdaemon import TestDaemon, bin_dir, wait_until


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


class RootfsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="mdt-rootfs-")
        self.addCleanup(subprocess.run, ["rm", "-rf", self.tmp])

    def test_build_is_deterministic(self):
        a = rootfs.build_busybox_rootfs_tar(os.path.join(self.tmp, "a.tar"))
        b = rootfs.build_busybox_rootfs_tar(os.path.join(self.tmp, "b.tar"))
        self.assertEqual(rootfs.sha256_file(a), rootfs.sha256_file(b))
        self.assertEqual(rootfs.sha256_file(a), rootfs.sha256_file(rootfs.busybox_rootfs_tar()))

    def test_layout(self):
        path = rootfs.build_busybox_rootfs_tar(os.path.join(self.tmp, "r.tar"))
        with tarfile.open(path) as tar:
            names = tar.getnames()
            self.assertEqual(names, sorted(names))
            sh = tar.getmember("bin/sh")
            self.assertTrue(sh.issym())
            self.assertEqual(sh.linkname, "busybox")
            self.assertTrue(tar.getmember("bin/busybox").isfile())
            self.assertNotIn("bin/busybox", [m.name for m in tar.getmembers() if m.issym()])
            self.assertEqual(tar.getmember("tmp").mode, 0o1777)
            passwd = tar.extractfile("etc/passwd").read().decode()
            self.assertIn("app:x:1000:1000:", passwd)
            self.assertIn("nobody:x:65534:", passwd)
            self.assertIn("app:x:1000:", tar.extractfile("etc/group").read().decode())
            for m in tar.getmembers():
                self.assertEqual((m.uid, m.gid, m.mtime), (0, 0, rootfs.FIXED_MTIME), m.name)


class CleanupTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="mdt-cleanup-")
        self.addCleanup(subprocess.run, ["rm", "-rf", "--one-file-system", self.tmp])
        self.addCleanup(cleanup.unmount_under, self.tmp)

    def test_unmount_under_removes_nested_mounts(self):
        inner = os.path.join(self.tmp, "a")
        os.makedirs(inner)
        subprocess.run(["mount", "-t", "tmpfs", "tmpfs", inner], check=True)
        os.makedirs(os.path.join(inner, "b"))
        subprocess.run(["mount", "-t", "tmpfs", "tmpfs", os.path.join(inner, "b")], check=True)
        self.assertEqual(len(cleanup.mounts_under(self.tmp)), 2)
        cleanup.unmount_under(self.tmp)
        self.assertEqual(cleanup.mounts_under(self.tmp), [])

    @staticmethod
    def kill_group(pgid):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def test_kill_process_tree_by_cmdline(self):
        marker = os.path.join(self.tmp, "marker")
        # Own session and no inherited stdout: even a leaked child can neither outlive the
        # cleanup (killpg) nor hold CTest's output pipe open.
        parent = subprocess.Popen(["sh", "-c", "sleep 1000 & wait", marker], start_new_session=True,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(self.kill_group, parent.pid)
        self.addCleanup(cleanup.kill_pids, [parent.pid])
        wait_until(lambda: len(cleanup.pid_tree([parent.pid])) >= 2, 5, message="sleep child")
        # Until the child has exec'd sleep it is a copy of sh, marker included: poll.
        wait_until(lambda: cleanup.pids_matching(marker) == [parent.pid], 5,
                   message="only the parent carries the marker")
        tree = cleanup.pid_tree(cleanup.pids_matching(marker))
        cleanup.kill_pids(tree)
        parent.wait(5)
        for pid in tree:
            self.assertFalse(os.path.exists("/proc/%d" % pid) and not cleanup._is_zombie(pid))


class TeardownTest(unittest.TestCase):
    """TestDaemon.close() after a SIGKILLed daemon that left mounts, processes, cgroups
    and a bridge behind (a fake daemon makes them; see fake_mydockerd.py)."""

    def setUp(self):
        self.bin = tempfile.mkdtemp(prefix="mdt-fakebin-")
        self.addCleanup(subprocess.run, ["rm", "-rf", self.bin])
        fake = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fake_mydockerd.py")
        with open(os.path.join(self.bin, "mydockerd"), "w") as f:
            f.write('#!/bin/sh\nexec "%s" "%s" "$@"\n' % (sys.executable, fake))
        os.chmod(os.path.join(self.bin, "mydockerd"), 0o755)

    def test_close_removes_everything_left_behind(self):
        d = TestDaemon(bin_path=self.bin)
        self.addCleanup(d.close)
        d.start()
        self.assertEqual(d.api("GET", "/_ping")[0], 200)
        child_file = os.path.join(d.exec_root, "child.pid")
        wait_until(lambda: read(child_file).strip(), 5, message="fake container process")
        shim, child = int(read(os.path.join(d.exec_root, "shim.pid"))), int(read(child_file))
        cgroups = cleanup._find_dirs_named("/sys/fs/cgroup/pids", d.cgroup_parent)
        cgroups += cleanup._find_dirs_named("/sys/fs/cgroup/memory", d.cgroup_parent)
        self.assertEqual(len(cgroups), 2)
        self.assertEqual(len(cleanup.mounts_under(d.root)), 2)
        d.kill9()
        self.assertTrue(os.path.exists("/proc/%d" % child))
        d.close()
        for pid in (shim, child):
            self.assertFalse(os.path.exists("/proc/%d" % pid) and not cleanup._is_zombie(pid))
        self.assertEqual(cleanup.mounts_under(d.root), [])
        self.assertFalse(os.path.exists(d.root))
        for cg in cgroups:
            self.assertFalse(os.path.isdir(cg), cg)
        link = subprocess.run(["ip", "link", "show", d.bridge], capture_output=True)
        self.assertNotEqual(link.returncode, 0)


@unittest.skipUnless(os.path.exists(os.path.join(bin_dir(), "mydockerd")), "mydockerd not built")
class TestDaemonTest(unittest.TestCase):
    def test_start_ping_and_full_teardown(self):
        d = TestDaemon()
        try:
            d.start()
            status, headers, body = d.api("GET", "/_ping")
            self.assertEqual((status, body), (200, b"OK"))
            self.assertTrue(os.path.exists(d.pidfile))
        finally:
            d.close()
        self.assertFalse(os.path.exists(d.root))
        self.assertIsNotNone(d.proc.returncode)
        link = subprocess.run(["ip", "link", "show", d.bridge], capture_output=True)
        self.assertNotEqual(link.returncode, 0)


if __name__ == "__main__":
    unittest.main()
