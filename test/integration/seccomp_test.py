"""seccomp (issue 9): Docker's default profile in every container, --privileged and
seccomp=unconfined without a filter, custom profiles in Docker's JSON format, through the
docker CLI and the Python SDK. A static probe (test/fixtures/probe.c) reports the errno of
named syscalls from inside the container."""

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import unittest

import docker

import rootfs
from testdaemon import BUSYBOX_PATH_ENV, DaemonTestCase

PROBE_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "probe.c")
EPERM, ENOENT, EINVAL, ENOSYS = 1, 2, 22, 38
PRIVILEGED_CALLS = ["unshare_user", "keyctl", "mount", "swapon", "reboot"]
MKDIR_DENIED = {"defaultAction": "SCMP_ACT_ALLOW",
                "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO",
                              "errnoRet": 1}]}


def build_probe_image_tar(workdir):
    """busybox rootfs + /bin/probe (gcc -static) as one tar for docker import."""
    probe = os.path.join(workdir, "probe")
    subprocess.run(["gcc", "-static", "-O2", "-o", probe, PROBE_SOURCE], check=True)
    out = os.path.join(workdir, "probe-image.tar")
    with tarfile.open(rootfs.busybox_rootfs_tar()) as src, tarfile.open(out, "w") as dst:
        for member in src.getmembers():
            dst.addfile(member, src.extractfile(member) if member.isfile() else None)
        dst.add(probe, arcname="bin/probe")
    return out


def parse_probe(output):
    """{"name": errno} from the probe's "<name> <errno>" lines."""
    return {name: int(code) for name, code in (line.split() for line in output.splitlines())}


class SeccompTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.workdir = tempfile.mkdtemp(prefix="mydocker-seccomp-")
        cls.addClassCleanup(shutil.rmtree, cls.workdir, True)
        tar = build_probe_image_tar(cls.workdir)
        cls.daemon.docker("import", "-c", "ENV " + BUSYBOX_PATH_ENV, tar, "probe:latest")

    def probe(self, *run_args):
        res = self.daemon.docker("run", "--rm", *run_args, "probe", "probe", *PRIVILEGED_CALLS)
        return parse_probe(res.stdout)

    def seccomp_mode(self, *run_args):
        status = self.daemon.docker("run", "--rm", *run_args, "busybox", "cat",
                                    "/proc/1/status").stdout
        return [l.split()[1] for l in status.splitlines() if l.startswith("Seccomp:")][0]

    def write_profile(self, profile):
        path = os.path.join(self.workdir, "profile-%d.json" % len(os.listdir(self.workdir)))
        with open(path, "w") as f:
            f.write(profile if isinstance(profile, str) else json.dumps(profile))
        return path

    def test_default_container_is_filtered(self):
        self.assertEqual(self.seccomp_mode(), "2")
        self.assertEqual(self.probe(), {name: EPERM for name in PRIVILEGED_CALLS})

    def test_filter_for_other_users_and_no_new_privileges(self):
        # Loaded before the switch to uid 1000 (which drops CAP_SYS_ADMIN), or after
        # no_new_privs: both ways the process runs filtered.
        self.assertEqual(self.seccomp_mode("-u", "1000"), "2")
        self.assertEqual(self.seccomp_mode("--security-opt", "no-new-privileges"), "2")
        out = self.daemon.docker("run", "--rm", "-u", "1000", "--security-opt", "no-new-privileges",
                                 "probe", "probe", "keyctl", "getpid").stdout
        self.assertEqual(parse_probe(out), {"keyctl": EPERM, "getpid": 0})

    def test_busybox_unshare_user_is_refused(self):
        res = self.daemon.docker("run", "--rm", "busybox", "unshare", "-U", "true", check=False)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("Operation not permitted", res.stderr)

    def test_default_profile_argument_filters(self):
        out = self.daemon.docker("run", "--rm", "probe", "probe", "clone3", "personality_bsd",
                                 "socket_vsock", "getpid").stdout
        self.assertEqual(parse_probe(out), {"clone3": ENOSYS, "personality_bsd": EPERM,
                                            "socket_vsock": EPERM, "getpid": 0})

    def test_cap_sys_admin_opens_its_group(self):
        got = self.probe("--cap-add", "SYS_ADMIN")
        self.assertEqual(got["unshare_user"], 0)
        self.assertEqual(got["mount"], 0)
        self.assertEqual(got["keyctl"], EPERM)  # never allowed by the default profile
        self.assertEqual(got["reboot"], EPERM)  # needs CAP_SYS_BOOT

    def test_cap_add_all_grants_every_capability(self):
        """--cap-add ALL: the effective set is the host's full bounding set, not Docker's default."""
        def cap_eff(*run_args):
            status = self.daemon.docker("run", "--rm", *run_args, "busybox", "cat",
                                        "/proc/1/status").stdout
            return int([l.split()[1] for l in status.splitlines()
                        if l.startswith("CapEff:")][0], 16)
        with open("/proc/self/status") as f:  # what the daemon itself may hand out
            every = int([l.split()[1] for l in f if l.startswith("CapBnd:")][0], 16)
        self.assertEqual(cap_eff("--cap-add", "ALL"), every)
        self.assertNotEqual(cap_eff(), every)

    def test_privileged_has_no_filter(self):
        self.assertEqual(self.seccomp_mode("--privileged"), "0")
        got = self.probe("--privileged")
        self.assertEqual(got["unshare_user"], 0)
        self.assertNotEqual(got["keyctl"], EPERM)
        self.assertEqual(got["mount"], 0)
        self.assertEqual(got["swapon"], ENOENT)
        self.assertEqual(got["reboot"], EINVAL)  # bad magic: the kernel was reached

    def test_unconfined_has_no_filter(self):
        self.assertEqual(self.seccomp_mode("--security-opt", "seccomp=unconfined"), "0")
        got = self.probe("--security-opt", "seccomp=unconfined")
        self.assertEqual(got["unshare_user"], 0)
        self.assertNotEqual(got["keyctl"], EPERM)

    def test_custom_profile_denies_mkdir(self):
        path = self.write_profile(MKDIR_DENIED)
        res = self.daemon.docker("run", "--rm", "--security-opt", "seccomp=" + path, "busybox",
                                 "mkdir", "/x", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("Operation not permitted", res.stderr)
        self.assertEqual(self.seccomp_mode("--security-opt", "seccomp=" + path), "2")
        # Everything else is allowed by this profile.
        got = self.probe("--security-opt", "seccomp=" + path)
        self.assertEqual(got["unshare_user"], 0)

    def test_malformed_profile_fails_the_run(self):
        path = self.write_profile({"defaultAction": "SCMP_ACT_BOGUS"})
        res = self.daemon.docker("run", "--rm", "--security-opt", "seccomp=" + path, "busybox",
                                 "true", check=False)
        self.assertEqual(res.returncode, 125)
        self.assertIn("seccomp: invalid action \"SCMP_ACT_BOGUS\"", res.stderr)

    def test_sdk_default_custom_and_malformed(self):
        client = self.daemon.sdk()
        out = client.containers.run("busybox", ["cat", "/proc/1/status"], remove=True)
        self.assertIn(b"Seccomp:\t2", out)
        profile = "seccomp=" + json.dumps(MKDIR_DENIED)
        c = client.containers.run("busybox", ["mkdir", "/x"], security_opt=[profile], detach=True)
        self.addCleanup(c.remove, force=True)
        self.assertEqual(c.wait(timeout=30)["StatusCode"], 1)
        self.assertIn(b"Operation not permitted", c.logs())
        bad = client.containers.create("busybox", ["true"], security_opt=["seccomp={not json"])
        self.addCleanup(bad.remove, force=True)
        with self.assertRaises(docker.errors.APIError) as ctx:
            bad.start()
        self.assertEqual(ctx.exception.status_code, 400)
        self.assertIn("Decoding seccomp profile failed", ctx.exception.explanation)

    def test_info_security_options(self):
        self.assertIn("name=seccomp,profile=builtin", self.daemon.sdk().info()["SecurityOptions"])
        info = self.daemon.docker("info").stdout
        self.assertIn("seccomp", info)
        self.assertIn("Profile: builtin", info)


if __name__ == "__main__":
    unittest.main()
