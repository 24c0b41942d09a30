"""Hostile images (issue 9): image configs without rootfs or with wrongly typed fields and
manifests without layers, through `docker load` (docker CLI and SDK) and through a pull
from a registry the test fills with HTTP PUTs. Each gets a clear error; the daemon stays
up and `images`, `info`, `ps` keep answering with every other image. A record corrupted
by hand in the data root is skipped by `images` and removed by `rmi`."""

import hashlib
import io
import json
import os
import tarfile
import unittest

import docker

import registry_layers_test as uploads
from registry import TestRegistry
from testdaemon import BUSYBOX_PATH_ENV, DaemonTestCase

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"

GOOD_LAYER = uploads.make_tar([("ok", b"fine")])


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def config_bytes(**changes):
    """A valid one-layer image config with `changes` applied (None deletes a key)."""
    config = {"architecture": "amd64", "os": "linux",
              "config": {"Env": [BUSYBOX_PATH_ENV], "Cmd": ["sh"]},
              "rootfs": {"type": "layers", "diff_ids": [sha(GOOD_LAYER)]},
              "history": [{"created_by": "hostile"}]}
    for key, value in changes.items():
        if value is None:
            config.pop(key, None)
        else:
            config[key] = value
    return json.dumps(config).encode()


HOSTILE_CONFIGS = {
    "no rootfs": (config_bytes(rootfs=None), "rootfs"),
    "Env is a number": (config_bytes(config={"Env": 5}), "config.Env"),
    "diff_ids is a string": (config_bytes(rootfs={"type": "layers", "diff_ids": "x"}),
                             "rootfs.diff_ids"),
    "config is a list": (config_bytes(config=[1]), "config"),
}


