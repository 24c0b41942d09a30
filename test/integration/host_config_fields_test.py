"""HostConfig fields honoured or refused as Docker does: --add-host lines in /etc/hosts,
--dns/--dns-search/--dns-option in /etc/resolv.conf (seen from inside busybox), and a 400 that
names the flag for every field this engine does not honour (docker CLI, raw API and SDK)."""

import json
import unittest

import docker

from testdaemon import DaemonTestCase


class HostConfigFieldsTest(DaemonTestCase):
    import_busybox = True

    def run_cat(self, *flags, path):
        res = self.daemon.docker("run", "--rm", *flags, "busybox", "cat", path)
        return res.stdout

    def refused(self, *flags):
        res = self.daemon.docker("run", "--rm", *flags, "busybox", "true", check=False)
        self.assertNotEqual(res.returncode, 0, res.stdout)
        return res.stderr

    def test_add_host_lines_follow_the_defaults(self):
        hosts = self.run_cat("--add-host", "db:10.0.0.5", "--add-host", "v6:fd00::1",
                             path="/etc/hosts")
        lines = hosts.splitlines()
        self.assertEqual(lines[0], "127.0.0.1\tlocalhost")
        self.assertIn("10.0.0.5\tdb", lines)
        self.assertIn("fd00::1\tv6", lines)

    def test_dns_flags_replace_the_hosts_resolv_conf_lines(self):
        conf = self.run_cat("--dns", "1.1.1.1", "--dns", "9.9.9.9", "--dns-search", "a.example",
                            "--dns-option", "ndots:2", path="/etc/resolv.conf")
        lines = conf.splitlines()
        self.assertEqual([l for l in lines if l.startswith("nameserver")],
                         ["nameserver 1.1.1.1", "nameserver 9.9.9.9"])
        self.assertEqual([l for l in lines if l.startswith("search")], ["search a.example"])
        self.assertEqual([l for l in lines if l.startswith("options")], ["options ndots:2"])

    def test_dns_fields_are_shown_in_inspect(self):
        self.daemon.docker("create", "--name", "dnsshown", "--dns", "1.1.1.1", "--add-host",
                           "db:10.0.0.5", "busybox", "true")
        self.addCleanup(self.daemon.docker, "rm", "-f", "dnsshown", check=False)
        hc = json.loads(self.daemon.docker("inspect", "dnsshown").stdout)[0]["HostConfig"]
        self.assertEqual(hc["Dns"], ["1.1.1.1"])
        self.assertEqual(hc["ExtraHosts"], ["db:10.0.0.5"])

    def test_tmpfs_mounts_with_dockers_defaults_and_options(self):
        res = self.daemon.docker("run", "--rm", "--tmpfs", "/scratch", "--tmpfs",
                                 "/big:exec,size=2m", "busybox", "sh", "-c",
                                 "grep -E ' /(scratch|big) ' /proc/mounts; df -k /big | tail -1")
        lines = res.stdout.splitlines()
        scratch = [l for l in lines if " /scratch " in l]
        big = [l for l in lines if " /big " in l]
        self.assertEqual(len(scratch), 1, res.stdout)
        self.assertIn("tmpfs", scratch[0])
        for opt in ("nosuid", "nodev", "noexec"):
            self.assertIn(opt, scratch[0].split()[3].split(","))
        self.assertNotIn("noexec", big[0].split()[3].split(","))
        self.assertEqual(lines[-1].split()[1], "2048", res.stdout)

    def test_shm_size_sets_the_dev_shm_tmpfs(self):
        res = self.daemon.docker("run", "--rm", "--shm-size", "128m", "busybox", "df", "-k",
                                 "/dev/shm")
        self.assertEqual(res.stdout.splitlines()[-1].split()[1], "131072", res.stdout)
        res = self.daemon.docker("run", "--rm", "busybox", "df", "-k", "/dev/shm")
        self.assertEqual(res.stdout.splitlines()[-1].split()[1], "65536", res.stdout)

    def test_memory_reservation_oom_kill_disable_and_cpuset_mems_reach_the_cgroup(self):
        script = ("cat /sys/fs/cgroup/memory/memory.soft_limit_in_bytes; "
                  "grep oom_kill_disable /sys/fs/cgroup/memory/memory.oom_control; "
                  "cat /sys/fs/cgroup/cpuset/cpuset.mems")
        res = self.daemon.docker("run", "--rm", "-m", "64m", "--memory-reservation", "32m",
                                 "--oom-kill-disable", "--cpuset-mems", "0", "busybox", "sh",
                                 "-c", script)
        self.assertEqual(res.stdout.split(), ["33554432", "oom_kill_disable", "1", "0"])
        res = self.daemon.docker("run", "--rm", "-m", "8m", "--memory-reservation", "16m",
                                 "busybox", "true", check=False)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("Minimum memory limit can not be less than memory reservation limit",
                      res.stderr)

    def test_oom_score_adj_is_written_for_the_process(self):
        res = self.daemon.docker("run", "--rm", "--oom-score-adj", "300", "busybox", "cat",
                                 "/proc/self/oom_score_adj")
        self.assertEqual(res.stdout.strip(), "300")
        # Lowering it needs CAP_SYS_RESOURCE: where the daemon lacks it, start fails clearly.
        res = self.daemon.docker("run", "--rm", "--oom-score-adj", "-100", "busybox", "cat",
                                 "/proc/self/oom_score_adj", check=False)
        if res.returncode != 0:
            self.assertIn("oom_score_adj -100", res.stderr)
        else:
            self.assertEqual(res.stdout.strip(), "-100")

    def test_flags_not_honoured_are_refused_naming_the_flag(self):
        cases = [
            (["--storage-opt", "size=1G"],
             "--storage-opt is supported only for overlay over xfs with 'pquota' mount option"),
        ]
        for flags, text in cases:
            with self.subTest(flags=flags):
                self.assertIn(text, self.refused(*flags))
        self.assertEqual(self.daemon.docker("ps", "-aq").stdout.strip(), "")

    def test_raw_api_refusals_are_400(self):
        for host_config, text in [
                ({"Links": ["a:b"]}, "could not get container for a: No such container: a"),
                ({"Isolation": "hyperv"},
                 "invalid isolation: \"hyperv\" - linux only supports 'default'"),
                ({"ExtraHosts": ["nocolon"]}, 'invalid argument "nocolon" for "--add-host" flag')]:
            with self.subTest(host_config=host_config):
                status, _, data = self.daemon.api("POST", "/containers/create", {
                    "Image": "busybox", "Cmd": ["true"], "HostConfig": host_config})
                self.assertEqual(status, 400, data)
                self.assertEqual(json.loads(data)["message"], text)

    def test_sdk_sees_the_refusal_as_api_error(self):
        client = self.daemon.sdk()
        with self.assertRaises(docker.errors.APIError) as caught:
            client.containers.create("busybox", "true", storage_opt={"size": "1G"})
        self.assertEqual(caught.exception.status_code, 400)
        self.assertIn("--storage-opt", str(caught.exception))
        out = client.containers.run("busybox", ["cat", "/etc/hosts"], remove=True,
                                    extra_hosts={"sdkhost": "10.9.8.7"})
        self.assertIn("10.9.8.7\tsdkhost", out.decode())


if __name__ == "__main__":
    unittest.main()
