"""A pull interrupted by kill -9 of the daemon leaves no image and no partial file that
could be used, and the retry reuses what was complete. The registry sits behind a proxy
of the test that slows blob downloads, so the kill lands mid-download; Docker's
Downloading progress (progressDetail current/total) is checked on the way."""

import gzip
import http.server
import json
import os
import subprocess
import threading
import time
import urllib.error
import urllib.request

import rootfs
from registry import TestRegistry
from registry_layers_test import OCI_CONFIG, OCI_MANIFEST, Uploader, make_tar, sha
from testdaemon import BUSYBOX_PATH_ENV, DaemonTestCase, wait_until

BIG = 12 << 20  # incompressible bytes in the slow layer
RATE = 3 << 20  # bytes per second through the proxy


class _SlowProxy(http.server.BaseHTTPRequestHandler):
    """Forwards to the registry. behavior "slow": blobs at RATE; "flaky": the first GET of
    each blob is cut off halfway; "redirect": blob GETs answer 307 to the registry."""
    upstream = ""
    behavior = "slow"
    seen = None  # blob paths already served once (flaky)

    def log_message(self, *args):
        pass

    def do_GET(self):
        self._forward(True)

    def do_HEAD(self):
        self._forward(False)

    def _forward(self, with_body):
        blob = "/blobs/" in self.path and self.command == "GET"
        if blob and self.behavior == "redirect":
            self.send_response(307)
            self.send_header("Location", self.upstream + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        cut = blob and self.behavior == "flaky" and self.path not in self.seen
        if cut:
            self.seen.add(self.path)
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("accept", "authorization")}
        req = urllib.request.Request(self.upstream + self.path, method=self.command, headers=headers)
        try:
            res = urllib.request.urlopen(req, timeout=30)
        except urllib.error.HTTPError as e:
            res = e
        self.send_response(res.getcode())
        for k, v in res.headers.items():
            if k.lower() not in ("transfer-encoding", "connection"):
                self.send_header(k, v)
        self.end_headers()
        slow = "/blobs/" in self.path and self.behavior == "slow"
        remaining = int(res.headers.get("Content-Length") or 0) // 2 if cut else -1
        while with_body:
            chunk = res.read(64 << 10)
            if not chunk or (cut and remaining <= 0):
                break
            remaining -= len(chunk)
            try:
                self.wfile.write(chunk)
            except OSError:
                return
            if slow:
                time.sleep(len(chunk) / RATE)


