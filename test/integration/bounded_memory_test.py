"""Bounded memory (issue 9): a small zstd layer that inflates to a large file of zeros is
pulled from the registry fixture and loaded with `docker load` while the daemon's peak RSS
(VmHWM, reset through /proc/<pid>/clear_refs before each step) stays under 100 MB.

The suite inflates to 1 GiB (MYDOCKER_BIG_LAYER_MB changes it); bench/big_layer.py runs
the same steps for 10 GiB and prints the figures."""

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import threading
import time
import unittest

import registry_layers_test as uploads
from registry import TestRegistry
from testdaemon import BUSYBOX_PATH_ENV, DaemonTestCase

MB = 1 << 20
RSS_LIMIT_KB = 100 * 1024
CHUNK = 4 * MB


def zero_layer(size):
    """(zstd blob, diff ID) of a tar holding one file of `size` zero bytes, made as a stream."""
    header = tarfile.TarInfo("zeros")
    header.size, header.mode, header.mtime = size, 0o644, 0
    head = header.tobuf(format=tarfile.GNU_FORMAT)
    pad = b"\0" * ((512 - size % 512) % 512) + b"\0" * 1024
    digest = hashlib.sha256()
    zstd = subprocess.Popen(["zstd", "-q", "-c", "-3"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE)
    out = []
    reader = _start_reader(zstd.stdout, out)
    zeros = bytes(CHUNK)
    for piece in _pieces(head, size, zeros, pad):
        digest.update(piece)
        zstd.stdin.write(piece)
    zstd.stdin.close()
    reader.join()
    zstd.stdout.close()
    if zstd.wait() != 0:
        raise RuntimeError("zstd failed")
    return b"".join(out), "sha256:" + digest.hexdigest()


def _pieces(head, size, zeros, pad):
    yield head
    left = size
    while left > 0:
        n = min(left, len(zeros))
        yield zeros if n == len(zeros) else zeros[:n]
        left -= n
    yield pad


def _start_reader(stream, out):
    t = threading.Thread(target=lambda: out.append(stream.read()))
    t.start()
    return t


def image_config(diff_id):
    return json.dumps({"architecture": "amd64", "os": "linux",
                       "config": {"Env": [BUSYBOX_PATH_ENV], "Cmd": ["sh"]},
                       "rootfs": {"type": "layers", "diff_ids": [diff_id]},
                       "history": [{"created_by": "zeros"}]}).encode()


class PeakRss:
    """The daemon's peak resident set since reset(), in KiB."""

    def __init__(self, pid):
        self.pid = pid

    def reset(self):
        with open("/proc/%d/clear_refs" % self.pid, "w") as f:
            f.write("5")

    def peak_kb(self):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmHWM")


def pull_and_load(case, size):
    """The steps of the test (and of bench/big_layer.py); returns the figures."""
    blob, diff_id = zero_layer(size)
    config = image_config(diff_id)
    up = uploads.Uploader(case.registry)
    manifest = {"schemaVersion": 2, "mediaType": uploads.OCI_MANIFEST,
                "config": dict(up.blob("zeros", config), mediaType=uploads.OCI_CONFIG),
                "layers": [dict(up.blob("zeros", blob),
                                mediaType="application/vnd.oci.image.layer.v1.tar+zstd")]}
    up.manifest("zeros", "1", uploads.OCI_MANIFEST, manifest)
    ref = case.registry.host + "/zeros:1"
    rss = PeakRss(case.daemon.proc.pid)
    figures = {"inflated_bytes": size, "blob_bytes": len(blob)}
    rss.reset()
    started = time.monotonic()
    case.daemon.docker("pull", ref, timeout=1800)
    figures["pull_seconds"] = round(time.monotonic() - started, 1)
    figures["pull_peak_rss_kb"] = rss.peak_kb()
    inspect = json.loads(case.daemon.docker("image", "inspect", ref).stdout)[0]
    figures["image_size"] = inspect["Size"]
    case.daemon.docker("rmi", ref)
    archive = _save_archive(config, blob, os.path.join(case.daemon.root, "zeros.tar"))
    rss.reset()
    started = time.monotonic()
    case.daemon.docker("load", "-i", archive, timeout=1800)
    figures["load_seconds"] = round(time.monotonic() - started, 1)
    figures["load_peak_rss_kb"] = rss.peak_kb()
    os.unlink(archive)
    case.daemon.docker("rmi", "zeros:1")
    return figures


def _save_archive(config, blob, path):
    manifest = [{"Config": "config.json", "RepoTags": ["zeros:1"], "Layers": ["0/layer.tar"]}]
    with tarfile.open(path, "w") as tar:
        for name, data in (("config.json", config), ("0/layer.tar", blob),
                           ("manifest.json", json.dumps(manifest).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def gzip_outer_archive(size, path):
    """A gzip-compressed docker-save archive whose plain layer.tar holds `size` zero bytes:
    small to send, but each member inflates on the daemon's side."""
    head = tarfile.TarInfo("zeros")
    head.size, head.mode = size, 0o644
    layer_size = 512 + size + (512 - size % 512) % 512 + 1024
    digest = hashlib.sha256()
    for piece in _pieces(head.tobuf(format=tarfile.GNU_FORMAT), size, bytes(CHUNK),
                         b"\0" * ((512 - size % 512) % 512) + b"\0" * 1024):
        digest.update(piece)
    config = image_config("sha256:" + digest.hexdigest())
    manifest = [{"Config": "config.json", "RepoTags": ["gzouter:1"], "Layers": ["0/layer.tar"]}]
    with tarfile.open(path, "w:gz", compresslevel=1) as tar:
        for name, data in (("config.json", config),
                           ("manifest.json", json.dumps(manifest).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        info = tarfile.TarInfo("0/layer.tar")
        info.size = layer_size
        tar.addfile(info, _Stream(_pieces(head.tobuf(format=tarfile.GNU_FORMAT), size,
                                          bytes(CHUNK), b"\0" * (layer_size - 512 - size))))
    return path


class _Stream:
    """A read()-able file over byte pieces (tarfile copies members with read(n))."""

    def __init__(self, pieces):
        self.pieces, self.buf = iter(pieces), b""

    def read(self, n=-1):
        while n < 0 or len(self.buf) < n:
            piece = next(self.pieces, None)
            if piece is None:
                break
            self.buf += piece
        out, self.buf = (self.buf, b"") if n < 0 else (self.buf[:n], self.buf[n:])
        return out


@unittest.skipUnless(shutil.which("zstd"), "needs the zstd tool")
class BoundedMemoryTest(DaemonTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = TestRegistry("http")
        cls.addClassCleanup(cls.registry.close)
        cls.registry.start()

    def test_a_layer_inflating_to_a_gigabyte_keeps_the_daemon_small(self):
        size = int(os.environ.get("MYDOCKER_BIG_LAYER_MB", "1024")) * MB
        figures = pull_and_load(self, size)
        print("\nbounded memory:", json.dumps(figures))
        self.assertGreaterEqual(figures["image_size"], size)
        self.assertLess(figures["pull_peak_rss_kb"], RSS_LIMIT_KB, figures)
        self.assertLess(figures["load_peak_rss_kb"], RSS_LIMIT_KB, figures)

    def test_load_of_a_gzip_archive_spills_its_big_members_to_files(self):
        size = 256 * MB
        path = gzip_outer_archive(size, os.path.join(self.daemon.root, "outer.tar.gz"))
        self.addCleanup(os.unlink, path)
        rss = PeakRss(self.daemon.proc.pid)
        rss.reset()
        self.daemon.docker("load", "-i", path, timeout=600)
        peak = rss.peak_kb()
        self.assertLess(peak, RSS_LIMIT_KB)
        inspect = json.loads(self.daemon.docker("image", "inspect", "gzouter:1").stdout)[0]
        self.assertGreaterEqual(inspect["Size"], size)
        self.daemon.docker("rmi", "gzouter:1")
        downloads = os.path.join(self.daemon.data_root, "image", "downloads")
        self.assertEqual([f for f in os.listdir(downloads) if f.startswith("tmp-")], [])


if __name__ == "__main__":
    unittest.main()
