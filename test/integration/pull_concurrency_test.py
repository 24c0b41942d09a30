"""Concurrency (issue 9): while four pulls of big layers run in parallel, `ps`, `inspect` and
`create` answer at once (no image-store lock held across a download or an extraction)."""

import os
import shutil
import subprocess
import threading
import time
import unittest

import bounded_memory_test as big
import registry_layers_test as uploads
from registry import TestRegistry
from testdaemon import DaemonTestCase

PULLS = 4
LAYER_MB = int(os.environ.get("MYDOCKER_PULL_LAYER_MB", "1536"))
# Far below a pull's seconds (before the transfer pool, ps waited 6 s behind four pulls), with
# room for a 2-core machine whose cores the four inflating pulls keep busy.
API_LIMIT_S = 0.5


def push_zero_image(registry, name, size):
    blob, diff_id = big.zero_layer(size)
    config = big.image_config(diff_id)
    up = uploads.Uploader(registry)
    manifest = {"schemaVersion": 2, "mediaType": uploads.OCI_MANIFEST,
                "config": dict(up.blob(name, config), mediaType=uploads.OCI_CONFIG),
                "layers": [dict(up.blob(name, blob),
                                mediaType="application/vnd.oci.image.layer.v1.tar+zstd")]}
    up.manifest(name, "1", uploads.OCI_MANIFEST, manifest)
    return registry.host + "/" + name + ":1"


@unittest.skipUnless(shutil.which("zstd"), "needs the zstd tool")
class PullConcurrencyTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = TestRegistry("http")
        cls.addClassCleanup(cls.registry.close)
        cls.registry.start()
        # Distinct sizes: distinct blobs, so no pull waits for another's layer.
        cls.refs = [push_zero_image(cls.registry, "zeros%d" % i, LAYER_MB * big.MB + 4096 * i)
                    for i in range(PULLS)]

    def timed(self, method, path, body=None):
        started = time.monotonic()
        status, _, data = self.daemon.api(method, path, body)
        return status, time.monotonic() - started, data

    def test_ps_inspect_and_create_answer_during_parallel_pulls(self):
        cid = self.daemon.docker("create", "busybox", "true").stdout.strip()
        pulls = [subprocess.Popen(["docker", "-H", self.daemon.host, "pull", ref], text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for ref in self.refs]
        self.progress = [[] for _ in pulls]
        readers = [threading.Thread(target=self.read_progress, args=(p, out), daemon=True)
                   for p, out in zip(pulls, self.progress)]
        for r in readers:
            r.start()
        try:
            # Measured only once every pull has reached the daemon (its layer is on its way).
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not self.all_pulls_started():
                time.sleep(0.02)
            self.assertTrue(self.all_pulls_started(), "pulls never showed up in the daemon")
            worst = {}
            for _ in range(5):
                for name, (method, path, body) in {
                        "ps": ("GET", "/containers/json?all=1", None),
                        "inspect": ("GET", "/containers/%s/json" % cid, None),
                        "create": ("POST", "/containers/create", {"Image": "busybox"})}.items():
                    status, seconds, _ = self.timed(method, path, body)
                    self.assertIn(status, (200, 201), name)
                    worst[name] = max(worst.get(name, 0), seconds)
            still_pulling = sum(p.poll() is None for p in pulls)
            print("\nduring %d pulls (%d still running after): %s" % (
                PULLS, still_pulling, {k: "%.1f ms" % (v * 1000) for k, v in worst.items()}))
            self.assertGreater(still_pulling, 0, "the pulls ended before the measurements")
            for name, seconds in worst.items():
                self.assertLess(seconds, API_LIMIT_S, "%s took %.3f s during pulls" % (name, seconds))
        finally:
            for p, r in zip(pulls, readers):
                p.wait(timeout=600)
                r.join(timeout=60)
                self.assertEqual(p.returncode, 0, p.stderr.read())

    @staticmethod
    def read_progress(proc, out):
        for line in proc.stdout:
            out.append(line)

    def all_pulls_started(self):
        """Each pull has reported progress on its layer (the daemon is working on it)."""
        marks = ("Pulling fs layer", "Downloading", "Verifying", "Extracting")
        return all(any(m in line for line in lines for m in marks) for lines in self.progress)


if __name__ == "__main__":
    unittest.main()