class RegistryInterruptTest(DaemonTestCase):
    behavior = "slow"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = TestRegistry("http")
        cls.addClassCleanup(cls.registry.close)
        cls.registry.start()
        handler = type("Proxy", (_SlowProxy,), {"upstream": cls.registry.url,
                                                 "behavior": cls.behavior, "seen": set()})
        cls.proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        cls.proxy.daemon_threads = True
        threading.Thread(target=cls.proxy.serve_forever, daemon=True).start()
        cls.addClassCleanup(cls.proxy.server_close)
        cls.addClassCleanup(cls.proxy.shutdown)
        cls.repo = "127.0.0.1:%d/slow" % cls.proxy.server_address[1]
        cls.upload()

    @classmethod
    def upload(cls):
        up = Uploader(cls.registry)
        with open(rootfs.busybox_rootfs_tar(), "rb") as f:
            base = f.read()
        big = make_tar([("big", os.urandom(BIG))])
        layers = [(base, gzip.compress(base, mtime=0)), (big, gzip.compress(big, 1, mtime=0))]
        config = json.dumps({"architecture": "amd64", "os": "linux",
                             "config": {"Env": [BUSYBOX_PATH_ENV], "Cmd": ["sh"]},
                             "rootfs": {"type": "layers",
                                        "diff_ids": [sha(t) for t, _ in layers]}}).encode()
        manifest = {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                    "config": dict(up.blob("slow", config), mediaType=OCI_CONFIG),
                    "layers": [dict(up.blob("slow", blob),
                                    mediaType="application/vnd.oci.image.layer.v1.tar+gzip")
                               for _, blob in layers]}
        up.manifest("slow", "1", OCI_MANIFEST, manifest)
        cls.big_layer = manifest["layers"][1]

    def setUp(self):
        client = self.daemon.sdk()
        for image in client.images.list():
            client.images.remove(image.id, force=True)

    def partial_bytes(self):
        d = os.path.join(self.daemon.data_root, "image", "downloads")
        return sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d)
                   if f.startswith("tmp-"))

    def test_kill_mid_pull_then_retry(self):
        pull = subprocess.Popen(["/usr/local/bin/docker", "pull", self.repo + ":1"],
                                env=self.daemon.env(), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        self.addCleanup(pull.wait, 30)
        layers_dir = os.path.join(self.daemon.data_root, "layers")
        # Layer dirs only: "l" holds the short overlay link names.
        base_done = lambda: [f for f in os.listdir(layers_dir) if not f.startswith("tmp-") and f != "l"]
        wait_until(lambda: base_done() and self.partial_bytes() > 2 << 20, 30,
                   message="the base layer extracted, the big one half downloaded")
        self.daemon.kill9()
        self.daemon.start()
        downloads = os.path.join(self.daemon.data_root, "image", "downloads")
        self.assertEqual([f for f in os.listdir(downloads) if f.startswith("tmp-")], [])
        self.assertEqual([f for f in os.listdir(layers_dir) if f.startswith("tmp-")], [])
        res = self.daemon.docker("image", "inspect", self.repo + ":1", check=False)
        self.assertNotEqual(res.returncode, 0, "an interrupted pull must not leave an image")

        status, _, body = self.daemon.api("POST", "/images/create?fromImage=%s&tag=1" % self.repo,
                                          timeout=120)
        self.assertEqual(status, 200)
        lines = [json.loads(l) for l in body.decode().split("\r\n") if l]
        by_status = {}
        for l in lines:
            by_status.setdefault(l.get("status"), []).append(l)
        self.assertNotIn("error", str(lines[-1]), lines[-1])
        self.assertEqual(len(by_status["Already exists"]), 1)  # the base layer was complete
        big_id = self.big_layer["digest"][7:19]
        progress = [l for l in by_status["Downloading"] if l["id"] == big_id]
        self.assertTrue(progress)
        self.assertEqual(progress[-1]["progressDetail"]["total"], self.big_layer["size"])
        self.assertIn("MB/", progress[-1]["progress"])
        out = self.daemon.docker("run", "--rm", self.repo + ":1", "wc", "-c", "/big").stdout
        self.assertEqual(out.split()[0], str(BIG))

    def test_sigterm_mid_pull_stops_promptly(self):
        self.daemon.sdk()  # the daemon is up
        pull = subprocess.Popen(["/usr/local/bin/docker", "pull", self.repo + ":1"],
                                env=self.daemon.env(), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        self.addCleanup(pull.wait, 30)
        wait_until(lambda: self.partial_bytes() > 1 << 20, 30, message="a download under way")
        started = time.monotonic()
        self.assertEqual(self.daemon.stop(timeout=20), 0)
        # The 12 MiB at 3 MiB/s would take seconds more; the transfer is cut instead
        # (plus the daemon's grace period for open requests).
        self.assertLess(time.monotonic() - started, 8)
        self.daemon.start()
        res = self.daemon.docker("image", "inspect", self.repo + ":1", check=False)
        self.assertNotEqual(res.returncode, 0)


class RegistryFlakyTest(RegistryInterruptTest):
    """Every blob's first download breaks off halfway: retried, verified, pulled."""
    behavior = "flaky"
    test_kill_mid_pull_then_retry = None
    test_sigterm_mid_pull_stops_promptly = None

    def test_cut_downloads_are_retried(self):
        out = self.daemon.cli("pull", self.repo + ":1").stdout
        self.assertEqual(out.count(": Pull complete"), 2, out)
        out = self.daemon.docker("run", "--rm", self.repo + ":1", "wc", "-c", "/big").stdout
        self.assertEqual(out.split()[0], str(BIG))
        self.assertIn("failed, retrying", self.daemon.log_text())


class RegistryRedirectTest(RegistryInterruptTest):
    """Blobs served through a 307 to another host:port, as registries with S3 storage do."""
    behavior = "redirect"
    test_kill_mid_pull_then_retry = None
    test_sigterm_mid_pull_stops_promptly = None

    def test_blob_redirects_are_followed(self):
        out = self.daemon.cli("pull", self.repo + ":1").stdout
        self.assertEqual(out.count(": Pull complete"), 2, out)


if __name__ == "__main__":
    import unittest
    unittest.main()
