"""Legacy --link on the default bridge (/etc/hosts, Docker's variables, HostConfig.Links,
dockerd's errors) and the Warnings of a create answer (issue 10). One daemon for the module."""

import os
import re
import unittest

from testdaemon import DaemonTestCase

API = "/v1.41"
OOM_WARNING = ("OOM killer is disabled for the container, but no memory limit is set, this can "
               "result in the system running out of resources.")


class LinksTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.daemon.docker("run", "-d", "--name", "tgt", "-e", "FOO=bar", "--expose", "80",
                          "busybox", "sleep", "600")
        cls.tgt_id = cls.daemon.docker("inspect", "-f", "{{.Id}}", "tgt").stdout.strip()
        cls.tgt_ip = cls.daemon.docker("inspect", "-f", "{{.NetworkSettings.IPAddress}}",
                                       "tgt").stdout.strip()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.docker("rm", "-f", "tgt", "stopped", "lk-created", "lk-stopped", check=False)
        super().tearDownClass()

    def test_linked_container_resolves_and_reaches_the_alias(self):
        out = self.daemon.docker("run", "--rm", "--name", "linker", "--link", "tgt:al",
                                 "busybox", "sh", "-c",
                                 "env; cat /etc/hosts; ping -c1 -W2 al >/dev/null && echo ping-ok"
                                 ).stdout
        ip = self.tgt_ip
        self.assertTrue(ip)
        env = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        self.assertEqual(env["AL_NAME"], "/linker/al")
        self.assertEqual(env["AL_PORT"], "tcp://%s:80" % ip)
        self.assertEqual(env["AL_PORT_80_TCP"], "tcp://%s:80" % ip)
        self.assertEqual((env["AL_PORT_80_TCP_ADDR"], env["AL_PORT_80_TCP_PORT"],
                          env["AL_PORT_80_TCP_PROTO"]), (ip, "80", "tcp"))
        self.assertEqual(env["AL_ENV_FOO"], "bar")
        self.assertNotIn("AL_ENV_PATH", env)
        self.assertIn("%s\tal %s tgt\n" % (ip, self.tgt_id[:12]), out)
        self.assertIn("ping-ok", out)

    def test_inspect_shows_links_as_dockerd_and_missing_targets_are_refused(self):
        self.daemon.docker("create", "--name", "lk-created", "--link", "tgt:al", "--link",
                           self.tgt_id[:12], "busybox", "true")
        links = self.daemon.sdk().api.inspect_container("lk-created")["HostConfig"]["Links"]
        self.assertEqual(links, ["/tgt:/lk-created/al", "/tgt:/lk-created/" + self.tgt_id[:12]])
        res = self.daemon.docker("run", "--rm", "--link", "nope:x", "busybox", "true",
                                 check=False)
        self.assertEqual(res.returncode, 125)
        self.assertIn("could not get container for nope: No such container: nope", res.stderr)

    def test_on_a_user_network_a_link_is_a_name_for_this_container_only(self):
        self.daemon.docker("network", "create", "lknet")
        self.addCleanup(self.daemon.docker, "network", "rm", "lknet", check=False)
        self.daemon.docker("run", "-d", "--name", "usertgt", "--network", "lknet", "busybox",
                           "sleep", "600")
        self.addCleanup(self.daemon.docker, "rm", "-f", "usertgt", check=False)
        out = self.daemon.docker("run", "--rm", "--network", "lknet", "--link", "usertgt:ual",
                                 "busybox", "sh", "-c",
                                 "ping -c1 -W2 ual >/dev/null && echo ping-ok; env").stdout
        self.assertIn("ping-ok", out)
        self.assertNotIn("UAL_NAME", out)  # no variables off the default bridge
        other = self.daemon.docker("run", "--rm", "--network", "lknet", "busybox", "sh", "-c",
                                   "ping -c1 -W1 ual || echo unresolved", check=False).stdout
        self.assertIn("unresolved", other)
        cid = self.daemon.docker("create", "--network", "lknet", "--link", "usertgt:ual",
                                 "busybox", "true").stdout.strip()
        self.addCleanup(self.daemon.docker, "rm", "-f", cid, check=False)
        info = self.daemon.sdk().api.inspect_container(cid)
        self.assertFalse(info["HostConfig"]["Links"])
        self.assertEqual(info["NetworkSettings"]["Networks"]["lknet"]["Links"], ["usertgt:ual"])

    def test_a_stopped_target_fails_the_start(self):
        self.daemon.docker("create", "--name", "stopped", "busybox", "true")
        self.daemon.docker("create", "--name", "lk-stopped", "--link", "stopped", "busybox", "true")
        status, body = self.daemon.api_json("POST", API + "/containers/lk-stopped/start")
        self.assertEqual((status, body["message"]),
                         (500, "Cannot link to a non running container: /stopped AS "
                               "/lk-stopped/stopped"))


class CreateWarningsTest(DaemonTestCase):
    import_busybox = True

    def create(self, host_config):
        status, body = self.daemon.api_json("POST", API + "/containers/create", {
            "Image": "busybox", "Cmd": ["true"], "HostConfig": host_config})
        self.assertEqual(status, 201, body)
        self.addCleanup(self.daemon.docker, "rm", "-f", body["Id"], check=False)
        return body["Warnings"]

    def test_the_cli_prints_dockerds_warnings(self):
        res = self.daemon.docker("create", "--oom-kill-disable", "busybox", "true")
        self.addCleanup(self.daemon.docker, "rm", "-f", res.stdout.strip(), check=False)
        self.assertIn("WARNING: " + OOM_WARNING, res.stderr)

    def test_warnings_list_what_the_host_discards(self):
        self.assertEqual(self.create({}), [])
        self.assertEqual(self.create({"OomKillDisable": True, "Memory": 64 << 20}), [])
        expected = [OOM_WARNING]
        if not os.path.exists("/sys/fs/cgroup/blkio/blkio.weight"):  # as on this host
            expected.append("Your kernel does not support Block I/O weight or the cgroup is "
                            "not mounted. Weight discarded.")
        self.assertEqual(self.create({"OomKillDisable": True, "BlkioWeight": 300}), expected)


if __name__ == "__main__":
    unittest.main()
