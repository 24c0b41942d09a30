"""Issue 3's scenario through our own CLI only (the docker CLI and SDK runs are in
containers_test): import busybox; run --rm echo hi; run -d --name web; ps shows it Up; pause
freezes it and ps shows (Paused); unpause; stop -> Exited (137 or 143); start; logs; inspect;
rm -f."""

import json
import os
import unittest

import rootfs
from testdaemon import BUSYBOX_PATH_ENV, DaemonTestCase, wait_until


def freezer_frozen(pid):
    """Whether the cgroup freezer holds pid's cgroup frozen (v1 freezer.state or v2 cgroup.events)."""
    with open("/proc/%d/cgroup" % pid) as f:
        entries = [line.rstrip("\n").split(":", 2) for line in f]
    mounts = {}
    with open("/proc/self/mountinfo") as f:
        for line in f:
            left, _, right = line.partition(" - ")
            fields = right.split()
            if fields and fields[0] == "cgroup":
                for opt in fields[2].split(","):
                    mounts[opt] = left.split()[4]
            elif fields and fields[0] == "cgroup2":
                mounts[""] = left.split()[4]
    for _, controllers, path in entries:
        if "freezer" in controllers.split(",") and "freezer" in mounts:
            with open(os.path.join(mounts["freezer"], path.lstrip("/"), "freezer.state")) as f:
                return f.read().strip() == "FROZEN"
    for _, controllers, path in entries:
        if controllers == "" and "" in mounts:
            with open(os.path.join(mounts[""], path.lstrip("/"), "cgroup.events")) as f:
                return "frozen 1" in f.read()
    raise AssertionError("no freezer for pid %d" % pid)


class CliScenarioTest(DaemonTestCase):
    def test_issue3_scenario_with_mydocker(self):
        d = self.daemon
        image_id = d.cli("import", "-c", "ENV " + BUSYBOX_PATH_ENV, "-c", 'CMD ["sh"]',
                         rootfs.busybox_rootfs_tar(), "busybox").stdout.strip()
        self.assertTrue(image_id.startswith("sha256:"), image_id)
        self.assertEqual(d.cli("run", "--rm", "busybox", "echo", "hi").stdout, "hi\n")
        self.assertEqual(d.cli("ps", "-aq").stdout, "")  # --rm left nothing

        cid = d.cli("run", "-d", "--name", "web", "busybox", "sh", "-c",
                    "echo started; exec sleep 1000").stdout.strip()
        self.addCleanup(d.cli, "rm", "-f", "web", check=False)
        self.assertEqual(len(cid), 64)
        ps = d.cli("ps").stdout.splitlines()
        self.assertEqual(len(ps), 2)
        self.assertTrue(ps[1].startswith(cid[:12]), ps)
        self.assertRegex(ps[1], r"\bUp (Less than a second|\d+ seconds?)\s+web$")
        pid = int(d.cli("inspect", "-f", "{{.State.Pid}}", "web").stdout)

        self.assertEqual(d.cli("pause", "web").stdout, "web\n")
        self.assertRegex(d.cli("ps").stdout, r"\(Paused\)\s+web\n")
        self.assertTrue(freezer_frozen(pid))
        self.assertEqual(d.cli("ps", "--format", "{{.State}}").stdout, "paused\n")
        d.cli("unpause", "web")
        self.assertFalse(freezer_frozen(pid))
        self.assertNotIn("(Paused)", d.cli("ps").stdout)

        d.cli("stop", "-t", "1", "web")  # sleep as PID 1 ignores SIGTERM: killed after 1 s
        code = int(d.cli("inspect", "-f", "{{.State.ExitCode}}", "web").stdout)
        self.assertIn(code, (137, 143))
        self.assertRegex(d.cli("ps", "-a").stdout, r"Exited \(%d\) .*web\n" % code)
        self.assertEqual(d.cli("ps", "-q").stdout, "")

        self.assertEqual(d.cli("start", "web").stdout, "web\n")
        self.assertIn("Up ", d.cli("ps").stdout)
        wait_until(lambda: d.cli("logs", "web").stdout == "started\nstarted\n", 10,
                   message="a log line per run")
        info = json.loads(d.cli("inspect", "web").stdout)
        self.assertEqual(len(info), 1)
        self.assertEqual((info[0]["Id"], info[0]["Name"], info[0]["Image"]), (cid, "/web", image_id))
        self.assertEqual((info[0]["State"]["Status"], info[0]["State"]["Running"]), ("running", True))
        self.assertEqual(info[0]["Config"]["Cmd"], ["sh", "-c", "echo started; exec sleep 1000"])

        self.assertEqual(d.cli("rm", "-f", "web").stdout, "web\n")
        self.assertEqual(d.cli("ps", "-aq").stdout, "")
        res = d.cli("inspect", "web", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("No such object: web", res.stderr)


if __name__ == "__main__":
    unittest.main()
