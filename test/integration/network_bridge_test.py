"""Issue 11: the default bridge network, container endpoints, network modes, published ports,
outbound NAT and cleanup, through the docker CLI and the SDK against a private daemon (its own
bridge, /24 and nftables table). Traffic goes only to loopback, the containers and a network
namespace this test creates as "outside"."""
import ipaddress
import json
import os
import socket
import subprocess
import unittest
import urllib.request

from nft import table_exists
from testdaemon import DaemonTestCase, wait_until


def ip(*args, check=True):
    return subprocess.run(["ip"] + list(args), capture_output=True, text=True, check=check)


def bridge_ports(bridge):
    """Names of the links enslaved to `bridge` on the host."""
    out = ip("-o", "link", "show", "master", bridge, check=False).stdout
    return [line.split(":")[1].strip().split("@")[0] for line in out.splitlines() if line]


def http_get(url, timeout=5):
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.read().decode()


HTTPD = ["sh", "-c", "mkdir -p /www && echo hello-from-$(hostname) > /www/index.html && "
         "exec httpd -f -p 80 -h /www"]


class NetworkBridgeTest(DaemonTestCase):
    import_busybox = True

    def tearDown(self):
        ids = self.daemon.docker("ps", "-aq").stdout.split()
        if ids:
            self.daemon.docker("rm", "-f", *ids, check=False)

    def run_detached(self, *args):
        return self.daemon.docker("run", "-d", *args).stdout.strip()

    def inspect(self, cid):
        return json.loads(self.daemon.docker("inspect", cid).stdout)[0]

    def test_predefined_networks(self):
        names = self.daemon.docker("network", "ls", "--format", "{{.Name}} {{.Driver}}").stdout
        self.assertEqual(sorted(names.split("\n")[:-1]), ["bridge bridge", "host host", "none null"])
        bridge = json.loads(self.daemon.docker("network", "inspect", "bridge").stdout)[0]
        self.assertEqual(bridge["IPAM"]["Config"], [{"Subnet": self.daemon.subnet,
                                                     "Gateway": self.daemon.gateway}])
        self.assertEqual(bridge["Options"]["com.docker.network.bridge.name"], self.daemon.bridge)
        self.assertEqual(self.daemon.sdk().networks.get("host").attrs["Driver"], "host")
        status, _, body = self.daemon.api("GET", "/networks/nope")
        self.assertEqual((status, json.loads(body)["message"]), (404, "network nope not found"))

    def test_bridge_endpoint_inspect_and_hosts(self):
        cid = self.run_detached("busybox", "sleep", "60")
        settings = self.inspect(cid)["NetworkSettings"]
        addr = settings["IPAddress"]
        self.assertIn(ipaddress.ip_address(addr), ipaddress.ip_network(self.daemon.subnet))
        self.assertEqual(settings["Gateway"], self.daemon.gateway)
        self.assertEqual(settings["IPPrefixLen"], 24)
        mac = "02:42:" + ":".join("%02x" % int(b) for b in addr.split("."))
        self.assertEqual(settings["MacAddress"], mac)
        net = settings["Networks"]["bridge"]
        self.assertEqual((net["IPAddress"], net["MacAddress"]), (addr, mac))
        self.assertEqual(len(net["EndpointID"]), 64)
        out = self.daemon.docker("run", "--rm", "busybox", "ip", "-o", "-4", "addr").stdout
        net_prefix = self.daemon.subnet.rsplit(".", 1)[0].replace(".", r"\.")
        self.assertRegex(out, r"eth0\s+inet %s\.\d+/24" % net_prefix)
        hosts = self.daemon.docker("run", "--rm", "-h", "web", "busybox", "cat", "/etc/hosts").stdout
        self.assertRegex(hosts, r"\n%s\.\d+\tweb\n$" % net_prefix)
        route = self.daemon.docker("run", "--rm", "busybox", "ip", "route").stdout
        self.assertIn("default via %s dev eth0" % self.daemon.gateway, route)
        # Two containers on the bridge reach each other, and the gateway.
        self.daemon.docker("run", "--rm", "busybox", "ping", "-c1", "-W3", addr)
        self.daemon.docker("run", "--rm", "busybox", "ping", "-c1", "-W3", self.daemon.gateway)
        network = json.loads(self.daemon.docker("network", "inspect", "bridge").stdout)[0]
        self.assertEqual(network["Containers"][cid]["IPv4Address"], addr + "/24")

    def test_modes_none_host_container(self):
        links = self.daemon.docker("run", "--rm", "--network", "none", "busybox",
                                   "ip", "-o", "link").stdout
        self.assertEqual([l.split(":")[1].strip() for l in links.splitlines()], ["lo"])
        host_links = self.daemon.docker("run", "--rm", "--network", "host", "busybox",
                                        "ip", "-o", "link").stdout
        self.assertIn(self.daemon.bridge, host_links)
        cid = self.run_detached("busybox", "sleep", "60")
        addr = self.inspect(cid)["NetworkSettings"]["IPAddress"]
        joined = self.daemon.docker("run", "--rm", "--network", "container:" + cid, "busybox",
                                    "ip", "-o", "-4", "addr", "show", "eth0").stdout
        self.assertIn("inet %s/24" % addr, joined)

    def test_cleanup_and_address_reuse(self):
        cids = [self.run_detached("busybox", "sleep", "60") for _ in range(2)]
        addrs = [self.inspect(c)["NetworkSettings"]["IPAddress"] for c in cids]
        self.assertEqual(len(set(addrs)), 2)
        self.assertEqual(len(bridge_ports(self.daemon.bridge)), 2)
        self.daemon.docker("rm", "-f", *cids)
        wait_until(lambda: bridge_ports(self.daemon.bridge) == [], timeout=10,
                   message="veth ends gone from the bridge")
        again = self.run_detached("busybox", "sleep", "60")
        self.assertEqual(self.inspect(again)["NetworkSettings"]["IPAddress"], min(addrs, key=lambda a: ipaddress.ip_address(a)))
        self.daemon.docker("stop", "-t", "0", again)
        settings = self.inspect(again)["NetworkSettings"]
        self.assertEqual((settings["IPAddress"], settings["Networks"]["bridge"]["IPAddress"]), ("", ""))

    def test_published_port_served_on_loopback(self):
        cid = self.run_detached("-p", "127.0.0.1::80", "-p", "80", "busybox", *HTTPD)
        ports = self.inspect(cid)["NetworkSettings"]["Ports"]["80/tcp"]
        self.assertEqual(len(ports), 2)
        loopback = [p for p in ports if p["HostIp"] == "127.0.0.1"][0]
        any_ip = [p for p in ports if p["HostIp"] == "0.0.0.0"][0]
        for port in (loopback["HostPort"], any_ip["HostPort"]):
            wait_until(lambda: self._serves("http://127.0.0.1:%s/" % port), timeout=10,
                       message="httpd answers on 127.0.0.1:" + port)
        self.assertTrue(http_get("http://127.0.0.1:%s/" % any_ip["HostPort"]).startswith("hello-from-"))
        port_out = self.daemon.docker("port", cid, "80/tcp").stdout
        self.assertIn("127.0.0.1:" + loopback["HostPort"], port_out)

    def _serves(self, url):
        try:
            return http_get(url, timeout=2).startswith("hello-from-")
        except OSError:
            return False

    def test_port_in_use_is_a_clear_error(self):
        taken = socket.socket()
        self.addCleanup(taken.close)
        taken.bind(("0.0.0.0", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        res = self.daemon.docker("run", "-d", "--name", "busy", "-p", "%d:80" % port, "busybox",
                                 "sleep", "60", check=False)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("port is already allocated", res.stderr)
        state = self.inspect("busy")["State"]
        self.assertFalse(state["Running"])
        # The host end goes with the container's namespace, which the kernel frees in the
        # background: nothing may be left once it has.
        wait_until(lambda: bridge_ports(self.daemon.bridge) == [], timeout=10,
                   message="the failed start's veth is gone")

    def test_outbound_nat_to_outside_namespace(self):
        ns, host_end, out_end = "mdtout" + self.daemon.rand[:6], "mdo" + self.daemon.rand[:8], "mdi" + self.daemon.rand[:8]
        host_ip, out_ip = "10.232.%d.1" % self.daemon._subnet_n, "10.232.%d.2" % self.daemon._subnet_n
        ip("netns", "add", ns)
        self.addCleanup(ip, "netns", "del", ns, check=False)
        ip("link", "add", host_end, "type", "veth", "peer", "name", out_end)
        self.addCleanup(ip, "link", "del", host_end, check=False)
        ip("link", "set", out_end, "netns", ns)
        ip("addr", "add", host_ip + "/30", "dev", host_end)
        ip("link", "set", host_end, "up")
        ip("-n", ns, "addr", "add", out_ip + "/30", "dev", out_end)
        ip("-n", ns, "link", "set", out_end, "up")
        # The outside host has no route to the container subnet: only masquerade gets answers back.
        www = os.path.join(self.daemon.root, "outside-www")
        os.makedirs(www, exist_ok=True)
        with open(os.path.join(www, "index.html"), "w") as f:
            f.write("outside\n")
        httpd = subprocess.Popen(["ip", "netns", "exec", ns, "busybox", "httpd", "-f", "-p",
                                  "8000", "-h", www])
        self.addCleanup(httpd.wait)
        self.addCleanup(httpd.kill)
        # (busybox wget without -T: Debian's static build crashes parsing -T, see network_misc_test)
        out = self.daemon.docker("run", "--rm", "busybox", "sh", "-c",
                                 "for i in $(seq 30); do wget -qO- http://%s:8000/ && exit 0;"
                                 " sleep 0.3; done; exit 1" % out_ip).stdout
        self.assertEqual(out, "outside\n")


class NetworkRestartTest(DaemonTestCase):
    import_busybox = True

    def test_kill9_restart_keeps_container_reachable(self):
        d = self.daemon
        cid = d.docker("run", "-d", "-p", "127.0.0.1::80", "busybox", *HTTPD).stdout.strip()
        info = json.loads(d.docker("inspect", cid).stdout)[0]["NetworkSettings"]
        port, addr = info["Ports"]["80/tcp"][0]["HostPort"], info["IPAddress"]
        url = "http://127.0.0.1:%s/" % port
        wait_until(lambda: NetworkBridgeTest._serves(None, url), timeout=10, message="httpd up")
        d.kill9()
        d.start()
        wait_until(lambda: NetworkBridgeTest._serves(None, url), timeout=10,
                   message="published port after kill -9 and restart")
        other = d.docker("run", "-d", "busybox", "sleep", "60").stdout.strip()
        other_addr = json.loads(d.docker("inspect", other).stdout)[0]["NetworkSettings"]["IPAddress"]
        self.assertNotEqual(other_addr, addr)  # the running container's address stayed taken
        d.docker("rm", "-f", cid, other)
        wait_until(lambda: bridge_ports(d.bridge) == [], timeout=10, message="veths gone")
        self.assertTrue(table_exists(d.nat_table))
        d.stop()  # nothing runs: the table and the bridge go with the daemon
        self.assertFalse(table_exists(d.nat_table))
        self.assertNotEqual(ip("link", "show", d.bridge, check=False).returncode, 0)
        d.start()
        self.assertTrue(table_exists(d.nat_table))


if __name__ == "__main__":
    unittest.main()
