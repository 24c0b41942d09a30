"""Issue 11: user-defined networks: create/ls/inspect/rm (409 with endpoints)/prune,
connect/disconnect on running containers, --ip and --network-alias, name resolution with the
embedded DNS (names, aliases, short IDs; live on connect/disconnect), isolation between
networks, and cleanup of bridges. docker CLI and the SDK against a private daemon."""
import json
import subprocess
import unittest

from nft import table_exists
from testdaemon import DaemonTestCase, wait_until


def link_exists(name):
    return subprocess.run(["ip", "link", "show", name], capture_output=True).returncode == 0


def reserve_subnet_24(daemon, second):
    """A /24 next to the daemon's own (10.231.N.0/24 -> 10.233.N.S/28 style, unused on hosts)."""
    return "10.233.%d.%d/28" % (daemon._subnet_n, 16 * second)


class NetworkUserTest(DaemonTestCase):
    import_busybox = True

    def tearDown(self):
        ids = self.daemon.docker("ps", "-aq").stdout.split()
        if ids:
            self.daemon.docker("rm", "-f", *ids, check=False)
        self.daemon.docker("network", "prune", "-f", check=False)

    def net(self, name, n):
        subnet = reserve_subnet_24(self.daemon, n)
        self.daemon.docker("network", "create", "--subnet", subnet, name)
        return subnet

    def ping(self, src_args, target, check=True):
        return self.daemon.docker("run", "--rm", *src_args, "busybox", "ping", "-c1", "-W2",
                                  target, check=check)

    def test_create_inspect_rm_and_errors(self):
        d = self.daemon
        subnet = self.net("n1", 1)
        info = json.loads(d.docker("network", "inspect", "n1").stdout)[0]
        self.assertEqual(info["Driver"], "bridge")
        self.assertEqual(info["IPAM"]["Config"][0]["Subnet"], subnet)
        bridge = info["Options"]["com.docker.network.bridge.name"]
        self.assertEqual(bridge, "br-" + info["Id"][:12])
        self.assertTrue(link_exists(bridge))
        dup = d.docker("network", "create", "n1", check=False)
        self.assertIn("network with name n1 already exists", dup.stderr)
        status, _, body = d.api("DELETE", "/networks/bridge")
        self.assertEqual(status, 403)
        # With a running container: 409 and the network stays.
        cid = d.docker("run", "-d", "--network", "n1", "busybox", "sleep", "60").stdout.strip()
        status, _, body = d.api("DELETE", "/networks/n1")
        self.assertEqual(status, 409, body)
        self.assertIn("has active endpoints", json.loads(body)["message"])
        d.docker("rm", "-f", cid)
        d.docker("network", "rm", "n1")
        self.assertFalse(link_exists(bridge))
        status, _, body = d.api("POST", "/containers/create", {"Image": "busybox", "HostConfig":
                                                               {"NetworkMode": "nope"}})
        self.assertEqual((status, json.loads(body)["message"]), (404, "network nope not found"))
        # The SDK: create with a generated subnet, list, remove.
        client = d.sdk()
        n2 = client.networks.create("n2", driver="bridge", labels={"k": "v"})
        self.assertEqual([n.name for n in client.networks.list(names=["n2"])], ["n2"])
        self.assertEqual(client.networks.get("n2").attrs["Labels"], {"k": "v"})
        n2.remove()

    def test_names_aliases_and_isolation(self):
        d = self.daemon
        self.net("front", 2)
        self.net("back", 3)
        web = d.docker("run", "-d", "--name", "web", "--network", "front", "--network-alias",
                       "www", "busybox", "sleep", "60").stdout.strip()
        web_ip = json.loads(d.docker("inspect", "web").stdout)[0]["NetworkSettings"]["Networks"]["front"]["IPAddress"]
        for target in ("web", "www", web[:12]):
            out = self.ping(["--network", "front"], target).stdout
            self.assertIn(web_ip, out)
        resolv = d.docker("run", "--rm", "--network", "front", "busybox", "cat",
                          "/etc/resolv.conf").stdout
        self.assertTrue(resolv.startswith("nameserver 127.0.0.11\n"), resolv)
        # Another network neither resolves nor reaches it.
        self.assertNotEqual(self.ping(["--network", "back"], "web", check=False).returncode, 0)
        self.assertNotEqual(self.ping(["--network", "back"], web_ip, check=False).returncode, 0)
        # --ip on a user network.
        fixed = reserve_subnet_24(d, 3).split("/")[0].rsplit(".", 1)
        fixed = "%s.%d" % (fixed[0], int(fixed[1]) + 9)
        out = d.docker("run", "--rm", "--network", "back", "--ip", fixed, "busybox",
                       "ip", "-o", "-4", "addr", "show", "eth0").stdout
        self.assertIn("inet %s/28" % fixed, out)

    def test_connect_disconnect_live(self):
        d = self.daemon
        self.net("a", 4)
        self.net("b", 5)
        d.docker("run", "-d", "--name", "srv", "--network", "a", "busybox", "sleep", "60")
        cli = d.docker("run", "-d", "--name", "cli", "--network", "b", "busybox", "sleep", "60").stdout.strip()
        resolve = ["run", "--rm", "--network", "container:cli", "busybox", "ping", "-c1", "-W2", "srv"]
        self.assertNotEqual(d.docker(*resolve, check=False).returncode, 0)
        d.docker("network", "connect", "--alias", "db", "a", "cli")
        links = d.docker("run", "--rm", "--network", "container:cli", "busybox", "ip", "-o", "link").stdout
        self.assertIn("eth1", links)
        d.docker(*resolve)
        srv_side = ["run", "--rm", "--network", "a", "busybox", "ping", "-c1", "-W2", "db"]
        d.docker(*srv_side)
        nets = json.loads(d.docker("inspect", cli).stdout)[0]["NetworkSettings"]["Networks"]
        self.assertEqual(sorted(nets), ["a", "b"])
        d.docker("network", "disconnect", "a", "cli")
        self.assertNotEqual(d.docker(*resolve, check=False).returncode, 0)
        nets = json.loads(d.docker("inspect", cli).stdout)[0]["NetworkSettings"]["Networks"]
        self.assertEqual(sorted(nets), ["b"])

    def test_our_cli(self):
        d = self.daemon
        subnet = reserve_subnet_24(d, 7)
        nid = d.cli("network", "create", "--subnet", subnet, "--label", "a=b", "mine").stdout.strip()
        self.assertEqual(len(nid), 64)
        listing = d.cli("network", "ls").stdout.splitlines()
        self.assertRegex(listing[0], r"^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE$")
        self.assertIn(nid[:12], "\n".join(listing))
        self.assertEqual(d.cli("network", "inspect", "-f", "{{.Name}}", nid[:12]).stdout, "mine\n")
        for args in (["network", "inspect", "-f", "{{.Name}}", "nope"],
                     ["network", "inspect", "mine", "nope"],
                     ["inspect", "--type", "network", "-f", "{{.Name}} {{.Labels}}", "mine"]):
            ours, theirs = d.cli(*args, check=False), d.docker(*args, check=False)
            self.assertEqual((ours.returncode, ours.stdout, ours.stderr),
                             (theirs.returncode, theirs.stdout, theirs.stderr), args)
        cid = d.cli("run", "-d", "--network", "mine", "--network-alias", "m", "-p",
                    "127.0.0.1::80", "busybox", "sleep", "60").stdout.strip()
        self.assertRegex(d.cli("port", cid, "80").stdout, r"^127\.0\.0\.1:\d+\n$")
        self.assertRegex(d.cli("port", cid).stdout, r"^80/tcp -> 127\.0\.0\.1:\d+\n$")
        res = d.cli("network", "rm", "mine", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("has active endpoints", res.stderr)
        d.cli("network", "disconnect", "mine", cid)
        d.cli("network", "rm", "mine")
        self.assertEqual(d.cli("network", "ls", "-q", "--filter", "name=mine").stdout, "")

    def test_cleanup_after_rm_network_rm_and_restart(self):
        d = self.daemon
        self.net("gone", 6)
        bridge = "br-" + json.loads(d.docker("network", "inspect", "gone").stdout)[0]["Id"][:12]
        d.docker("run", "-d", "--network", "gone", "-p", "127.0.0.1::80", "busybox", "sleep", "60")
        d.docker("rm", "-f", *d.docker("ps", "-aq").stdout.split())
        d.docker("network", "rm", "gone")
        d.restart()
        self.assertFalse(link_exists(bridge))
        d.stop()
        self.assertFalse(link_exists(d.bridge))
        self.assertFalse(table_exists(d.nat_table))
        d.start()


if __name__ == "__main__":
    unittest.main()
