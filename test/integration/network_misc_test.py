"""Issue 11, the remaining gaps: busybox wget to busybox httpd by container name on a user
network; --dns/--dns-search/--dns-option (listed in resolv.conf on the default bridge,
forwarded by the embedded resolver on user networks); --internal networks (no way out, not
even through DNS); inspect shapes as dockerd 20.10 shows them (host/none endpoints, exposed
ports as null, EndpointsConfig keyed by network ID). One private daemon; traffic goes only
to the containers and to a network namespace this module creates as "outside"."""
import json
import subprocess
import unittest

from testdaemon import DaemonTestCase, wait_until

# A DNS server for the "outside" namespace: A records 192.0.2.44 for *.test, NXDOMAIN else.
DNS_RESPONDER = r"""
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 53))
print("ready", flush=True)
while True:
    q, peer = s.recvfrom(512)
    i, labels = 12, []
    while q[i]:
        labels.append(q[i + 1:i + 1 + q[i]].decode().lower())
        i += 1 + q[i]
    qtype = struct.unpack("!H", q[i + 1:i + 3])[0]
    name = ".".join(labels)
    known = name.endswith(".test")
    answer = known and qtype == 1
    head = struct.pack("!HHHHHH", struct.unpack("!H", q[:2])[0], 0x8180 | (0 if known else 3),
                       1, 1 if answer else 0, 0, 0)
    record = struct.pack("!HHHLH", 0xC00C, 1, 1, 30, 4) + socket.inet_aton("192.0.2.44")
    s.sendto(head + q[12:i + 5] + (record if answer else b""), peer)
"""

# Busybox httpd serving its hostname; a loop polls (with a deadline) until it answers.
HTTPD = ["sh", "-c", "mkdir -p /www && echo hello-from-$(hostname) > /www/index.html && "
         "exec httpd -f -p 80 -h /www"]


def ip(*args, check=True):
    return subprocess.run(["ip"] + list(args), capture_output=True, text=True, check=check)


def retry(command, tries=50):
    """A shell loop inside the container: `command` until it succeeds, at most ~10 s."""
    return ["sh", "-c", "for i in $(seq %d); do %s && exit 0; sleep 0.2; done; exit 1"
            % (tries, command)]


class NetworkMiscTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        d = cls.daemon
        cls.ns = "mdtmisc" + d.rand
        host_end, out_end = "mdm" + d.rand + "h", "mdm" + d.rand + "o"
        cls.host_ip, cls.out_ip = "10.232.%d.5" % d._subnet_n, "10.232.%d.6" % d._subnet_n
        ip("netns", "add", cls.ns)
        cls.addClassCleanup(ip, "netns", "del", cls.ns, check=False)
        ip("link", "add", host_end, "type", "veth", "peer", "name", out_end)
        cls.addClassCleanup(ip, "link", "del", host_end, check=False)
        ip("link", "set", out_end, "netns", cls.ns)
        ip("addr", "add", cls.host_ip + "/30", "dev", host_end)
        ip("link", "set", host_end, "up")
        ip("-n", cls.ns, "addr", "add", cls.out_ip + "/30", "dev", out_end)
        ip("-n", cls.ns, "link", "set", out_end, "up")
        ip("-n", cls.ns, "link", "set", "lo", "up")
        # No route back to any container subnet: only masquerade gets answers home.
        dns = subprocess.Popen(["ip", "netns", "exec", cls.ns, "python3", "-c", DNS_RESPONDER],
                               stdout=subprocess.PIPE, text=True)
        cls.addClassCleanup(dns.stdout.close)
        cls.addClassCleanup(dns.wait)
        cls.addClassCleanup(dns.kill)
        if dns.stdout.readline().strip() != "ready":
            raise RuntimeError("the outside DNS responder did not start")

    def tearDown(self):
        ids = self.daemon.docker("ps", "-aq").stdout.split()
        if ids:
            self.daemon.docker("rm", "-f", *ids, check=False)
        self.daemon.docker("network", "prune", "-f", check=False)

    def subnet(self, k):
        return "10.233.%d.%d/28" % (self.daemon._subnet_n, 128 + 16 * k)

    def run_rm(self, *args, check=True):
        return self.daemon.docker("run", "--rm", *args, check=check)

    def inspect(self, cid):
        status, _, body = self.daemon.api("GET", "/containers/%s/json" % cid)
        self.assertEqual(status, 200, body)
        return json.loads(body)

    def test_wget_to_httpd_by_name_on_user_network(self):
        d = self.daemon
        d.docker("network", "create", "--subnet", self.subnet(0), "web-net")
        d.docker("run", "-d", "--name", "web", "--network", "web-net", "busybox", *HTTPD)
        # Debian's static busybox has no FEATURE_WGET_TIMEOUT: `wget -T N` writes through a
        # NULL pointer while parsing its options (that was the "wget segfault"); plain wget
        # works, names included.
        out = self.run_rm("--network", "web-net", "busybox", *retry("wget -qO- http://web/")).stdout
        self.assertEqual(out, "hello-from-%s\n" % self.inspect("web")["Config"]["Hostname"])

    def test_dns_servers_on_the_default_bridge(self):
        out = self.run_rm("--dns", self.out_ip, "--dns-search", "a.example", "--dns-option",
                          "timeout:1", "busybox", "cat", "/etc/resolv.conf").stdout
        self.assertEqual(out, "search a.example\nnameserver %s\noptions timeout:1\n" % self.out_ip)
        # The container asks the outside server itself (through masquerade).
        out = self.run_rm("--dns", self.out_ip, "busybox", *retry("nslookup probe.test", 10)).stdout
        self.assertIn("192.0.2.44", out)

    def test_embedded_resolver_forwards_to_dns_servers(self):
        d = self.daemon
        d.docker("network", "create", "--subnet", self.subnet(1), "dns-net")
        d.docker("run", "-d", "--name", "peer", "--network", "dns-net", "busybox", "sleep", "60")
        args = ["--network", "dns-net", "--dns", self.out_ip, "--dns-search", "a.example",
                "--dns-option", "timeout:1", "busybox"]
        resolv = self.run_rm(*args, "cat", "/etc/resolv.conf").stdout
        self.assertEqual(resolv, "search a.example\nnameserver 127.0.0.11\n"
                                 "options timeout:1 ndots:0\n")  # as dockerd 20.10 writes it
        out = self.run_rm(*args, *retry("nslookup probe.test 127.0.0.11", 10)).stdout
        self.assertIn("192.0.2.44", out)  # an unknown name: the --dns server answered
        peer_ip = self.inspect("peer")["NetworkSettings"]["Networks"]["dns-net"]["IPAddress"]
        # A live connect to another user network keeps the container's --dns servers.
        d.docker("network", "create", "--subnet", self.subnet(4), "dns-net2")
        d.docker("run", "-d", "--name", "asker", *args, "sleep", "60")
        d.docker("network", "connect", "dns-net2", "asker")
        out = d.docker("exec", "asker", *retry("nslookup probe.test 127.0.0.11", 10)).stdout
        self.assertIn("192.0.2.44", out)
        # Container names still come first (ndots:0: the bare name before the search list).
        self.assertIn(peer_ip, self.run_rm(*args, "ping", "-c1", "-W2", "peer").stdout)

    def test_internal_network_reaches_peers_not_outside(self):
        d = self.daemon
        d.docker("network", "create", "--internal", "--subnet", self.subnet(2), "inside")
        info = json.loads(d.docker("network", "inspect", "inside").stdout)[0]
        self.assertTrue(info["Internal"])
        d.docker("run", "-d", "--name", "in1", "--network", "inside", "busybox", "sleep", "60")
        inside = ["--network", "inside", "--dns", self.out_ip, "busybox"]
        self.run_rm(*inside, "ping", "-c1", "-W2", "in1")  # peers by name
        # dockerd 20.10 keeps the default route on internal networks; the forward chain
        # drops what leaves the bridge.
        route = self.run_rm(*inside, "ip", "route").stdout
        self.assertIn("default via %s dev eth0" % info["IPAM"]["Config"][0]["Gateway"], route)
        # Control: the default bridge reaches the outside namespace.
        self.run_rm("busybox", *retry("ping -c1 -W1 %s" % self.out_ip, 10))
        self.assertNotEqual(self.run_rm(*inside, "ping", "-c1", "-W2", self.out_ip,
                                        check=False).returncode, 0)
        # Nor through the embedded resolver: its --dns server is not asked.
        out = self.run_rm(*inside, "sh", "-c", "nslookup probe.test; true").stdout
        self.assertNotIn("192.0.2.44", out)

    def test_host_and_none_endpoints_as_dockerd(self):
        d = self.daemon
        net_ids = {n: json.loads(d.docker("network", "inspect", n).stdout)[0]["Id"]
                   for n in ("host", "none")}
        created = d.docker("create", "--network", "host", "busybox").stdout.strip()
        settings = self.inspect(created)["NetworkSettings"]
        self.assertEqual(list(settings["Networks"]), ["host"])
        self.assertEqual(settings["Networks"]["host"]["EndpointID"], "")
        for mode in ("host", "none"):
            cid = d.docker("run", "-d", "--network", mode, "--expose", "80", "busybox",
                           "sleep", "60").stdout.strip()
            settings = self.inspect(cid)["NetworkSettings"]
            self.assertEqual(list(settings["Networks"]), [mode])
            ep = settings["Networks"][mode]
            self.assertEqual(len(ep["EndpointID"]), 64)
            self.assertEqual((ep["NetworkID"], ep["IPAddress"], ep["Gateway"], ep["MacAddress"]),
                             (net_ids[mode], "", "", ""))
            self.assertEqual(settings["Ports"], {})  # exposed, but no network to publish on
            self.assertIn(cid, json.loads(d.docker("network", "inspect", mode).stdout)[0]
                          ["Containers"])
            d.docker("stop", "-t", "0", cid)
            # (the exit's teardown may land just after stop answers)
            wait_until(lambda: self.inspect(cid)["NetworkSettings"]["Networks"][mode]
                       ["EndpointID"] == "", timeout=10, message="endpoint released")
            stopped = self.inspect(cid)["NetworkSettings"]["Networks"][mode]
            self.assertEqual(stopped["NetworkID"], net_ids[mode])  # kept, as dockerd

    def test_exposed_unpublished_port_is_null(self):
        cid = self.daemon.docker("run", "-d", "--expose", "80", "-p", "127.0.0.1::81", "busybox",
                                 "sleep", "60").stdout.strip()
        ports = self.inspect(cid)["NetworkSettings"]["Ports"]
        self.assertIsNone(ports["80/tcp"])
        self.assertEqual(ports["81/tcp"][0]["HostIp"], "127.0.0.1")
        out = self.daemon.docker("port", cid).stdout  # null entries are skipped, as by docker
        self.assertRegex(out, r"^81/tcp -> 127\.0\.0\.1:\d+\n$")

    def test_endpoints_config_keyed_by_network_id(self):
        sdk = self.daemon.sdk()
        net = sdk.networks.create("by-id", ipam={"Driver": "default", "Config": [
            {"Subnet": self.subnet(3)}]})
        for key in (net.id, net.id[:12]):
            alias = "al" + key[:4]
            c = sdk.containers.run(
                "busybox", ["sleep", "60"], detach=True, network=key,
                networking_config={key: sdk.api.create_endpoint_config(aliases=[alias])})
            networks = self.inspect(c.id)["NetworkSettings"]["Networks"]
            self.assertEqual(list(networks), ["by-id"])
            self.assertIn(alias, networks["by-id"]["Aliases"])
            self.assertEqual(networks["by-id"]["NetworkID"], net.id)
            self.run_rm("--network", "by-id", "busybox", "ping", "-c1", "-W2", alias)
            c.remove(force=True)


if __name__ == "__main__":
    unittest.main()
