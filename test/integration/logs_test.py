"""Log drivers (json-file, local, none), json-file rotation, logs --tail read from the end,
daemon.json log defaults: through the docker CLI, the Python SDK and our CLI."""

import glob
import json
import os
import statistics
import subprocess
import tempfile
import time
import unittest

import docker

from testdaemon import DaemonTestCase, TestDaemon, wait_until

LINE = "x" * 100


def log_files(log_path):
    return sorted(glob.glob(glob.escape(log_path) + "*"))


def log_bytes(log_path):
    total = 0
    for f in log_files(log_path):
        try:
            total += os.path.getsize(f)
        except FileNotFoundError:  # rotated away between the listing and the stat
            pass
    return total


def json_line(i):
    return json.dumps({"log": "line %d\n" % i, "stream": "stdout",
                       "time": "2026-12-02T06:00:00.%09dZ" % (i % 1000000000)}) + "\n"


def write_big_log(path, size):
    """A valid json-file log of about `size` bytes, in 4 MiB writes; returns the last index."""
    block_lines = []
    n = 0
    while sum(len(x) for x in block_lines) < 4 * 1024 * 1024:
        block_lines.append(json_line(n))
        n += 1
    block = "".join(block_lines).encode()
    with open(path, "wb") as f:
        for _ in range(max(1, size // len(block))):
            f.write(block)
        f.write(json_line(123456789).encode())
    return 123456789


class LogsTest(DaemonTestCase):
    import_busybox = True

    def inspect(self, ref):
        status, body = self.daemon.api_json("GET", "/containers/%s/json" % ref)
        self.assertEqual(status, 200, body)
        return body

    def run_detached(self, name, *args):
        d = self.daemon
        d.docker("run", "-d", "--name", name, *args)
        self.addCleanup(d.docker, "rm", "-f", name, check=False)
        return self.inspect(name)

    def test_rotation_keeps_max_size_times_max_file(self):
        d = self.daemon
        info = self.run_detached("spam", "--log-opt", "max-size=1m", "--log-opt", "max-file=2",
                                 "busybox", "sh", "-c", "while true; do echo %s; done" % LINE)
        self.assertEqual(info["HostConfig"]["LogConfig"],
                         {"Type": "json-file", "Config": {"max-size": "1m", "max-file": "2"}})
        log_path = info["LogPath"]
        wait_until(lambda: os.path.exists(log_path + ".1"), 60, 0.05, "a first rotation")
        biggest = 0
        for _ in range(40):  # sampled while it keeps writing
            files = log_files(log_path)
            self.assertLessEqual(len(files), 2, files)
            size = log_bytes(log_path)
            self.assertLessEqual(size, 2 * 1024 * 1024)
            biggest = max(biggest, size)
            time.sleep(0.05)
        self.assertGreater(biggest, 1000000)
        self.assertFalse(os.path.exists(log_path + ".2"))
        res = d.docker("logs", "--tail", "2", "spam")
        self.assertEqual(res.stdout, (LINE + "\n") * 2)

    def test_tail_1_of_a_1gb_log_is_fast(self):
        d = self.daemon
        d.docker("run", "--name", "big", "busybox", "true")
        self.addCleanup(d.docker, "rm", "-f", "big", check=False)
        log_path = self.inspect("big")["LogPath"]
        self.addCleanup(lambda: os.path.exists(log_path) and os.remove(log_path))
        last = write_big_log(log_path, 1024 ** 3)
        self.assertGreaterEqual(os.path.getsize(log_path), 1024 ** 3 - 8 * 1024 * 1024)
        timings = []
        for _ in range(3):
            started = time.monotonic()
            status, _, body = d.api("GET", "/containers/big/logs?stdout=1&tail=1")
            timings.append(time.monotonic() - started)
            self.assertEqual(status, 200)
            self.assertEqual(body, b"\x01\x00\x00\x00" + len("line %d\n" % last).to_bytes(4, "big")
                             + b"line %d\n" % last)
        self.assertLess(statistics.median(timings), 0.1, timings)
        res = d.cli("logs", "--tail", "3", "big")
        self.assertEqual(len(res.stdout.splitlines()), 3)

    def test_none_driver_refuses_reading_but_attach_works(self):
        d = self.daemon
        res = d.docker("run", "--rm", "--log-driver", "none", "busybox", "echo", "hi")
        self.assertEqual(res.stdout, "hi\n")
        info = self.run_detached("quiet", "--log-driver", "none", "busybox", "echo", "hello")
        self.assertEqual(info["HostConfig"]["LogConfig"], {"Type": "none", "Config": {}})
        res = d.docker("logs", "quiet", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertEqual(res.stderr.strip(),
                         "Error response from daemon: configured logging driver does not support"
                         " reading")
        status, _, body = d.api("GET", "/containers/quiet/logs?stdout=1")
        self.assertEqual(status, 501)
        self.assertEqual(json.loads(body)["message"],
                         "configured logging driver does not support reading")

    def test_bad_log_configs_are_refused_at_create(self):
        d = self.daemon
        before = d.docker("ps", "-aq").stdout
        res = d.docker("run", "--log-driver", "asdf", "busybox", "true", check=False)
        self.assertEqual(res.returncode, 125)
        self.assertIn("logger: no log driver named 'asdf' is registered", res.stderr)
        res = d.docker("run", "-d", "--log-opt", "foo=bar", "busybox", check=False)
        self.assertEqual(res.returncode, 125)
        self.assertIn("unknown log opt 'foo' for json-file log driver", res.stderr)
        res = d.docker("create", "--log-opt", "max-size=abc", "busybox", check=False)
        self.assertEqual(res.returncode, 1)  # docker create exits 1 on a daemon error
        self.assertIn("invalid size: 'abc'", res.stderr)
        client = d.sdk()
        self.addCleanup(client.close)
        with self.assertRaises(docker.errors.APIError) as caught:
            client.containers.create("busybox", "true",
                                     log_config=docker.types.LogConfig(type="asdf"))
        self.assertEqual(caught.exception.status_code, 400)
        self.assertIn("logger: no log driver named 'asdf' is registered", str(caught.exception))
        self.assertEqual(d.docker("ps", "-aq").stdout, before)

    def test_local_driver_rotates_with_its_options(self):
        d = self.daemon
        client = d.sdk()
        self.addCleanup(client.close)
        c = client.containers.run(
            "busybox", ["sh", "-c", "i=0; while [ $i -lt 3000 ]; do echo n$i %s; i=$((i+1)); done"
                        % LINE], name="loc", detach=True,
            log_config=docker.types.LogConfig(type="local", config={"max-size": "20k",
                                                                    "max-file": "3"}))
        self.addCleanup(d.docker, "rm", "-f", "loc", check=False)
        self.assertEqual(c.wait(timeout=60)["StatusCode"], 0)
        info = self.inspect("loc")
        self.assertEqual(info["HostConfig"]["LogConfig"],
                         {"Type": "local", "Config": {"max-size": "20k", "max-file": "3"}})
        files = log_files(info["LogPath"])
        # local compresses its rotated files by default, as Docker's
        self.assertEqual([f[len(info["LogPath"]):] for f in files], ["", ".1.gz", ".2.gz"])
        for f in files:
            self.assertLessEqual(os.path.getsize(f), 20000)
        self.assertEqual(c.logs(tail=1).decode(), "n2999 %s\n" % LINE)
        lines = c.logs().decode().splitlines()
        numbers = [int(line.split()[0][1:]) for line in lines]
        self.assertEqual(numbers, list(range(numbers[0], 3000)))  # oldest file first, no gap

    def test_tag_labels_and_env_become_record_attrs(self):
        d = self.daemon
        d.docker("run", "--name", "tagged", "--label", "team=core", "-e", "REGION=eu",
                 "--log-opt", "tag={{.Name}}", "--log-opt", "labels=team", "--log-opt", "env=REGION",
                 "busybox", "echo", "hi")
        self.addCleanup(d.docker, "rm", "-f", "tagged", check=False)
        with open(self.inspect("tagged")["LogPath"]) as f:
            record = json.loads(f.readline())
        self.assertEqual(list(record), ["log", "stream", "attrs", "time"])
        self.assertEqual(record["attrs"], {"tag": "tagged", "team": "core", "REGION": "eu"})
        self.assertEqual(d.docker("logs", "tagged").stdout, "hi\n")

    def test_follow_survives_rotation(self):
        d = self.daemon
        d.docker("create", "--name", "rot", "--log-opt", "max-size=50k", "--log-opt", "max-file=4",
                 "busybox", "sh", "-c",
                 "sleep 0.5; i=0; while [ $i -lt 4000 ]; do echo n$i %s; i=$((i+1)); "
                 "[ $((i %% 200)) = 0 ] && sleep 0.05; done" % LINE)
        self.addCleanup(d.docker, "rm", "-f", "rot", check=False)
        d.docker("start", "rot")
        res = d.cli("logs", "-f", "rot", timeout=60)
        numbers = [int(line.split()[0][1:]) for line in res.stdout.splitlines()]
        self.assertEqual(numbers, list(range(numbers[0], 4000)))
        self.assertEqual(numbers[0], 0)


class DaemonLogDefaultsTest(unittest.TestCase):
    """daemon.json log-driver/log-opts become the defaults of new containers."""

    @classmethod
    def setUpClass(cls):
        cls.config_dir = tempfile.mkdtemp(prefix="mdt-logcfg-")
        cls.config_path = os.path.join(cls.config_dir, "daemon.json")
        with open(cls.config_path, "w") as f:
            json.dump({"log-driver": "json-file",
                       "log-opts": {"max-size": "10k", "max-file": "3"}}, f)
        cls.daemon = TestDaemon(extra_args=["--config-file", cls.config_path])
        cls.addClassCleanup(cls.daemon.close)
        cls.addClassCleanup(lambda: subprocess.run(["rm", "-rf", cls.config_dir]))
        cls.daemon.start()
        cls.daemon.import_busybox()

    def test_log_opts_apply_to_a_new_container(self):
        d = self.daemon
        status, info = d.api_json("GET", "/info")
        self.assertEqual(info["LoggingDriver"], "json-file")
        d.docker("run", "--name", "chatty", "busybox", "sh", "-c",
                 "i=0; while [ $i -lt 1000 ]; do echo n$i %s; i=$((i+1)); done" % LINE)
        self.addCleanup(d.docker, "rm", "-f", "chatty", check=False)
        status, c = d.api_json("GET", "/containers/chatty/json")
        self.assertEqual(c["HostConfig"]["LogConfig"],
                         {"Type": "json-file", "Config": {"max-size": "10k", "max-file": "3"}})
        files = log_files(c["LogPath"])
        self.assertEqual(len(files), 3, files)
        self.assertLessEqual(log_bytes(c["LogPath"]), 30000)
        # The container's own option wins over the default one.
        d.docker("run", "--name", "own", "--log-opt", "max-file=1", "busybox", "true")
        self.addCleanup(d.docker, "rm", "-f", "own", check=False)
        status, c = d.api_json("GET", "/containers/own/json")
        self.assertEqual(c["HostConfig"]["LogConfig"]["Config"],
                         {"max-size": "10k", "max-file": "1"})
        res = d.cli("logs", "--tail", "1", "chatty")
        self.assertEqual(res.stdout, "n999 %s\n" % LINE)


class DaemonLogFlagsTest(unittest.TestCase):
    """--log-driver/--log-opt set the defaults; a bad default stops the daemon at start."""

    def test_flags_set_the_default_driver(self):
        with TestDaemon(extra_args=["--log-driver", "local", "--log-opt", "max-file=2"]) as d:
            status, info = d.api_json("GET", "/info")
            self.assertEqual(info["LoggingDriver"], "local")
            d.import_busybox()
            d.docker("create", "--name", "quiet", "busybox", "true")
            status, c = d.api_json("GET", "/containers/quiet/json")
            self.assertEqual(c["HostConfig"]["LogConfig"],
                             {"Type": "local", "Config": {"max-file": "2"}})
            d.docker("rm", "quiet")

    def test_a_bad_default_is_refused_at_start(self):
        d = TestDaemon(extra_args=["--log-driver", "asdf"], start_timeout=10)
        self.addCleanup(d.close)
        with self.assertRaises(RuntimeError) as caught:
            d.start()
        self.assertIn("failed to set log opts: logger: no log driver named 'asdf' is registered",
                      str(caught.exception))


if __name__ == "__main__":
    unittest.main()