def tar_of(files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def save_archive(config, layers=(GOOD_LAYER,), tag="hostile:1"):
    names = ["%d/layer.tar" % i for i in range(len(layers))]
    manifest = [{"Config": "config.json", "RepoTags": [tag], "Layers": names}]
    return tar_of([("config.json", config)] + list(zip(names, layers)) +
                  [("manifest.json", json.dumps(manifest).encode())])


def oci_archive(manifest, blobs):
    """An OCI layout: index.json naming `manifest`, and the blobs (config, layers)."""
    data = json.dumps(manifest).encode()
    index = {"schemaVersion": 2, "manifests": [
        {"mediaType": OCI_MANIFEST, "digest": sha(data), "size": len(data),
         "annotations": {"io.containerd.image.name": "docker.io/library/hostile:oci"}}]}
    files = [("oci-layout", b'{"imageLayoutVersion":"1.0.0"}'),
             ("index.json", json.dumps(index).encode()),
             ("blobs/sha256/" + sha(data)[7:], data)]
    files += [("blobs/sha256/" + sha(b)[7:], b) for b in blobs]
    return tar_of(files)


class HostileImagesTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = TestRegistry("http")
        cls.addClassCleanup(cls.registry.close)
        cls.registry.start()
        cls.up = uploads.Uploader(cls.registry)
        cls.busybox_id = cls.daemon.sdk().images.get("busybox").id

    def assert_daemon_intact(self):
        self.assertIsNone(self.daemon.proc.poll(), "mydockerd ended")
        images = self.daemon.docker("images", "--format", "{{.Repository}}:{{.Tag}}").stdout
        self.assertIn("busybox:latest", images.split())
        self.assertNotIn("hostile", images)
        info = json.loads(self.daemon.docker("info", "--format", "{{json .}}").stdout)
        self.assertGreaterEqual(info["Images"], 1)
        self.daemon.docker("ps", "-a")
        self.assertEqual(self.daemon.sdk().images.get("busybox").id, self.busybox_id)

    def write_temp(self, name, data):
        path = os.path.join(self.daemon.root, name)
        with open(path, "wb") as f:
            f.write(data)
        self.addCleanup(os.unlink, path)
        return path

    def test_docker_load_refuses_hostile_configs(self):
        for i, (name, (config, field)) in enumerate(HOSTILE_CONFIGS.items()):
            with self.subTest(name):
                path = self.write_temp("hostile%d.tar" % i, save_archive(config))
                res = self.daemon.docker("load", "-i", path, check=False)
                self.assertNotEqual(res.returncode, 0, res.stdout)
                self.assertIn("invalid image config", res.stderr)
                self.assertIn(field, res.stderr)
                self.assert_daemon_intact()

    def test_docker_load_refuses_a_manifest_without_layers(self):
        config = config_bytes(rootfs={"type": "layers", "diff_ids": []}, history=[])
        archive = oci_archive(
            {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
             "config": {"mediaType": OCI_CONFIG, "digest": sha(config), "size": len(config)},
             "layers": []}, [config])
        res = self.daemon.docker("load", "-i", self.write_temp("nolayers.tar", archive),
                                 check=False)
        self.assertNotEqual(res.returncode, 0, res.stdout)
        self.assertIn("no layers", res.stderr)
        self.assert_daemon_intact()

    def test_sdk_load_refuses_hostile_configs_and_empty_manifests(self):
        client = self.daemon.sdk()
        layer_desc = {"mediaType": OCI_LAYER, "digest": sha(GOOD_LAYER),
                      "size": len(GOOD_LAYER)}
        config = config_bytes()
        config_desc = {"mediaType": OCI_CONFIG, "digest": sha(config), "size": len(config)}
        cases = {name: save_archive(c) for name, (c, _) in HOSTILE_CONFIGS.items()}
        cases["manifest without layers"] = oci_archive(
            {"schemaVersion": 2, "mediaType": OCI_MANIFEST, "config": config_desc,
             "layers": []}, [config])
        cases["layer digest malformed"] = oci_archive(
            {"schemaVersion": 2, "mediaType": OCI_MANIFEST, "config": config_desc,
             "layers": [dict(layer_desc, digest="sha256:nope")]}, [config, GOOD_LAYER])
        for name, archive in cases.items():
            with self.subTest(name):
                with self.assertRaises(docker.errors.APIError) as caught:
                    client.images.load(archive)
                self.assertEqual(caught.exception.status_code, 400)
                self.assertIn("invalid", str(caught.exception))
                self.assert_daemon_intact()

    def push_image(self, repo, config, layers=(GOOD_LAYER,)):
        manifest = {"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                    "config": dict(self.up.blob(repo, config), mediaType=OCI_CONFIG),
                    "layers": [dict(self.up.blob(repo, l), mediaType=OCI_LAYER)
                               for l in layers]}
        self.up.manifest(repo, "1", OCI_MANIFEST, manifest)
        return "%s/%s:1" % (self.registry.host, repo)

    def test_pull_refuses_hostile_configs(self):
        for i, (name, (config, field)) in enumerate(HOSTILE_CONFIGS.items()):
            with self.subTest(name):
                ref = self.push_image("hostile%d" % i, config)
                res = self.daemon.docker("pull", ref, check=False)
                self.assertNotEqual(res.returncode, 0, res.stdout)
                self.assertIn("invalid image config", res.stderr)
                self.assertIn(field, res.stderr)
                self.assert_daemon_intact()
                self.assertNotIn("hostile", self.daemon.docker("images").stdout)

    def test_pull_refuses_a_manifest_without_layers(self):
        ref = self.push_image("nolayers", config_bytes(rootfs={"type": "layers",
                                                               "diff_ids": []},
                                                       history=[]), layers=())
        with self.assertRaises(docker.errors.APIError) as caught:
            self.daemon.sdk().images.pull(ref)
        self.assertIn("no layers", str(caught.exception))
        res = self.daemon.docker("pull", ref, check=False)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("no layers", res.stderr)
        self.assert_daemon_intact()

    def test_a_corrupt_record_is_skipped_by_images_and_removed_by_rmi(self):
        bad = config_bytes(rootfs=None)
        bad_id = sha(bad)
        path = os.path.join(self.daemon.data_root, "image", "imagedb", "sha256", bad_id[7:])
        with open(path, "wb") as f:  # as an older version (or a hand) could have left it
            f.write(bad)
        self.addCleanup(lambda: os.path.exists(path) and os.unlink(path))
        self.daemon.api("POST", "/images/%s/tag?repo=corrupt&tag=1" % bad_id)
        self.assert_daemon_intact()
        ids = self.daemon.docker("images", "-q", "--no-trunc").stdout.split()
        self.assertIn(self.busybox_id, ids)
        self.assertNotIn(bad_id, ids)
        out = self.daemon.docker("rmi", bad_id[7:19]).stdout
        self.assertIn("Deleted: " + bad_id, out)
        self.assertFalse(os.path.exists(path))
        self.assert_daemon_intact()


if __name__ == "__main__":
    unittest.main()
