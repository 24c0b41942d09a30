"""Confinement of paths (issue 9): the container's own cgroup at /sys/fs/cgroup, read-only;
users and groups resolved inside the container, never through an image's symlink to a host
file, a device or a FIFO; the data root closed to other host users. Docker CLI and SDK."""

import io
import os
import shutil
import stat
import subprocess
import tarfile
import tempfile
import unittest

import rootfs
from testdaemon import BUSYBOX_PATH_ENV, DaemonTestCase

HOST_V2 = os.path.exists("/sys/fs/cgroup/cgroup.controllers")
# Files inside a container started with --memory 64m --cpus 0.5 --pids-limit 10.
LIMIT_FILES = (
    {"/sys/fs/cgroup/memory.max": "67108864", "/sys/fs/cgroup/cpu.max": "50000 100000",
     "/sys/fs/cgroup/pids.max": "10"} if HOST_V2 else
    {"/sys/fs/cgroup/memory/memory.limit_in_bytes": "67108864",
     "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "50000",
     "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000",
     "/sys/fs/cgroup/pids/pids.max": "10"})
PIDS_MAX = "/sys/fs/cgroup/pids.max" if HOST_V2 else "/sys/fs/cgroup/pids/pids.max"


def busybox_variant_tar(dest, replace):
    """The busybox rootfs with members replaced: replace maps a path to a TarInfo-making
    function (or None to drop it and everything below it)."""
    with tarfile.open(rootfs.busybox_rootfs_tar()) as src, tarfile.open(dest, "w") as out:
        for member in src.getmembers():
            top = [p for p in replace if member.name == p or member.name.startswith(p + "/")]
            if top:
                continue
            out.addfile(member, src.extractfile(member) if member.isfile() else None)
        for path, make in replace.items():
            if make is not None:
                info = make(path)
                out.addfile(info, io.BytesIO(b"") if info.isfile() else None)
    return dest


def symlink_to(target):
    def make(path):
        info = tarfile.TarInfo(path)
        info.type, info.linkname, info.mode = tarfile.SYMTYPE, target, 0o777
        return info
    return make


def fifo(path):
    info = tarfile.TarInfo(path)
    info.type, info.mode = tarfile.FIFOTYPE, 0o644
    return info


class CgroupVisibleReadOnlyTest(DaemonTestCase):
    import_busybox = True

    def read_limits(self, *flags):
        script = "; ".join("cat %s" % path for path in LIMIT_FILES)
        res = self.daemon.docker("run", "--rm", "--memory", "64m", "--cpus", "0.5",
                                 "--pids-limit", "10", *flags, "busybox", "sh", "-c", script)
        return [line.strip() for line in res.stdout.splitlines()]

    def test_limits_visible_and_read_only(self):
        self.assertEqual(self.read_limits(), list(LIMIT_FILES.values()))
        res = self.daemon.docker("run", "--rm", "--pids-limit", "10", "busybox", "sh", "-c",
                                 "echo 20 > %s; echo rc=$?; cat %s" % (PIDS_MAX, PIDS_MAX))
        self.assertIn("Read-only file system", res.stderr)
        self.assertEqual(res.stdout.split(), ["rc=1", "10"])

    def test_only_its_own_cgroup_is_visible(self):
        where = "/sys/fs/cgroup" if HOST_V2 else "/sys/fs/cgroup/memory"
        res = self.daemon.docker("run", "--rm", "busybox", "sh", "-c",
                                 "cat /proc/self/cgroup; ls %s" % where)
        self.assertNotIn("mydocker-test-", res.stdout)  # cgroup paths relative to its own
        self.assertNotIn(self.daemon.cgroup_parent, res.stdout)

    def test_privileged_mounts_it_writable(self):
        res = self.daemon.docker("run", "--rm", "--privileged", "--pids-limit", "10", "busybox",
                                 "sh", "-c", "echo 12 > %s && cat %s" % (PIDS_MAX, PIDS_MAX))
        self.assertEqual(res.stdout.strip(), "12")

    def test_sdk_sees_the_limits(self):
        client = self.daemon.sdk()
        out = client.containers.run("busybox", ["sh", "-c", "cat " + " ".join(LIMIT_FILES)],
                                    mem_limit="64m", nano_cpus=500_000_000, pids_limit=10,
                                    remove=True)
        self.assertEqual(out.decode().split("\n")[:len(LIMIT_FILES)], list(LIMIT_FILES.values()))


