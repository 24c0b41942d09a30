"""Image store through the socket (issue 3 "Images needed now"): import with --change,
images, inspect, history, tag, rmi, with the docker CLI, the Python SDK and raw API;
hostile tars are refused and write nothing outside the data root."""

import io
import json
import os
import tarfile
import urllib.parse

import rootfs
from testdaemon import DaemonTestCase


def hostile_tar(kind):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        if kind == "dotdot":
            data = b"owned"
            info = tarfile.TarInfo("../../../../../../tmp/mydocker-escape-dotdot")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        elif kind == "hardlink":
            info = tarfile.TarInfo("stolen")
            info.type = tarfile.LNKTYPE
            info.linkname = "../../../../../../etc/hostname"
            tar.addfile(info)
    return buf.getvalue()


class ImagesTest(DaemonTestCase):
    def import_with_docker(self, tag):
        out = self.daemon.docker("import", "--change", 'CMD ["sh"]', "--change", "ENV A=1",
                                 rootfs.busybox_rootfs_tar(), tag).stdout.strip()
        self.assertTrue(out.startswith("sha256:"), out)
        return out

    def test_docker_cli_import_images_tag_rmi(self):
        image_id = self.import_with_docker("bbcli:1")
        listing = self.daemon.docker("images").stdout
        self.assertIn("bbcli", listing)
        self.assertIn(image_id[7:19], listing)
        inspect = json.loads(self.daemon.docker("image", "inspect", "bbcli:1").stdout)[0]
        self.assertEqual(inspect["Id"], image_id)
        self.assertEqual(inspect["Config"]["Cmd"], ["sh"])
        self.assertIn("A=1", inspect["Config"]["Env"])
        self.assertEqual(inspect["RootFS"]["Type"], "layers")
        self.assertIn("Imported from -", self.daemon.docker("history", "bbcli:1").stdout)
        self.daemon.docker("tag", "bbcli:1", "bbcli:copy")
        self.assertIn("copy", self.daemon.docker("images", "bbcli").stdout)
        out = self.daemon.docker("rmi", "bbcli:copy").stdout
        self.assertIn("Untagged: bbcli:copy", out)
        out = self.daemon.docker("rmi", "bbcli:1").stdout
        self.assertIn("Deleted: " + image_id, out)
        self.assertNotIn("bbcli", self.daemon.docker("images").stdout)

    def test_import_larger_than_the_memory_limit_is_spooled(self):
        # 80 MiB of file content: over the 64 MiB in-memory body limit, so the daemon spills
        # the upload to an unlinked temp file under its data root.
        big = io.BytesIO()
        with tarfile.open(fileobj=big, mode="w") as tar:
            info = tarfile.TarInfo("big.bin")
            info.size = 80 << 20
            tar.addfile(info, io.BytesIO(os.urandom(1 << 20) * 80))
        path = os.path.join(self.daemon.root, "big.tar")
        with open(path, "wb") as f:
            f.write(big.getvalue())
        out = self.daemon.docker("import", path, "big:1", timeout=120).stdout.strip()
        self.assertTrue(out.startswith("sha256:"), out)
        size = json.loads(self.daemon.docker("image", "inspect", "big:1").stdout)[0]["Size"]
        self.assertGreaterEqual(size, 80 << 20)
        self.assertEqual(os.listdir(os.path.join(self.daemon.data_root, "tmp")), [])
        self.daemon.docker("rmi", "big:1")

    def test_utf8_names_in_layers(self):
        # PAX headers carry UTF-8 names and link targets (real distributions have them).
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
            data = b"gr\xc3\xbc\xc3\x9fe\n"
            info = tarfile.TarInfo("gr\u00fc\u00dfe.txt")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            link = tarfile.TarInfo("link-\u00e9")
            link.type = tarfile.SYMTYPE
            link.linkname = "gr\u00fc\u00dfe.txt"
            tar.addfile(link)
        path = os.path.join(self.daemon.root, "utf8.tar")
        with open(path, "wb") as f:
            f.write(buf.getvalue())
        self.daemon.docker("import", path, "utf8:1")
        self.addCleanup(self.daemon.docker, "rmi", "-f", "utf8:1", check=False)
        layer = os.path.join(self.daemon.data_root, "layers")
        names = set()
        for d in os.listdir(layer):
            if os.path.isdir(os.path.join(layer, d, "diff")):
                names.update(os.listdir(os.path.join(layer, d, "diff")))
        self.assertIn("gr\u00fc\u00dfe.txt", names)
        self.assertIn("link-\u00e9", names)

    def test_missing_image_errors(self):
        res = self.daemon.docker("rmi", "nosuch", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("Error response from daemon: No such image: nosuch:latest", res.stderr)
        res = self.daemon.docker("image", "inspect", "nosuch", check=False)
        self.assertNotEqual(res.returncode, 0)
        res = self.daemon.docker("tag", "nosuch", "Bad:x", check=False)
        self.assertNotEqual(res.returncode, 0)

    def test_sdk_list_get_tag_remove(self):
        image_id = self.daemon.import_busybox("bbsdk")
        client = self.daemon.sdk()
        image = client.images.get("bbsdk:latest")
        self.assertEqual(image.id, image_id)
        self.assertIn("bbsdk:latest", [t for i in client.images.list() for t in i.tags])
        self.assertTrue(image.tag("bbsdk", "v2"))
        self.assertEqual(client.images.get("bbsdk:v2").id, image_id)
        self.assertEqual(len(client.images.list(filters={"reference": "bbsdk"})), 1)
        client.images.remove("bbsdk:v2")
        client.images.remove("bbsdk:latest")
        import docker
        with self.assertRaises(docker.errors.ImageNotFound):
            client.images.get("bbsdk:latest")

    def test_hostile_tars_are_refused_and_nothing_escapes(self):
        for kind in ("dotdot", "hardlink"):
            query = urllib.parse.urlencode({"fromSrc": "-", "repo": "evil-" + kind})
            status, _, body = self.daemon.api("POST", "/v1.44/images/create?" + query, hostile_tar(kind),
                                              {"Content-Type": "application/x-tar"})
            self.assertEqual(status, 400, body)
            self.assertIn(b"message", body)
        self.assertFalse(os.path.exists("/tmp/mydocker-escape-dotdot"))
        self.assertNotIn("evil", self.daemon.docker("images").stdout)
        leftovers = [n for n in os.listdir(os.path.join(self.daemon.data_root, "layers")) if n.startswith("tmp-")]
        self.assertEqual(leftovers, [])
        # The daemon is still serving.
        status, _, body = self.daemon.api("GET", "/_ping")
        self.assertEqual((status, body), (200, b"OK"))


if __name__ == "__main__":
    import unittest
    unittest.main()
