"""Our CLI's `run` flags for confinement and logging: --security-opt seccomp=FILE (sent as the
file's content, as the docker CLI does), --log-driver/--log-opt, --group-add, --init."""

import json
import os
import tempfile
import unittest

from testdaemon import DaemonTestCase

MKDIR_DENIED = {"defaultAction": "SCMP_ACT_ALLOW",
                "syscalls": [{"names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO",
                              "errnoRet": 1}]}


class CliRunSecurityTest(DaemonTestCase):
    import_busybox = True

    def test_seccomp_profile_file_is_sent_as_content(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(MKDIR_DENIED, f)
        self.addCleanup(os.unlink, f.name)
        res = self.daemon.cli("run", "--rm", "--security-opt", "seccomp=" + f.name, "busybox",
                              "mkdir", "/x", check=False)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("Operation not permitted", res.stderr + res.stdout)
        ok = self.daemon.cli("run", "--rm", "busybox", "mkdir", "/x")
        self.assertEqual(ok.returncode, 0)

    def test_missing_seccomp_profile_file_is_a_client_error(self):
        res = self.daemon.cli("run", "--rm", "--security-opt", "seccomp=/nonexistent.json",
                              "busybox", "true", check=False)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("opening seccomp profile (/nonexistent.json) failed", res.stderr)

    def test_log_driver_and_options(self):
        cid = self.daemon.cli("run", "-d", "--log-driver", "json-file", "--log-opt", "max-size=1m",
                              "--log-opt", "max-file=2", "busybox", "true").stdout.strip()
        log_config = json.loads(self.daemon.cli("inspect", "-f", "{{json .HostConfig.LogConfig}}",
                                                cid).stdout)
        self.assertEqual(log_config, {"Type": "json-file",
                                      "Config": {"max-size": "1m", "max-file": "2"}})
        bad = self.daemon.cli("run", "--rm", "--log-driver", "asdf", "busybox", "true", check=False)
        self.assertEqual(bad.returncode, 125)
        self.assertIn("logger: no log driver named 'asdf' is registered", bad.stderr)

    def test_group_add_and_init(self):
        out = self.daemon.cli("run", "--rm", "--group-add", "4321", "busybox", "id").stdout
        self.assertIn("4321", out)
        comm = self.daemon.cli("run", "--rm", "--init", "busybox", "cat", "/proc/1/comm").stdout
        self.assertNotEqual(comm.strip(), "cat")


if __name__ == "__main__":
    unittest.main()
