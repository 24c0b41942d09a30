"""Issue 2 through the socket: /_ping, /version, /info with the docker CLI, the Python SDK
and raw HTTP; the version gate; hostile and slow clients never stop the daemon serving;
pidfile and SIGTERM behaviour."""

import json
import os
import signal
import socket
import subprocess
import time
import unittest

from testdaemon import DaemonTestCase, TestDaemon, wait_until


def raw_exchange(path, data, timeout=5.0):
    """Sends bytes on a fresh connection and reads until the daemon closes or goes quiet."""
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(timeout)
    s.connect(path)
    try:
        s.sendall(data)
        out = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return out, True
            out += chunk
    except socket.timeout:
        return out, False
    finally:
        s.close()


class SystemApiTest(DaemonTestCase):
    def test_docker_cli_version_and_info(self):
        out = self.daemon.docker("version").stdout
        self.assertIn("Server: mydocker", out)
        self.assertIn("API version:      1.44 (minimum version 1.24)", out)
        info = self.daemon.docker("info").stdout
        self.assertIn("Cgroup Driver: cgroupfs", info)
        self.assertIn("Docker Root Dir: " + self.daemon.data_root, info)
        self.assertIn("Storage Driver: overlay2", info)

    def test_sdk_version_ping_info(self):
        client = self.daemon.sdk()
        self.assertEqual(client.version()["ApiVersion"], "1.44")
        self.assertTrue(client.ping())
        info = client.info()
        for key in ("Containers", "Images", "ID", "Name", "NCPU", "MemTotal"):
            self.assertIn(key, info)
        self.assertEqual(info["NCPU"], os.cpu_count())
        self.assertEqual(info["Swarm"]["LocalNodeState"], "inactive")

    def test_ping_headers_and_head(self):
        status, headers, body = self.daemon.api("GET", "/v1.41/_ping")
        self.assertEqual((status, body), (200, b"OK"))
        self.assertEqual(headers.get("Api-Version"), "1.44")
        self.assertEqual(headers.get("Ostype"), "linux")
        self.assertEqual(headers.get("Docker-Experimental"), "false")
        self.assertEqual(headers.get("Builder-Version"), "1")
        status, headers, body = self.daemon.api("HEAD", "/_ping")
        self.assertEqual((status, body), (200, b""))
        self.assertEqual(headers.get("Api-Version"), "1.44")

    def test_version_document(self):
        status, body = self.daemon.api_json("GET", "/version")
        self.assertEqual(status, 200)
        self.assertEqual(body["ApiVersion"], "1.44")
        self.assertEqual(body["MinAPIVersion"], "1.24")
        self.assertEqual(body["KernelVersion"], os.uname().release)
        details = body["Components"][0]["Details"]
        self.assertTrue(all(isinstance(v, str) for v in details.values()), details)

    def test_version_gate(self):
        status, headers, body = self.daemon.api("GET", "/v1.99/_ping")
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["message"],
                         "client version 1.99 is too new. Maximum supported API version is 1.44")
        self.assertEqual(headers.get("Content-Type"), "application/json")
        status, _, body = self.daemon.api("GET", "/v1.12/version")
        self.assertEqual(status, 400)
        self.assertIn("client version 1.12 is too old. Minimum supported API version is 1.24", body.decode())

    def test_unknown_route_is_404_page_not_found(self):
        status, headers, body = self.daemon.api("GET", "/v1.44/nothing/here")
        self.assertEqual((status, json.loads(body)), (404, {"message": "page not found"}))
        self.assertEqual(headers.get("Content-Type"), "application/json")
        status, _, _ = self.daemon.api("OPTIONS", "/anything")
        self.assertEqual(status, 200)

    def assert_still_serving(self):
        start = time.monotonic()
        status, _, body = self.daemon.api("GET", "/_ping", timeout=5)
        self.assertEqual((status, body), (200, b"OK"))
        self.assertLess(time.monotonic() - start, 2.0)
        self.assertIsNone(self.daemon.proc.poll(), "daemon exited")

    def test_garbage_bytes_get_400_and_close(self):
        out, closed = raw_exchange(self.daemon.socket_path, b"\x00\xffNOT HTTP AT ALL\r\n\r\n")
        self.assertTrue(out.startswith(b"HTTP/1.1 400"), out[:80])
        self.assertTrue(closed)
        self.assert_still_serving()

    def test_huge_body_gets_413(self):
        # Over the 64 MiB buffer; image archives (spilled to disk) only beyond the free space.
        for path, length in (("/v1.44/containers/create", 100000000),
                             ("/v1.44/images/create?fromSrc=-", 10 ** 16)):
            req = (b"POST %s HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n"
                   % (path.encode(), length))
            out, closed = raw_exchange(self.daemon.socket_path, req)
            self.assertTrue(out.startswith(b"HTTP/1.1 413"), out[:80])
            self.assertTrue(closed)
            self.assert_still_serving()

    def test_bad_json_body_is_answered_cleanly(self):
        status, headers, body = self.daemon.api("POST", "/v1.44/containers/create", "{not json",
                                                {"Content-Type": "application/json"})
        self.assertIn(status, (400, 404))
        self.assertIn("message", json.loads(body))
        self.assert_still_serving()

    def test_slow_client_does_not_block_others(self):
        slow = socket.socket(socket.AF_UNIX)
        slow.connect(self.daemon.socket_path)
        self.addCleanup(slow.close)
        slow.sendall(b"GET /_ping HTTP/1.1\r\nHost: x\r\nUser-Agent: sl")  # never finished
        for _ in range(5):
            self.assert_still_serving()

    def test_keep_alive_serves_several_requests_on_one_connection(self):
        req = b"GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n" * 3
        out, _ = raw_exchange(self.daemon.socket_path, req, timeout=1.0)
        self.assertEqual(out.count(b"HTTP/1.1 200 OK"), 3)


