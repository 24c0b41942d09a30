"""Issue 11 (bridge cost): what a bridge container leaves behind once `docker run --rm` has
returned, and after a kill -9 of the daemon in the middle of a teardown. The container's
veth goes with its network namespace (the kernel destroys it asynchronously), its address
goes back to the network before the client hears "removed". Addresses live in memory and
are rebuilt at daemon start from the records of running containers only, so a daemon killed
at any point of a teardown can neither keep an address nor hand one out twice."""
import json
import os
import signal
import subprocess

from testdaemon import DOCKER_CLI, DaemonTestCase, wait_until


def bridge_ports(bridge):
    out = subprocess.run(["ip", "-o", "link", "show", "master", bridge], capture_output=True,
                         text=True).stdout
    return [line.split(":")[1].strip().split("@")[0] for line in out.splitlines() if line]


def process_gone(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except OSError:
        return True


class NetworkTeardownTest(DaemonTestCase):
    import_busybox = True

    def tearDown(self):
        if self.daemon.proc.poll() is not None:
            self.daemon.start()
        ids = self.daemon.docker("ps", "-aq").stdout.split()
        if ids:
            self.daemon.docker("rm", "-f", *ids, check=False)

    def settings(self, cid):
        return json.loads(self.daemon.docker("inspect", cid).stdout)[0]["NetworkSettings"]

    def bridge_endpoints(self):
        info = json.loads(self.daemon.docker("network", "inspect", "bridge").stdout)[0]
        return info.get("Containers") or {}

    def no_veth_left(self, expected=0):
        wait_until(lambda: len(bridge_ports(self.daemon.bridge)) == expected, timeout=10,
                   message="%d veth end(s) on the bridge" % expected)

    def test_run_rm_gives_everything_back(self):
        seen = set()
        for _ in range(3):
            out = self.daemon.docker("run", "--rm", "busybox", "ip", "-o", "-4", "addr", "show",
                                     "eth0").stdout
            seen.add(out.split()[3])
            # Given back before the client heard "removed": the next run gets the same address.
            self.assertEqual(self.bridge_endpoints(), {})
            self.no_veth_left()
        self.assertEqual(seen, {self.daemon.gateway.rsplit(".", 1)[0] + ".2/24"})

    def start_pair(self):
        ids = [self.daemon.docker("run", "-d", "busybox", "sleep", "600").stdout.strip()
               for _ in range(2)]
        return ids, [self.settings(c)["IPAddress"] for c in ids]

    def state_of(self, cid):
        """The container's State.Status, or None once it is removed."""
        res = self.daemon.docker("inspect", "--format", "{{.State.Status}}", cid, check=False)
        return res.stdout.strip() if res.returncode == 0 else None

    def check_after_restart(self, kept, kept_addr, freed_addr, gone):
        d = self.daemon
        self.assertEqual(self.settings(kept)["IPAddress"], kept_addr)
        # The restarted daemon finds the dead shim by itself and handles its exit like any
        # other (asynchronously); a removal cut short leaves it stopped, holding nothing.
        wait_until(lambda: self.state_of(gone) != "running" and
                   not any(c.startswith(gone) for c in self.bridge_endpoints()), timeout=10,
                   message="the ended container's endpoint given back")
        if self.state_of(gone) is not None:
            self.assertEqual(self.settings(gone)["IPAddress"], "")
        self.no_veth_left(expected=1)
        newer = [d.docker("run", "-d", "busybox", "sleep", "600").stdout.strip() for _ in range(2)]
        addrs = [self.settings(c)["IPAddress"] for c in newer]
        self.assertEqual(addrs[0], freed_addr)  # the lowest free one: given back, not lost
        self.assertEqual(len({kept_addr, *addrs}), 3)  # never handed out twice
        self.assertIn("inet %s/" % kept_addr,
                      d.docker("exec", kept, "ip", "-o", "-4", "addr", "show", "eth0").stdout)
        d.docker("rm", "-f", kept, *newer)
        self.no_veth_left()

    def test_kill9_in_the_middle_of_a_removal(self):
        d = self.daemon
        (kept, gone), (kept_addr, gone_addr) = self.start_pair()
        pid = json.loads(d.docker("inspect", gone).stdout)[0]["State"]["Pid"]
        rm = subprocess.Popen([DOCKER_CLI, "rm", "-f", gone], env=d.env(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(rm.wait)
        # The process is gone: the daemon is somewhere in the exit's cleanup or the removal.
        wait_until(lambda: process_gone(pid), timeout=10, message="container process gone")
        d.kill9()
        d.start()
        self.check_after_restart(kept, kept_addr, gone_addr, gone)

    def test_container_ends_while_the_daemon_is_down(self):
        d = self.daemon
        (kept, gone), (kept_addr, gone_addr) = self.start_pair()
        pid = json.loads(d.docker("inspect", gone).stdout)[0]["State"]["Pid"]
        d.kill9()
        os.kill(pid, signal.SIGKILL)  # its whole teardown happens at the next daemon start
        wait_until(lambda: process_gone(pid), timeout=10, message="container process gone")
        d.start()
        self.check_after_restart(kept, kept_addr, gone_addr, gone)
