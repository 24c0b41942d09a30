"""stats, update and diff (GET /containers/{id}/stats, POST /update, GET /changes)."""
import re

from testdaemon import DaemonTestCase, wait_until

MIB = 1024 * 1024


def mib(text):
    """'50.53MiB' -> 50.53 (docker's BytesSize)."""
    number, unit = re.match(r"([\d.]+)([KMG]?i?B)", text).groups()
    return float(number) * {"B": 1 / MIB, "KiB": 1 / 1024, "MiB": 1, "GiB": 1024}[unit]


class StatsUpdateTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Holds 50 MiB in a tmpfs (shmem counts as memory use, not as reclaimable file cache).
        cls.holder = cls.daemon.docker(
            "run", "-d", "--name", "st-mem", "--tmpfs", "/fill:size=80m", "busybox", "sh", "-c",
            "dd if=/dev/zero of=/fill/x bs=1M count=50 2>/dev/null && touch /fill/done && "
            "sleep 300").stdout.strip()
        cls.addClassCleanup(cls.daemon.cli, "rm", "-f", cls.holder, check=False)

    def wait_filled(self):
        wait_until(self.filled, timeout=20, message="50 MiB written")

    def filled(self):
        stats = self.daemon.api_json("GET", "/containers/st-mem/stats?stream=0&one-shot=1")[1]
        return stats["memory_stats"].get("usage", 0) > 50 * MIB

    def test_stats_no_stream_memory_within_ten_percent(self):
        self.wait_filled()
        for tool in (self.daemon.cli, self.daemon.docker):
            out = tool("stats", "--no-stream", "--format",
                       "{{.Name}}|{{.MemUsage}}|{{.CPUPerc}}|{{.PIDs}}", "st-mem").stdout.strip()
            name, mem, cpu, pids = out.split("|")
            self.assertEqual(name, "st-mem")
            used = mib(mem.split(" / ")[0])
            self.assertLess(abs(used - 50) / 50, 0.10, out)
            self.assertRegex(cpu, r"^\d+\.\d\d%$")
            self.assertGreaterEqual(int(pids), 1, out)
        table = self.daemon.cli("stats", "--no-stream", "st-mem").stdout
        self.assertRegex(table.splitlines()[0], r"^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE / "
                                                r"LIMIT\s+MEM %\s+NET I/O\s+BLOCK I/O\s+PIDS$")

    def test_sdk_stats_stream_false_has_both_samples(self):
        ctr = self.daemon.sdk().containers.get("st-mem")
        s = ctr.stats(stream=False)
        self.assertEqual(s["id"], self.holder)
        self.assertEqual(s["name"], "/st-mem")
        self.assertGreater(s["cpu_stats"]["cpu_usage"]["total_usage"], 0)
        self.assertGreater(s["cpu_stats"]["system_cpu_usage"],
                           s["precpu_stats"]["system_cpu_usage"])
        self.assertGreaterEqual(s["cpu_stats"]["online_cpus"], 1)
        self.assertNotEqual(s["preread"], "0001-01-01T00:00:00Z")
        self.assertGreater(s["memory_stats"]["limit"], 0)
        self.assertIn("pids_stats", s)
        self.assertIn("io_service_bytes_recursive", s["blkio_stats"])

    def test_stats_stream_sends_one_sample_a_second(self):
        stream = self.daemon.sdk().api.stats("st-mem", decode=True, stream=True)
        try:
            first, second = next(stream), next(stream)
        finally:
            stream.close() if hasattr(stream, "close") else None
        self.assertEqual(second["preread"], first["read"])

    def test_stats_of_a_stopped_container_and_a_missing_one(self):
        cid = self.daemon.cli("create", "--name", "st-stopped", "busybox").stdout.strip()
        try:
            status, s = self.daemon.api_json("GET", "/containers/st-stopped/stats?stream=0")
            self.assertEqual(status, 200)
            self.assertEqual((s["read"], s["name"], s["id"]),
                             ("0001-01-01T00:00:00Z", "/st-stopped", cid))
            self.assertEqual(s["memory_stats"], {})
        finally:
            self.daemon.cli("rm", cid)
        status, body = self.daemon.api_json("GET", "/containers/nope/stats?stream=0")
        self.assertEqual((status, body["message"]), (404, "No such container: nope"))

    def test_update_memory_and_pids_of_a_running_container(self):
        cid = self.daemon.cli("run", "-d", "--name", "st-upd", "busybox", "sleep",
                              "300").stdout.strip()
        try:
            out = self.daemon.docker("update", "--memory", "64m", "--memory-swap", "128m",
                                     "--pids-limit", "50", "st-upd").stdout
            self.assertEqual(out.strip(), "st-upd")
            info = self.daemon.sdk().api.inspect_container(cid)["HostConfig"]
            self.assertEqual((info["Memory"], info["MemorySwap"], info["PidsLimit"]),
                             (64 * MIB, 128 * MIB, 50))
            stats = self.daemon.api_json("GET", "/containers/st-upd/stats?stream=0&one-shot=1")[1]
            self.assertEqual(stats["memory_stats"]["limit"], 64 * MIB)
            self.assertEqual(stats["pids_stats"].get("limit"), 50)
            # dockerd's refusals, with its texts and codes
            status, body = self.daemon.api_json("POST", "/containers/st-upd/update",
                                                {"Memory": 1000})
            self.assertEqual((status, body["message"]), (400, "Minimum memory limit allowed is 6MB"))
            status, body = self.daemon.api_json("POST", "/containers/st-upd/update",
                                                {"Memory": 300 * MIB})
            self.assertEqual(status, 409)
            self.assertEqual(body["message"],
                             "Cannot update container %s: Memory limit should be smaller than "
                             "already set memoryswap limit, update the memoryswap at the same "
                             "time" % cid)
            status, body = self.daemon.api_json("POST", "/containers/st-upd/update",
                                                {"CpuShares": 512,
                                                 "RestartPolicy": {"Name": "always"}})
            self.assertEqual((status, body), (200, {"Warnings": None}))
            hc = self.daemon.sdk().api.inspect_container(cid)["HostConfig"]
            self.assertEqual((hc["CpuShares"], hc["RestartPolicy"]["Name"]), (512, "always"))
        finally:
            self.daemon.cli("rm", "-f", cid, check=False)

    def test_update_memory_is_seen_and_enforced_inside(self):
        """The container waits until its own cgroup shows the updated limit, then allocates
        more than it: the kernel's OOM killer ends the allocation."""
        limit = 32 * MIB
        script = ("until cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max"
                  " 2>/dev/null | grep -qx %d; do sleep 0.1; done; echo limit seen; "
                  "head -c 100m /dev/zero | tail; exit 7" % limit)
        cid = self.daemon.cli("run", "-d", "--name", "st-oom", "busybox", "sh", "-c",
                              script).stdout.strip()
        try:
            self.daemon.cli("update", "-m", "32m", "--memory-swap", "32m", "st-oom")
            inspect = self.daemon.sdk().api.inspect_container
            wait_until(lambda: inspect(cid)["State"]["Status"] == "exited", timeout=30,
                       message="the allocation ended under the new limit")
            self.assertIn("limit seen", self.daemon.cli("logs", "st-oom").stdout)
            self.assertTrue(inspect(cid)["State"]["OOMKilled"])
        finally:
            self.daemon.cli("rm", "-f", cid, check=False)

    def test_diff_shows_added_changed_and_deleted(self):
        cid = self.daemon.cli("run", "--name", "st-diff", "busybox", "sh", "-c",
                              "echo x > /tmp/new && rm /bin/ls && mkdir -p /root/a && "
                              "echo y >> /etc/passwd").stdout
        try:
            out = self.daemon.cli("diff", "st-diff").stdout.splitlines()
            for line in ("C /etc", "C /etc/passwd", "A /tmp/new", "D /bin/ls", "C /bin",
                         "A /root/a"):
                self.assertIn(line, out)
            self.assertNotIn("A /etc/hosts", out)
            self.assertEqual(sorted(self.daemon.docker("diff", "st-diff").stdout.splitlines()),
                             sorted(out))
            changes = self.daemon.sdk().containers.get("st-diff").diff()
            self.assertIn({"Path": "/bin/ls", "Kind": 2}, changes)
        finally:
            self.daemon.cli("rm", "-f", "st-diff", check=False)

    def test_inspect_state_prints_as_go_struct(self):
        fmt = "{{.State}}|{{.HostConfig.RestartPolicy}}|{{.HostConfig.LogConfig}}"
        ours = self.daemon.cli("inspect", "-f", fmt, "st-mem").stdout.strip()
        theirs = self.daemon.docker("inspect", "-f", fmt, "st-mem").stdout.strip()
        self.assertEqual(ours, theirs)
        self.assertRegex(ours, r"^\{running true false false false false \d+ 0  \S+Z "
                               r"0001-01-01T00:00:00Z <nil>\}\|\{no 0\}\|\{json-file map\[\]\}$")