class DaemonProcessTest(unittest.TestCase):
    def test_two_daemons_side_by_side_and_pidfile_guard(self):
        with TestDaemon() as first, TestDaemon() as second:
            self.assertEqual(first.api("GET", "/_ping")[2], b"OK")
            self.assertEqual(second.api("GET", "/_ping")[2], b"OK")
            # A third start on the first one's pidfile is refused while it lives.
            clash = subprocess.run(
                [os.path.join(first.bin_dir, "mydockerd"), "--host", "unix://" + second.root + "/other.sock",
                 "--data-root", second.root + "/other-data", "--exec-root", second.root + "/other-exec",
                 "--pidfile", first.pidfile, "--bridge", "none"],
                capture_output=True, text=True, timeout=30)
            self.assertNotEqual(clash.returncode, 0)
            self.assertIn("pid file found", clash.stderr)
            self.assertEqual(first.api("GET", "/_ping")[2], b"OK")

    def test_sigterm_exits_cleanly_and_removes_socket_and_pidfile(self):
        with TestDaemon() as d:
            d.proc.send_signal(signal.SIGTERM)
            self.assertEqual(d.proc.wait(timeout=15), 0)
            self.assertFalse(os.path.exists(d.socket_path))
            self.assertFalse(os.path.exists(d.pidfile))
            # The bridge it created goes with it (no container was running).
            link = subprocess.run(["ip", "link", "show", d.bridge], capture_output=True)
            self.assertNotEqual(link.returncode, 0, link.stdout)

    def test_sigterm_keeps_the_bridge_while_a_container_runs(self):
        with TestDaemon() as d:
            d.import_busybox()
            d.cli("run", "-d", "busybox", "sleep", "1000")
            d.proc.send_signal(signal.SIGTERM)
            self.assertEqual(d.proc.wait(timeout=15), 0)
            link = subprocess.run(["ip", "link", "show", d.bridge], capture_output=True)
            self.assertEqual(link.returncode, 0, "the bridge went while a container still ran")

    def test_daemon_json_config_file(self):
        d = TestDaemon()
        self.addCleanup(d.close)
        config = os.path.join(d.root, "daemon.json")
        with open(config, "w") as f:
            json.dump({"insecure-registries": ["10.99.0.0/16"]}, f)
        d.extra_args = ["--config-file", config]
        d.start()
        info = d.api_json("GET", "/info")[1]
        self.assertIn("10.99.0.0/16", info["RegistryConfig"]["InsecureRegistryCIDRs"])

    def test_conflicting_flag_and_config_refused(self):
        d = TestDaemon(start_timeout=5)
        self.addCleanup(d.close)
        config = os.path.join(d.root, "daemon.json")
        with open(config, "w") as f:
            json.dump({"data-root": "/tmp/elsewhere"}, f)
        d.extra_args = ["--config-file", config]
        with self.assertRaises(RuntimeError) as ctx:
            d.start()
        self.assertIn("specified both as a flag and in the configuration file", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