class HostileUserFilesTest(DaemonTestCase):
    import_busybox = True

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="mdt-hostile-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        # A host dir an image's `etc` symlink points at, with a passwd naming "someone".
        self.host_dir = tempfile.mkdtemp(prefix="mdt-host-etc-")
        self.addCleanup(shutil.rmtree, self.host_dir, True)
        for name, text in (("passwd", "someone:x:4242:4242::/:/bin/sh\n"),
                           ("group", "hostgroup:x:4343:someone\n")):
            with open(os.path.join(self.host_dir, name), "w") as f:
                f.write(text)
        self.host_listing = self.snapshot_host_dir()

    def snapshot_host_dir(self):
        out = {}
        for name in sorted(os.listdir(self.host_dir)):
            st = os.lstat(os.path.join(self.host_dir, name))
            out[name] = (st.st_mode, st.st_size, st.st_mtime_ns)
        return out

    def import_variant(self, tag, replace):
        tar = busybox_variant_tar(os.path.join(self.tmp, tag + ".tar"), replace)
        self.daemon.docker("import", "-c", "ENV " + BUSYBOX_PATH_ENV, tar, tag)
        self.addCleanup(self.daemon.docker, "rmi", "-f", tag, check=False)

    def assert_daemon_fine(self):
        for args in (("images",), ("info",), ("ps", "-a")):
            self.assertEqual(self.daemon.docker(*args).returncode, 0)
        self.assertIn("busybox", self.daemon.docker("images").stdout)
        self.assertEqual(self.snapshot_host_dir(), self.host_listing)

    def assert_user_unknown(self, image):
        res = self.daemon.docker("run", "--rm", "-u", "someone", image, "id", check=False,
                                 timeout=30)
        self.assertEqual(res.returncode, 125, res.stderr)
        self.assertIn("unable to find user someone: no matching entries in passwd file",
                      res.stderr)
        # A numeric user needs no passwd entry and runs harmlessly (not `id`: busybox's own
        # getpwuid would read the endless file).
        res = self.daemon.docker("run", "--rm", "-u", "4242:4343", image, "grep", "-E", "^(Uid|Gid):",
                                 "/proc/self/status", timeout=30)
        self.assertEqual(res.stdout.split()[:4], ["Uid:", "4242", "4242", "4242"])
        self.assertEqual(res.stdout.split()[5:7], ["Gid:", "4343"])
        self.assert_daemon_fine()

    def test_passwd_symlink_to_dev_zero(self):
        self.import_variant("hostile-zero", {"etc/passwd": symlink_to("/dev/zero"),
                                             "etc/group": symlink_to("/dev/zero")})
        self.assert_user_unknown("hostile-zero")

    def test_passwd_fifo(self):
        self.import_variant("hostile-fifo", {"etc/passwd": fifo, "etc/group": fifo})
        self.assert_user_unknown("hostile-fifo")

    def test_etc_symlink_to_a_host_dir(self):
        res = self.daemon.docker("import", "-c", "ENV " + BUSYBOX_PATH_ENV,
                                 busybox_variant_tar(os.path.join(self.tmp, "etc.tar"),
                                                     {"etc": symlink_to(self.host_dir)}),
                                 "hostile-etc", check=False)
        self.addCleanup(self.daemon.docker, "rmi", "-f", "hostile-etc", check=False)
        if res.returncode != 0:  # refusing the image is as good as confining it
            self.assertIn("Error", res.stderr)
            self.assert_daemon_fine()
            return
        self.assert_user_unknown("hostile-etc")
        # The bind targets (/etc/hosts...) landed inside the container, not in the host dir.
        res = self.daemon.docker("run", "--rm", "hostile-etc", "cat", "/etc/hostname")
        self.assertEqual(len(res.stdout.strip()), 12)
        self.assert_daemon_fine()

    def test_user_by_name_and_group_add_by_name_and_number(self):
        res = self.daemon.docker("run", "--rm", "-u", "app", "--group-add", "nogroup",
                                 "--group-add", "4321", "busybox", "id")
        self.assertIn("uid=1000(app) gid=1000(app)", res.stdout)
        self.assertIn("65534(nogroup)", res.stdout)
        self.assertIn("4321", res.stdout)
        res = self.daemon.docker("run", "--rm", "-u", "app:nogroup", "busybox", "id")
        self.assertIn("uid=1000(app) gid=65534(nogroup)", res.stdout)
        res = self.daemon.docker("run", "--rm", "--group-add", "nosuch", "busybox", "id",
                                 check=False)
        self.assertEqual(res.returncode, 125)
        self.assertIn("Unable to find group nosuch: no matching entries in group file", res.stderr)
        out = self.daemon.sdk().containers.run("busybox", "id", user="app", group_add=["nogroup"],
                                               remove=True).decode()
        self.assertIn("uid=1000(app)", out)
        self.assertIn("65534(nogroup)", out)


class DataRootPermissionsTest(DaemonTestCase):
    import_busybox = True

    def as_nobody(self, *argv):
        return subprocess.run(["runuser", "-u", "nobody", "--", *argv], capture_output=True,
                               text=True, timeout=30)

    def test_modes_and_a_non_root_user_is_kept_out(self):
        d = self.daemon
        cid = d.docker("create", "-e", "SECRET=hunter2", "busybox", "true").stdout.strip()
        self.addCleanup(d.docker, "rm", "-f", cid, check=False)
        # The test's own temp dir is 0700: open it so only our modes stand in the way.
        os.chmod(d.root, 0o711)
        cdir = os.path.join(d.data_root, "containers", cid)
        mode = lambda p: stat.S_IMODE(os.stat(p).st_mode)
        self.assertEqual(mode(d.data_root), 0o711)
        self.assertEqual(mode(os.path.join(d.data_root, "containers")), 0o700)
        self.assertEqual(mode(cdir), 0o700)
        self.assertEqual(mode(os.path.join(cdir, "config.v2.json")), 0o600)
        for sub in ("layers", "containers-rw", "image"):
            self.assertEqual(mode(os.path.join(d.data_root, sub)), 0o700, sub)
        layers = os.path.join(d.data_root, "layers")
        some_layer = next(n for n in os.listdir(layers) if len(n) == 64)
        busybox = os.path.join(layers, some_layer, "diff", "bin", "busybox")
        self.assertTrue(os.path.exists(busybox))
        for argv in (["ls", d.data_root], ["ls", layers], ["stat", busybox],
                     ["cat", os.path.join(cdir, "config.v2.json")]):
            res = self.as_nobody(*argv)
            self.assertNotEqual(res.returncode, 0, argv)
            self.assertIn("Permission denied", res.stderr, argv)


if __name__ == "__main__":
    unittest.main()
