"""Pull of images the test uploads to a registry itself: an OCI index with two platforms,
three layers (gzip, plain tar, zstd) with a deleted file and an opaque directory, Docker's
progress lines, --platform selection and its error, and a re-push of the pulled image."""

import gzip
import hashlib
import io
import json
import shutil
import subprocess
import tarfile
import unittest
import urllib.request

import rootfs
from registry import TestRegistry
from testdaemon import BUSYBOX_PATH_ENV, DaemonTestCase

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def make_tar(entries):
    """entries: (name, data or None for a directory)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, data in entries:
            info = tarfile.TarInfo(name)
            info.mtime = rootfs.FIXED_MTIME
            if data is None:
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            else:
                info.size, info.mode = len(data), 0o644
                tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def zstd(data):
    return subprocess.run(["zstd", "-q", "-c"], input=data, capture_output=True,
                          check=True).stdout


class Uploader:
    def __init__(self, registry):
        self.url = registry.url

    def _send(self, method, path, data=b"", content_type="application/octet-stream"):
        req = urllib.request.Request(self.url + path if path.startswith("/") else path,
                                     data=data, method=method,
                                     headers={"Content-Type": content_type})
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, res.headers

    def blob(self, repo, data):
        _, headers = self._send("POST", "/v2/%s/blobs/uploads/" % repo)
        location = headers["Location"]
        if location.startswith("/"):
            location = self.url + location
        sep = "&" if "?" in location else "?"
        status, _ = self._send("PUT", location + sep + "digest=" + sha(data), data)
        assert status == 201, status
        return {"digest": sha(data), "size": len(data)}

    def manifest(self, repo, ref, media_type, body):
        data = json.dumps(body).encode()
        status, _ = self._send("PUT", "/v2/%s/manifests/%s" % (repo, ref), data, media_type)
        assert status == 201, status
        return sha(data), len(data)


@unittest.skipUnless(shutil.which("zstd"), "needs the zstd tool to make a zstd layer")
class RegistryLayersTest(DaemonTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = TestRegistry("http")
        cls.addClassCleanup(cls.registry.close)
        cls.registry.start()
        cls.host = cls.registry.host
        cls.repo = cls.host + "/multi"
        cls.index_digest = cls.upload_index()

    @classmethod
    def upload_image(cls, up, arch, layers):
        """layers: (uncompressed tar, compressed blob, media type); returns the descriptor."""
        config = {"architecture": arch, "os": "linux",
                  "config": {"Env": [BUSYBOX_PATH_ENV], "Cmd": ["sh"], "Labels": {"arch": arch}},
                  "rootfs": {"type": "layers", "diff_ids": [sha(t) for t, _, _ in layers]},
                  "history": [{"created_by": "test layer %d" % i} for i in range(len(layers))]}
        config_data = json.dumps(config).encode()
        manifest = {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                    "config": dict(up.blob("multi", config_data), mediaType=OCI_CONFIG),
                    "layers": [dict(up.blob("multi", blob), mediaType=media)
                               for _, blob, media in layers]}
        digest, size = up.manifest("multi", sha(json.dumps(manifest).encode()), OCI_MANIFEST,
                                   manifest)
        return {"mediaType": OCI_MANIFEST, "digest": digest, "size": size}

    @classmethod
    def upload_index(cls):
        up = Uploader(cls.registry)
        with open(rootfs.busybox_rootfs_tar(), "rb") as f:
            base = f.read()
        files = make_tar([("a", None), ("a/file1", b"one"), ("b", None), ("b/x", b"x")])
        deletes = make_tar([("a", None), ("a/.wh.file1", b""), ("b", None),
                            ("b/.wh..wh..opq", b""), ("b/y", b"why\n")])
        gz = gzip.compress(base, mtime=0)
        amd64 = cls.upload_image(up, "amd64", [
            (base, gz, "application/vnd.oci.image.layer.v1.tar+gzip"),
            (files, files, "application/vnd.oci.image.layer.v1.tar"),
            (deletes, zstd(deletes), "application/vnd.oci.image.layer.v1.tar+zstd")])
        arm64 = cls.upload_image(up, "arm64", [
            (base, gz, "application/vnd.oci.image.layer.v1.tar+gzip")])
        index = {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [
            dict(arm64, platform={"architecture": "arm64", "os": "linux", "variant": "v8"}),
            dict(amd64, platform={"architecture": "amd64", "os": "linux"})]}
        digest, _ = up.manifest("multi", "1", OCI_INDEX, index)
        return digest

    def setUp(self):
        client = self.daemon.sdk()
        for image in client.images.list():
            client.images.remove(image.id, force=True)

    def test_pull_index_layers_and_whiteouts(self):
        out = self.daemon.docker("pull", self.repo + ":1").stdout
        self.assertIn("1: Pulling from multi", out)
        self.assertEqual(out.count(": Pull complete"), 3, out)
        self.assertIn("Digest: " + self.index_digest, out)
        inspect = json.loads(self.daemon.docker("image", "inspect", self.repo + ":1").stdout)[0]
        self.assertEqual(inspect["Architecture"], "amd64")
        self.assertEqual(len(inspect["RootFS"]["Layers"]), 3)
        self.assertEqual(inspect["RepoDigests"], [self.repo + "@" + self.index_digest])
        script = "ls -A /a; ls -A /b; cat /b/y"
        out = self.daemon.docker("run", "--rm", self.repo + ":1", "sh", "-c", script).stdout
        self.assertEqual(out, "y\nwhy\n")
        # Everything is there now: a second pull downloads nothing.
        out = self.daemon.cli("pull", self.repo + ":1").stdout
        self.assertEqual(out.count(": Already exists"), 3, out)
        self.assertIn("Status: Image is up to date for %s:1" % self.repo, out)

    def test_platform_selection(self):
        out = self.daemon.cli("pull", "--platform", "linux/arm64", self.repo + ":1").stdout
        self.assertIn("Digest: " + self.index_digest, out)
        inspect = json.loads(self.daemon.cli("inspect", self.repo + ":1").stdout)[0]
        self.assertEqual(inspect["Architecture"], "arm64")
        self.assertEqual(inspect["Config"]["Labels"], {"arch": "arm64"})
        res = self.daemon.cli("pull", "--platform", "windows/amd64", self.repo + ":1",
                              check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("no matching manifest for windows/amd64 in the manifest list entries",
                      res.stderr)
        status, _, body = self.daemon.api(
            "POST", "/images/create?fromImage=%s&tag=1&platform=linux/amd64" % self.repo)
        self.assertEqual(status, 200)
        self.assertIn(b"Pull complete", body)
        lines = [json.loads(l) for l in body.decode().split("\r\n") if l]
        self.assertIn({"status": "Pulling from multi", "id": "1"}, lines)
        steps = {l["status"] for l in lines if "id" in l}
        self.assertTrue({"Pulling fs layer", "Download complete", "Pull complete"} <= steps, steps)

    def test_concurrent_pulls_share_layers(self):
        import threading
        results = []

        def pull(platform):
            status, _, body = self.daemon.api(
                "POST", "/images/create?fromImage=%s&tag=1&platform=%s" % (self.repo, platform),
                timeout=120)
            results.append((status, body.decode().split("\r\n")[-2]))

        threads = [threading.Thread(target=pull, args=(p,))
                   for p in ("linux/amd64", "linux/amd64", "linux/arm64")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(results), 3)
        for status, last in results:
            self.assertEqual(status, 200)
            self.assertIn("Status: ", last)

    def test_repush_keeps_config_and_layers(self):
        self.daemon.cli("pull", "--platform", "linux/amd64", self.repo + ":1")
        image_id = json.loads(self.daemon.cli("inspect", self.repo + ":1").stdout)[0]["Id"]
        self.daemon.cli("tag", self.repo + ":1", self.host + "/copy:1")
        out = self.daemon.cli("push", self.host + "/copy:1").stdout
        self.assertEqual(out.count(": Mounted from multi"), 3, out)
        self.daemon.cli("rmi", self.host + "/copy:1", self.repo + ":1")
        self.daemon.cli("pull", self.host + "/copy:1")
        copy = json.loads(self.daemon.cli("inspect", self.host + "/copy:1").stdout)[0]
        self.assertEqual(copy["Id"], image_id)


if __name__ == "__main__":
    unittest.main()
