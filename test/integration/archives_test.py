"""Images from containers and archives (issue 4): commit chains with deleted files and
opaque directories, export, save -> rmi -> load round trips with identical IDs, hostile
load archives refused without leftovers, image prune and history; through our CLI, the
docker CLI and the Python SDK."""

import hashlib
import io
import json
import os
import subprocess
import tarfile
import tempfile
import unittest
from urllib.parse import quote

import rootfs
from cleanup import cleanup_cgroups, unmount_under
from testdaemon import BUSYBOX_PATH_ENV, DOCKER_CLI, DaemonTestCase, wait_until


def tar_bytes(members):
    """members: list of (TarInfo, bytes or None)."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, data in members:
            if data is not None:
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
            else:
                tar.addfile(info)
    return buf.getvalue()


def file_info(name, mode=0o644):
    info = tarfile.TarInfo(name)
    info.mode = mode
    return info


def link_info(name, target, kind=tarfile.SYMTYPE):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


def docker_save_archive(layer_tars, repo_tag="hostile:latest", outer_extra=()):
    """A legacy docker-save archive (manifest.json, <n>/layer.tar) around `layer_tars`."""
    diff_ids = ["sha256:" + hashlib.sha256(t).hexdigest() for t in layer_tars]
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "config": {"Cmd": ["sh"], "Env": [BUSYBOX_PATH_ENV]},
                         "rootfs": {"type": "layers", "diff_ids": diff_ids},
                         "history": [{"created_by": "layer %d" % i}
                                     for i in range(len(layer_tars))]}).encode()
    config_name = hashlib.sha256(config).hexdigest() + ".json"
    members = [(file_info(config_name), config)]
    for i, t in enumerate(layer_tars):
        members.append((file_info("%d/layer.tar" % i), t))
    manifest = [{"Config": config_name, "RepoTags": [repo_tag],
                 "Layers": ["%d/layer.tar" % i for i in range(len(layer_tars))]}]
    members.append((file_info("manifest.json"), json.dumps(manifest).encode()))
    members.extend(outer_extra)
    return tar_bytes(members)


class ArchivesTest(DaemonTestCase):
    import_busybox = True

    def run_out(self, image, script):
        return self.daemon.cli("run", "--rm", image, "sh", "-c", script).stdout

    def commit_chain(self, prefix):
        """busybox -> <prefix>:1 (adds files) -> <prefix>:2 (deletes, opaque dir)."""
        d = self.daemon
        d.cli("run", "--name", prefix + "-c1", "busybox", "sh", "-c",
              "mkdir -p /data/sub /opt/old && echo a > /data/a && echo k > /data/sub/k && "
              "echo o > /opt/old/o1 && echo t1 > /t1 && ln /t1 /t1link && ln -s /t1 /t1sym")
        id1 = d.cli("commit", prefix + "-c1", prefix + ":1").stdout.strip()
        self.assertTrue(id1.startswith("sha256:"), id1)
        d.cli("run", "--name", prefix + "-c2", prefix + ":1", "sh", "-c",
              "rm /data/a && rm -rf /opt && mkdir /opt && echo n > /opt/new && "
              "echo t2 > /t2 && rm /bin/vi")
        id2 = d.cli("commit", "-a", "Tester <t@example.com>", "-m", "second step",
                    "-c", "ENV STEP=2", "-c", 'CMD ["sh"]',
                    prefix + "-c2", prefix + ":2").stdout.strip()
        return id1, id2

    EXPECTED = "/data\n/data/sub\n/data/sub/k\n/opt\n/opt/new\n/t1\n/t1link\n/t1sym\n/t2\n"
    LISTING = "find /data /opt /t1 /t1link /t1sym /t2 | sort; ls /bin/vi 2>&1 || true"

    def check_chain_files(self, image):
        out = self.run_out(image, self.LISTING)
        self.assertTrue(out.startswith(self.EXPECTED), out)
        self.assertIn("No such file", out)
        self.assertEqual(self.run_out(image, "cat /t1link /t2 /opt/new; echo $STEP"),
                         "t1\nt2\nn\n2\n")

    def test_commit_chain_shows_exactly_the_expected_files(self):
        base = self.daemon.cli("inspect", "busybox").stdout
        base_id = json.loads(base)[0]["Id"]
        id1, id2 = self.commit_chain("chain")
        self.check_chain_files("chain:2")
        info = json.loads(self.daemon.cli("inspect", "chain:2").stdout)[0]
        self.assertEqual(info["Id"], id2)
        self.assertEqual(info["Parent"], id1)
        self.assertEqual(info["Author"], "Tester <t@example.com>")
        self.assertEqual(info["Comment"], "second step")
        self.assertIn("STEP=2", info["Config"]["Env"])
        self.assertEqual(len(info["RootFS"]["Layers"]), 3)
        status, history = self.daemon.api_json("GET", "/images/chain:2/history")
        self.assertEqual(status, 200)
        self.assertEqual([h["Id"] for h in history], [id2, id1, base_id])
        self.assertEqual(history[0]["Tags"], ["chain:2"])
        self.assertEqual(history[0]["Comment"], "second step")
        self.assertIn("rm /data/a", history[0]["CreatedBy"])
        self.assertGreater(history[1]["Size"], 0)
        # An unchanged container adds a history entry but no layer.
        self.daemon.cli("create", "--name", "chain-same", "chain:2", "true")
        self.daemon.cli("commit", "chain-same", "chain:same")
        same = json.loads(self.daemon.cli("inspect", "chain:same").stdout)[0]
        self.assertEqual(same["RootFS"]["Layers"], info["RootFS"]["Layers"])
        status, history = self.daemon.api_json("GET", "/images/chain:same/history")
        self.assertEqual(history[0]["Size"], 0)
        self.assertEqual(len(history), 4)

    def test_commit_of_a_running_container_pauses_it_only_meanwhile(self):
        d = self.daemon
        cid = d.docker("run", "-d", "busybox", "sh", "-c",
                       "echo live > /live; sleep 1000").stdout.strip()
        self.addCleanup(d.docker, "rm", "-f", cid, check=False)

        def committed():
            d.docker("commit", cid, "live:1")
            return d.docker("run", "--rm", "live:1", "cat", "/live", check=False).stdout
        wait_until(lambda: committed() == "live\n", timeout=20, message="/live committed")
        state = json.loads(d.docker("inspect", cid).stdout)[0]["State"]
        self.assertTrue(state["Running"])
        self.assertFalse(state["Paused"])
        status, _ = d.api_json("POST", "/commit?container=%s&pause=0&repo=live&tag=2" % cid)
        self.assertEqual(status, 201)

    def test_docker_cli_commit_and_history(self):
        d = self.daemon
        d.docker("run", "--name", "dcli-c", "busybox", "sh", "-c", "echo d > /dfile")
        image_id = d.docker("commit", "-m", "via docker", "-c", "LABEL via=docker", "dcli-c",
                            "dcli:1").stdout.strip()
        self.assertTrue(image_id.startswith("sha256:"), image_id)
        info = json.loads(d.docker("image", "inspect", "dcli:1").stdout)[0]
        self.assertEqual(info["Config"]["Labels"], {"via": "docker"})
        self.assertEqual(d.docker("run", "--rm", "dcli:1", "cat", "/dfile").stdout, "d\n")
        ours = d.cli("history", "dcli:1").stdout.splitlines()
        theirs = d.docker("history", "dcli:1").stdout.splitlines()
        self.assertEqual(ours[0].split(), theirs[0].split())  # the header
        self.assertEqual(len(ours), 3)
        self.assertTrue(ours[1].startswith(image_id[7:19]), ours)
        self.assertTrue(ours[2].startswith("<missing>") or ours[2].startswith(theirs[2][:12]))
        self.assertIn("via docker", ours[1])
        self.assertEqual([l.split()[0] for l in ours], [l.split()[0] for l in theirs])
        self.assertEqual(d.cli("history", "-q", "--no-trunc", "dcli:1").stdout.splitlines()[0],
                         image_id)

    def test_save_and_export_refuse_a_terminal(self):
        for args in (["save", "busybox"], ["export", "nosuch"]):
            argv = " ".join([os.path.join(self.daemon.bin_dir, "mydocker"), "-H",
                             self.daemon.host] + args)
            res = subprocess.run(["script", "-qec", argv, "/dev/null"], capture_output=True,
                                 timeout=30)
            self.assertNotEqual(res.returncode, 0)
            self.assertIn(b"cowardly refusing to save to a terminal. Use the -o flag or redirect",
                          res.stdout)

    def test_rmi_of_a_committed_image_and_its_untagged_parent(self):
        d = self.daemon
        d.cli("run", "--name", "par-c1", "busybox", "sh", "-c", "echo 1 > /one")
        parent = d.cli("commit", "par-c1").stdout.strip()
        d.cli("run", "--name", "par-c2", parent, "sh", "-c", "echo 2 > /two")
        child = d.cli("commit", "par-c2", "child:1").stdout.strip()
        d.cli("rm", "par-c1", "par-c2")
        self.assertNotIn(parent[7:19], d.cli("images", "-q").stdout)  # intermediate
        self.assertIn(parent[7:19], d.cli("images", "-a", "-q").stdout)
        res = d.docker("rmi", parent, check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("conflict: unable to delete %s (cannot be forced) - image has dependent "
                      "child images" % parent[7:19], res.stderr)
        out = d.docker("rmi", "child:1").stdout
        self.assertIn("Untagged: child:1", out)
        self.assertIn("Deleted: " + child, out)
        self.assertIn("Deleted: " + parent, out)
        self.assertIn("busybox", d.cli("images").stdout)

    def test_commit_api_errors_and_sdk(self):
        status, body = self.daemon.api_json("POST", "/commit?container=nosuch&repo=x")
        self.assertEqual(status, 404)
        self.assertEqual(body["message"], "No such container: nosuch")
        client = self.daemon.sdk()
        try:
            c = client.containers.run("busybox", ["sh", "-c", "echo sdk > /sdkfile"],
                                      detach=True)
            c.wait()
            image = c.commit(repository="sdkimg", tag="1", changes=["LABEL made=sdk"])
            self.assertEqual(client.images.get("sdkimg:1").id, image.id)
            self.assertEqual(image.labels.get("made"), "sdk")
            out = client.containers.run("sdkimg:1", ["cat", "/sdkfile"], remove=True)
            self.assertEqual(out, b"sdk\n")
            c.remove()
        finally:
            client.close()

    def test_export_contains_the_container_files(self):
        d = self.daemon
        self.commit_chain("exp")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "c2.tar")
            d.docker("export", "-o", path, "exp-c2")
            with tarfile.open(path) as tar:
                names = set(m.name.rstrip("/") for m in tar.getmembers())
                self.assertEqual(tar.extractfile("t2").read(), b"t2\n")
            for name in ("data/sub/k", "opt/new", "t1", "t2", "bin/sh", "etc/passwd"):
                self.assertIn(name, names)
            for gone in ("data/a", "opt/old", "bin/vi"):
                self.assertNotIn(gone, names)
            ours = os.path.join(tmp, "c1.tar")
            d.cli("export", "-o", ours, "exp-c1")
            with tarfile.open(ours) as tar:
                self.assertEqual(tar.extractfile("data/a").read(), b"a\n")
        status, headers, body = d.api("GET", "/containers/exp-c1/export")
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("Content-Type"), "application/x-tar")
        with tarfile.open(fileobj=io.BytesIO(body)) as tar:
            self.assertEqual(tar.extractfile("opt/old/o1").read(), b"o\n")
        status, _, _ = d.api("GET", "/containers/nosuch/export")
        self.assertEqual(status, 404)

    def test_save_rmi_load_round_trip(self):
        d = self.daemon
        id1, id2 = self.commit_chain("trip")
        d.cli("rm", "trip-c1", "trip-c2")
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "trip.tar")
            d.docker("save", "-o", path, "trip:2", "trip:1")
            with tarfile.open(path) as tar:
                names = set(tar.getnames())
                manifest = json.loads(tar.extractfile("manifest.json").read())
                index = json.loads(tar.extractfile("index.json").read())
                for m in manifest:
                    for layer in m["Layers"]:
                        data = tar.extractfile(layer).read()
                        self.assertEqual("sha256:" + hashlib.sha256(data).hexdigest(),
                                         "sha256:" + layer.split("/")[-1])
            self.assertIn("oci-layout", names)
            self.assertIn("repositories", names)
            self.assertIn("blobs/sha256/" + id2[7:], names)
            self.assertEqual(sorted(m["RepoTags"][0] for m in manifest), ["trip:1", "trip:2"])
            self.assertEqual(len(index["manifests"]), 2)
            d.docker("rmi", "trip:2", "trip:1")
            self.assertNotIn("trip", d.cli("images").stdout)
            out = d.docker("load", "-i", path).stdout
            self.assertIn("Loaded image: trip:2", out)
            self.assertIn("Loaded image: trip:1", out)
            self.assertEqual(json.loads(d.cli("inspect", "trip:2").stdout)[0]["Id"], id2)
            self.assertEqual(json.loads(d.cli("inspect", "trip:1").stdout)[0]["Id"], id1)
            self.check_chain_files("trip:2")
            # Our CLI, by ID: untagged in the archive, "Loaded image ID" on the way back.
            d.cli("save", "-o", path, id2)
            d.cli("rmi", "trip:2")
            out = d.cli("load", "-i", path).stdout
            self.assertEqual(out, "Loaded image ID: %s\n" % id2)
            with open(path, "rb") as f:
                status, headers, body = d.api("POST", "/images/load?quiet=1", f.read())
            self.assertEqual(headers.get("Content-Type"), "application/json")
            self.assertEqual(json.loads(body.splitlines()[0]),
                             {"stream": "Loaded image ID: %s\n" % id2})
            # Loading a tag that names another image moves it, as docker says.
            d.cli("save", "-o", path, "trip:1")
            d.cli("tag", "busybox", "trip:1")
            out = d.cli("load", "-q", "-i", path).stdout
            self.assertIn("The image trip:1 already exists, renaming the old one with ID", out)
            self.assertEqual(json.loads(d.cli("inspect", "trip:1").stdout)[0]["Id"], id1)

    def test_sdk_save_load_and_gzip(self):
        client = self.daemon.sdk()
        try:
            image = client.images.get("busybox")
            data = b"".join(image.save(named=True))
            client.images.remove("busybox:latest", force=True)
            loaded = client.images.load(data)
            self.assertEqual([i.id for i in loaded], [image.id])
            self.assertIn("busybox:latest", client.images.get(image.id).tags)
            import gzip
            loaded = client.images.load(gzip.compress(data, 1))
            self.assertEqual(loaded[0].id, image.id)
        finally:
            client.close()

    def test_oci_layout_only_loads(self):
        """The OCI half of a save archive (index.json, no manifest.json) loads alone."""
        status, _, data = self.daemon.api("GET", "/images/get?names=busybox")
        self.assertEqual(status, 200)
        src = tarfile.open(fileobj=io.BytesIO(data))
        members = [(m, src.extractfile(m).read() if m.isfile() else None)
                   for m in src.getmembers() if m.name not in ("manifest.json", "repositories")]
        self.daemon.cli("tag", "busybox", "keepbase:1")
        self.daemon.cli("rmi", "busybox")
        status, _, body = self.daemon.api("POST", "/images/load", tar_bytes(members))
        self.assertEqual(status, 200, body)
        self.assertIn(b"Loaded image: busybox:latest", body)

    def layer_count(self):
        return len(os.listdir(os.path.join(self.daemon.data_root, "layers")))

    def test_hostile_archives_are_refused_and_leave_nothing(self):
        good = tar_bytes([(file_info("ok"), b"fine")])
        cases = {
            "outer dotdot": docker_save_archive(
                [good], outer_extra=[(file_info("../../escape-outer"), b"x")]),
            "outer absolute": docker_save_archive(
                [good], outer_extra=[(file_info("/tmp/escape-abs"), b"x")]),
            "outer symlink": tar_bytes([(link_info("manifest.json", "/etc/passwd"), None)]),
            "outer hardlink": tar_bytes([(link_info("manifest.json", "../../etc/passwd",
                                                    tarfile.LNKTYPE), None)]),
            "layer dotdot": docker_save_archive(
                [good, tar_bytes([(file_info("../../../../tmp/escape-layer"), b"x")])]),
            "layer hardlink": docker_save_archive(
                [good, tar_bytes([(link_info("stolen", "../../../etc/hostname",
                                             tarfile.LNKTYPE), None)])]),
            "layer symlink": docker_save_archive(
                [good, tar_bytes([(link_info("up", "../../../../etc"), None)])]),
            "wrong diff id": docker_save_archive([good]).replace(b"fine", b"evil"),
        }
        before_layers = self.layer_count()
        before_images = self.daemon.cli("images", "-q").stdout
        for name, archive in cases.items():
            with self.subTest(name):
                status, body = self.daemon.api_json("POST", "/images/load", archive)
                self.assertEqual(status, 400, body)
                self.assertTrue(body["message"].startswith("invalid"), body)
                self.assertEqual(self.layer_count(), before_layers)
                self.assertEqual(self.daemon.cli("images", "-q").stdout, before_images)
        for leak in ("/tmp/escape-outer", "/tmp/escape-abs", "/tmp/escape-layer"):
            self.assertFalse(os.path.exists(leak))
        res = self.daemon.docker("load", "-i", "/dev/null", check=False)
        self.assertNotEqual(res.returncode, 0)

    def test_image_with_120_layers_runs(self):
        """Too many layers for absolute lowerdir paths in one page of mount options: the
        mount uses the short l/ links. Bottom, middle (whited out) and top layers all count."""
        with open(rootfs.busybox_rootfs_tar(), "rb") as f:
            layers = [f.read()]
        for i in range(1, 119):
            layers.append(tar_bytes([(file_info("l/%03d" % i), b"%d\n" % i)]))
        layers.append(tar_bytes([(file_info("top"), b"top\n"), (file_info("l/.wh.050"), b"")]))
        self.assertEqual(len(layers), 120)
        status, body = self.daemon.api_json("POST", "/images/load",
                                            docker_save_archive(layers, "many:120"))
        self.assertEqual(status, 200, body)
        script = "cat /l/001 /l/118 /top; ls /l | wc -l; ls /l/050 2>/dev/null || echo gone"
        out = self.run_out("many:120", script)
        self.assertEqual(out.split(), ["1", "118", "top", "117", "gone"])
        # A commit on top of it (121 layers) runs too, and exports all of them merged.
        self.daemon.cli("run", "--name", "many-c", "many:120", "sh", "-c", "rm /l/001; echo 121 > /121")
        self.daemon.cli("commit", "many-c", "many:121")
        out = self.run_out("many:121", "cat /121 /l/118; ls /l | wc -l")
        self.assertEqual(out.split(), ["121", "118", "116"])
        status, _, body = self.daemon.api("GET", "/containers/many-c/export")
        with tarfile.open(fileobj=io.BytesIO(body)) as tar:
            names = tar.getnames()
        self.assertIn("l/118", names)
        self.assertIn("121", names)
        self.assertNotIn("l/001", names)
        self.assertNotIn("l/050", names)
        history = json.loads(self.daemon.docker("history", "--format", "{{json .}}", "many:121",
                                                "--no-trunc").stdout.splitlines()[0])
        self.assertIn("rm /l/001", history["CreatedBy"])

    def test_archives_larger_than_the_body_limit_load(self):
        """/images/load and /images/create bodies go to a temp file, not the 64 MiB buffer."""
        big = os.urandom(80 << 20)
        layer = tar_bytes([(file_info("big.bin"), big)])
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "big.tar")
            with open(path, "wb") as f:
                f.write(docker_save_archive([layer], "big:1"))
            out = self.daemon.docker("load", "-i", path, timeout=300).stdout  # chunked
            self.assertIn("Loaded image: big:1", out)
            with open(path, "rb") as f:  # Content-Length
                status, body = self.daemon.api_json("POST", "/images/load", f.read(),
                                                    timeout=300)
            self.assertEqual(status, 200, body)
            out = self.daemon.docker("import", os.path.join(tmp, "big.tar"), "bigimport:1",
                                     timeout=300).stdout
            self.assertTrue(out.strip().startswith("sha256:"), out)
        self.assertEqual(os.listdir(os.path.join(self.daemon.data_root, "tmp")), [])
        self.daemon.cli("rmi", "big:1", "bigimport:1")

    def test_image_prune(self):
        d = self.daemon
        d.cli("run", "--name", "prune-c", "busybox", "sh", "-c", "echo p > /p")
        dangling = d.cli("commit", "prune-c").stdout.strip()
        tagged = d.cli("commit", "prune-c", "prunable:1").stdout.strip()
        d.cli("rm", "prune-c")
        out = d.cli("image", "prune", "-f").stdout
        self.assertIn("deleted: " + dangling, out)
        self.assertIn("Total reclaimed space:", out)
        self.assertNotIn(tagged, out)
        status, report = d.api_json("POST", "/images/prune")
        self.assertEqual(report, {"ImagesDeleted": None, "SpaceReclaimed": 0})
        # label filters pick among unused images.
        d.cli("run", "--name", "prune-l", "busybox", "true")
        keep = d.cli("commit", "-c", "LABEL keep=yes", "prune-l").stdout.strip()
        drop = d.cli("commit", "-c", "LABEL keep=no", "prune-l").stdout.strip()
        d.cli("rm", "prune-l")
        filters = quote(json.dumps({"label": ["keep=no"]}))
        status, report = d.api_json("POST", "/images/prune?filters=" + filters)
        self.assertEqual(report["ImagesDeleted"], [{"Deleted": drop}])
        filters = quote(json.dumps({"label!": ["keep=no"], "until": ["1h"]}))
        status, report = d.api_json("POST", "/images/prune?filters=" + filters)
        self.assertIsNone(report["ImagesDeleted"])  # keep is newer than an hour ago
        d.cli("rmi", keep)
        # -a: every image no container uses; busybox stays while a container uses it.
        d.cli("create", "--name", "prune-keep", "busybox", "true")
        status, report = d.api_json(
            "POST", "/images/prune?filters=" + quote(json.dumps({"dangling": ["false"]})))
        self.assertEqual(status, 200)
        self.assertIn({"Untagged": "prunable:1"}, report["ImagesDeleted"])
        self.assertIn({"Deleted": tagged}, report["ImagesDeleted"])
        self.assertGreater(report["SpaceReclaimed"], 0)
        self.assertIn("busybox", d.cli("images").stdout)
        d.cli("rm", "prune-keep")
        status, body = d.api_json("POST", "/images/prune?filters=" + quote(json.dumps({"bad": ["x"]})))
        self.assertEqual(status, 400)


DOCKERD = "/usr/sbin/dockerd"


class RealDockerd:
    """A private Debian dockerd (20.10) with its own roots, socket and managed containerd; no
    networking. Used to trade archives with real Docker."""

    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="mdt-refd-")
        self.cgroup_parent = "mydocker-refd-" + os.path.basename(self.root)[-8:]
        self.sock = os.path.join(self.root, "docker.sock")
        self.config_dir = os.path.join(self.root, "cli")
        os.makedirs(self.config_dir)
        config = os.path.join(self.root, "daemon.json")
        with open(config, "w") as f:
            f.write("{}")
        self.log = open(os.path.join(self.root, "dockerd.log"), "wb")
        self.proc = subprocess.Popen(
            [DOCKERD, "--host", "unix://" + self.sock, "--data-root", self.root + "/data",
             "--exec-root", self.root + "/exec", "--pidfile", self.root + "/docker.pid",
             "--config-file", config, "--bridge=none", "--iptables=false", "--ip-masq=false",
             "--ip-forward=false", "--storage-driver=overlay2",
             "--cgroup-parent", self.cgroup_parent],
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_until(lambda: self.docker("version", check=False).returncode == 0, timeout=60,
                   message="dockerd to answer")

    def docker(self, *args, check=True, timeout=120):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKER_")}
        env["DOCKER_HOST"] = "unix://" + self.sock
        env["DOCKER_CONFIG"] = self.config_dir
        res = subprocess.run([DOCKER_CLI] + list(args), capture_output=True, text=True, env=env,
                             timeout=timeout)
        if check and res.returncode != 0:
            raise AssertionError("real docker %s: %s" % (args, res.stderr))
        return res

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        unmount_under(self.root)
        cleanup_cgroups(self.cgroup_parent)
        subprocess.run(["rm", "-rf", self.root], check=False)


@unittest.skipUnless(os.path.exists(DOCKERD) and os.path.exists(DOCKER_CLI),
                     "needs Debian's dockerd and the docker CLI")
class RealDockerArchivesTest(DaemonTestCase):
    """Archives made by real Docker load here with the same IDs and files, and ours load there."""

    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.real = RealDockerd()
        cls.addClassCleanup(cls.real.close)

    def test_archives_cross_both_ways(self):
        d, real = self.daemon, self.real
        with tempfile.TemporaryDirectory() as tmp:
            base = os.path.join(tmp, "base.tar")
            d.cli("save", "-o", base, "busybox")
            real.docker("load", "-i", base)
            self.assertEqual(real.docker("inspect", "-f", "{{.Id}}", "busybox").stdout.strip(),
                             json.loads(d.cli("inspect", "busybox").stdout)[0]["Id"])
            # A chain with deletions and an opaque dir, made by real Docker.
            real.docker("run", "--network", "none", "--name", "r1", "busybox", "sh", "-c",
                        "mkdir -p /data/sub /opt/old && echo a > /data/a && echo k > "
                        "/data/sub/k && echo o > /opt/old/o1 && echo t1 > /t1 && "
                        "ln /t1 /t1link && ln -s /t1 /t1sym")
            real.docker("commit", "r1", "real:1")
            real.docker("run", "--network", "none", "--name", "r2", "real:1", "sh", "-c",
                        "rm /data/a && rm -rf /opt && mkdir /opt && echo n > /opt/new && "
                        "echo t2 > /t2 && rm /bin/vi")
            real.docker("commit", "-c", "ENV STEP=2", "r2", "real:2")
            real_id = real.docker("inspect", "-f", "{{.Id}}", "real:2").stdout.strip()
            made_by_docker = os.path.join(tmp, "real.tar")
            real.docker("save", "-o", made_by_docker, "real:2")
            self.assertIn("Loaded image: real:2", d.cli("load", "-i", made_by_docker).stdout)
            self.assertEqual(json.loads(d.cli("inspect", "real:2").stdout)[0]["Id"], real_id)
            out = d.cli("run", "--rm", "real:2", "sh", "-c", ArchivesTest.LISTING).stdout
            self.assertTrue(out.startswith(ArchivesTest.EXPECTED), out)
            # Ours, the other way.
            ArchivesTest.commit_chain(self, "ours")
            ours_id = json.loads(d.cli("inspect", "ours:2").stdout)[0]["Id"]
            made_by_us = os.path.join(tmp, "ours.tar")
            d.cli("save", "-o", made_by_us, "ours:2")
            self.assertIn("Loaded image: ours:2", real.docker("load", "-i", made_by_us).stdout)
            self.assertEqual(real.docker("inspect", "-f", "{{.Id}}", "ours:2").stdout.strip(),
                             ours_id)
            out = real.docker("run", "--rm", "--network", "none", "ours:2", "sh", "-c",
                              ArchivesTest.LISTING).stdout
            self.assertTrue(out.startswith(ArchivesTest.EXPECTED), out)
            self.assertEqual(real.docker("run", "--rm", "--network", "none", "ours:2", "cat",
                                         "/t1link", "/t2").stdout, "t1\nt2\n")
