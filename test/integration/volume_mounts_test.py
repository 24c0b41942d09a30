"""Issue 12, mounts into containers: host binds (-v and --mount), read-only enforced by the
kernel (submounts too), --mount bind|volume|tmpfs with Docker's 400 texts, anonymous volumes
(-v /path, the image's VOLUMEs) and rm -v / --rm, copy-up of image content into a new
volume, --volumes-from, Mounts in inspect and list. Docker CLI, Python SDK and `mydocker`.
Confinement: bind targets through an image's symlinks land inside the container root, and
no mount is left on the host once the containers are gone."""

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import unittest
import urllib.parse

import rootfs
from testdaemon import BUSYBOX_PATH_ENV, DaemonTestCase

IMAGE = "mounts-image"


def _member(name, kind, mode=0o755, uid=0, gid=0, linkname="", data=b""):
    info = tarfile.TarInfo(name)
    info.type, info.mode, info.uid, info.gid = kind, mode, uid, gid
    info.linkname, info.size, info.mtime = linkname, len(data), 946684800
    return info, (io.BytesIO(data) if data else None)


def image_tar(path):
    """busybox plus /data (owned 1000, with a file, a symlink and a private subdirectory)
    and a hostile symlink /etc-link -> /etc (a layer may not hold ../../..: a container
    plants that one itself)."""
    extra = [
        _member("data", tarfile.DIRTYPE, 0o750, 1000, 1000),
        _member("data/hello", tarfile.REGTYPE, 0o640, 1000, 1000, data=b"from the image\n"),
        _member("data/link", tarfile.SYMTYPE, 0o777, 1000, 1000, linkname="hello"),
        _member("data/sub", tarfile.DIRTYPE, 0o700, 1000, 1000),
        _member("data/sub/deep", tarfile.REGTYPE, 0o600, 1000, 1000, data=b"deep\n"),
        _member("data/pipe", tarfile.FIFOTYPE, 0o644, 1000, 1000),
        _member("etc-link", tarfile.SYMTYPE, 0o777, linkname="/etc"),
    ]
    with tarfile.open(rootfs.busybox_rootfs_tar()) as src, tarfile.open(path, "w") as out:
        for member in src.getmembers():
            out.addfile(member, src.extractfile(member) if member.isfile() else None)
        for info, data in extra:
            out.addfile(info, data)
    return path


class VolumeMountsTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp(prefix="mydocker-mounts-")
        cls.addClassCleanup(shutil.rmtree, cls.tmp, True)
        query = urllib.parse.urlencode([
            ("fromSrc", "-"), ("repo", IMAGE), ("tag", "latest"),
            ("changes", "ENV " + BUSYBOX_PATH_ENV), ("changes", "VOLUME /data")])
        with open(image_tar(os.path.join(cls.tmp, "image.tar")), "rb") as f:
            status, _, body = cls.daemon.api("POST", "/images/create?" + query, f.read(),
                                             {"Content-Type": "application/x-tar"})
        assert status == 200 and b"error" not in body, body

    def host_dir(self, name):
        path = os.path.join(self.tmp, name)
        os.makedirs(path, exist_ok=True)
        return path

    def run_docker(self, *args, check=True):
        return self.daemon.docker("run", "--rm", *args, check=check)

    def volume_names(self):
        status, body = self.daemon.api_json("GET", "/volumes")
        self.assertEqual(status, 200)
        return {v["Name"] for v in body["Volumes"]}

    def remove_volumes_later(self, *names):
        for name in names:
            self.addCleanup(self.daemon.api, "DELETE", "/volumes/%s?force=1" % name)

    def remove_container_later(self, cid):
        self.addCleanup(self.daemon.api, "DELETE", "/containers/%s?force=1&v=1" % cid)

    def assert_no_host_mounts(self):
        with open("/proc/self/mountinfo") as f:
            text = f.read()
        self.assertNotIn(self.daemon.root, text)

    # ---- host binds --------------------------------------------------------------------
    def test_bind_read_write_and_missing_host_dir_made(self):
        host = self.host_dir("rw")
        self.run_docker("-v", host + ":/h", "busybox", "sh", "-c", "echo hi > /h/f")
        with open(os.path.join(host, "f")) as f:
            self.assertEqual(f.read(), "hi\n")
        missing = os.path.join(self.tmp, "made", "by", "v")
        out = self.run_docker("-v", missing + ":/m:rw", "busybox", "ls", "-a", "/m").stdout
        self.assertEqual(out.split(), [".", ".."])
        self.assertTrue(os.path.isdir(missing))
        self.assert_no_host_mounts()

    def test_read_only_bind_refuses_writes_also_in_submounts(self):
        host = self.host_dir("ro")
        sub = self.host_dir("ro/sub")
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", sub], check=True)
        self.addCleanup(subprocess.run, ["umount", "-l", sub])
        script = ("touch /h/top; echo top=$?; touch /h/sub/inner; echo sub=$?; "
                  "grep ' /h' /proc/self/mounts | cut -d' ' -f2,4 | cut -d, -f1")
        res = self.run_docker("-v", host + ":/h:ro", "busybox", "sh", "-c", script)
        self.assertIn("top=1", res.stdout)
        self.assertIn("sub=1", res.stdout)
        self.assertIn("Read-only file system", res.stderr)
        self.assertIn("/h ro", res.stdout)
        self.assertIn("/h/sub ro", res.stdout)
        self.assertEqual(os.listdir(sub), [])
        res = self.run_docker("--mount", "type=bind,src=%s,dst=/h,readonly" % host, "busybox",
                              "sh", "-c", "touch /h/sub/inner; echo sub=$?")
        self.assertIn("sub=1", res.stdout)

    def test_bind_target_through_hostile_symlinks_stays_in_the_root(self):
        host = self.host_dir("confined")
        with open(os.path.join(host, "marker"), "w") as f:
            f.write("marker\n")
        name = "mydocker-confined-%d" % os.getpid()
        out = self.run_docker("-v", host + ":/etc-link/" + name, IMAGE, "cat",
                              "/etc/%s/marker" % name).stdout
        self.assertEqual(out, "marker\n")
        # The container replaces the mount point's parent with ../../.. and is started again.
        script = ("if [ -L /escape ]; then cat /tmp/%s/marker; "
                  "else mv /escape /old && ln -s ../../.. /escape; fi" % name)
        cid = self.daemon.docker("create", "-v", host + ":/escape/tmp/" + name, IMAGE, "sh",
                                 "-c", script).stdout.strip()
        self.remove_container_later(cid)
        self.assertEqual(self.daemon.docker("start", "-a", cid).stdout, "")
        self.assertEqual(self.daemon.docker("start", "-a", cid).stdout, "marker\n")
        self.assertFalse(os.path.exists("/etc/" + name))
        self.assertFalse(os.path.exists("/tmp/" + name))
        self.daemon.docker("rm", cid)
        self.assert_no_host_mounts()

    def host_tmpfs(self, name, propagation):
        path = self.host_dir(name)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", path], check=True)
        self.addCleanup(subprocess.run, ["umount", "-R", "-l", path])
        subprocess.run(["mount", "--make-" + propagation, path], check=True)
        return path

    def test_bind_propagation_rslave_sees_later_host_mounts(self):
        shared = self.host_tmpfs("prop-shared", "shared")
        script = ("for i in $(seq 200); do if [ -f /p/sub/file ]; then cat /p/sub/file; "
                  "exit 0; fi; sleep 0.05; done; exit 1")
        cid = self.daemon.docker("run", "-d", "--mount",
                                 "type=bind,src=%s,dst=/p,bind-propagation=rslave" % shared,
                                 "busybox", "sh", "-c", script).stdout.strip()
        self.remove_container_later(cid)
        os.mkdir(os.path.join(shared, "sub"))
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
                        os.path.join(shared, "sub")], check=True)
        with open(os.path.join(shared, "sub", "file"), "w") as f:
            f.write("from the host\n")
        self.assertEqual(self.daemon.docker("wait", cid).stdout.strip(), "0")
        self.assertEqual(self.daemon.docker("logs", cid).stdout, "from the host\n")
        private = self.host_tmpfs("prop-private", "private")
        res = self.run_docker("-v", private + ":/p:rslave", "busybox", "true", check=False)
        self.assertEqual(res.returncode, 125)
        self.assertIn("path %s is mounted on %s but it is not a shared or slave mount"
                      % (private, private), res.stderr)
        self.daemon.docker("rm", cid)
        self.assert_no_host_mounts()

    # ---- --mount -----------------------------------------------------------------------
    def test_mount_errors_are_dockers(self):
        res = self.run_docker("--mount", "type=bind,src=/nonexistent/q,dst=/x", "busybox",
                              "true", check=False)
        self.assertEqual(res.returncode, 125)
        self.assertIn('invalid mount config for type "bind": bind source path does not exist: '
                      '/nonexistent/q', res.stderr)
        ours = self.daemon.cli("run", "--rm", "--mount", "type=bind,src=/nonexistent/q,dst=/x",
                               "busybox", "true", check=False)
        self.assertEqual(ours.returncode, 125)
        self.assertIn("bind source path does not exist: /nonexistent/q", ours.stderr)
        cases = [
            ({"Binds": ["/tmp:/x", "v1:/x"]}, "Duplicate mount point: /x"),
            ({"Binds": ["/tmp:relative"]},
             "invalid volume specification: '/tmp:relative': invalid mount config for type "
             "\"bind\": invalid mount path: 'relative' mount path must be absolute"),
            ({"Binds": ["/tmp:/x:bogus"]}, "invalid mode: bogus"),
            ({"Mounts": [{"Type": "tmpfs", "Source": "/tmp", "Target": "/x"}]},
             "invalid mount config for type \"tmpfs\": field Source must not be specified"),
            ({"Mounts": [{"Type": "bind", "Source": "/tmp", "Target": "x"}]},
             "invalid mount config for type \"bind\": invalid mount path: 'x' mount path must "
             "be absolute"),
            ({"Tmpfs": {"/x": ""}, "Binds": ["/tmp:/x"]}, "Duplicate mount point: /x"),
        ]
        for host_config, message in cases:
            status, body = self.daemon.api_json(
                "POST", "/containers/create", {"Image": "busybox", "HostConfig": host_config})
            self.assertEqual((status, body["message"]), (400, message), host_config)
        status, body = self.daemon.api_json(
            "POST", "/containers/create",
            {"Image": "busybox", "HostConfig": {"VolumesFrom": ["nope"]}})
        self.assertEqual((status, body["message"]), (404, "No such container: nope"))
        self.assertNotIn("v1", self.volume_names())

    def test_mount_types_and_inspect_as_docker_shows_them(self):
        host = self.host_dir("inspect")
        self.remove_volumes_later("mv1", "nv1")
        cid = self.daemon.docker(
            "create", "-v", host + ":/b:ro", "-v", "nv1:/n", "--mount",
            "type=bind,src=%s,dst=/m,bind-propagation=rslave" % host, "--mount",
            "type=volume,src=mv1,dst=/mv,volume-nocopy", "--mount", "type=volume,dst=/mva",
            "--mount", "type=tmpfs,dst=/t,tmpfs-size=1m", "busybox", "true").stdout.strip()
        self.remove_container_later(cid)
        mounts = json.loads(self.daemon.docker("inspect", "-f", "{{json .Mounts}}", cid).stdout)
        by_dest = {m["Destination"]: m for m in mounts}
        data = os.path.join(self.daemon.data_root, "volumes")
        self.assertEqual(by_dest["/b"], {"Type": "bind", "Source": host, "Destination": "/b",
                                         "Mode": "ro", "RW": False, "Propagation": "rprivate"})
        self.assertEqual(by_dest["/m"]["Propagation"], "rslave")
        self.assertEqual(by_dest["/n"], {"Type": "volume", "Name": "nv1",
                                         "Source": data + "/nv1/_data", "Destination": "/n",
                                         "Driver": "local", "Mode": "z", "RW": True,
                                         "Propagation": ""})
        self.assertEqual(by_dest["/mv"]["Name"], "mv1")
        anon = by_dest["/mva"]["Name"]
        self.assertRegex(anon, "^[0-9a-f]{64}$")
        self.assertEqual(by_dest["/t"], {"Type": "tmpfs", "Source": "", "Destination": "/t",
                                         "Mode": "", "RW": True, "Propagation": ""})
        self.assertEqual(sorted(by_dest), ["/b", "/m", "/mv", "/mva", "/n", "/t"])
        listed = self.daemon.docker("ps", "-a", "--no-trunc", "--filter", "id=" + cid,
                                    "--format", "{{.Mounts}}").stdout.strip().split(",")
        self.assertIn("nv1", listed)
        self.assertIn(anon, listed)
        args = ["ps", "-a", "--filter", "id=" + cid, "--format", "{{.Mounts}}"]
        self.assertEqual(self.daemon.cli(*args).stdout, self.daemon.docker(*args).stdout)
        self.daemon.docker("rm", "-v", cid)
        names = self.volume_names()
        self.assertNotIn(anon, names)
        self.assertTrue({"nv1", "mv1"} <= names)

    def test_volume_opt_makes_a_device_volume_unmounted_after_removal(self):
        out = self.run_docker("--mount", "type=volume,dst=/x,volume-opt=type=tmpfs,"
                              "volume-opt=device=tmpfs,volume-opt=o=size=2m", "busybox", "sh",
                              "-c", "grep ' /x ' /proc/self/mounts").stdout
        self.assertIn("tmpfs /x tmpfs", out)
        self.assertIn("size=2048k", out)
        self.assert_no_host_mounts()

    def test_tmpfs_mount_has_the_asked_size_and_mode(self):
        out = self.run_docker("--mount", "type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1770",
                              "busybox", "sh", "-c",
                              "grep ' /t ' /proc/self/mounts; stat -c %a /t").stdout
        self.assertIn("tmpfs /t tmpfs", out)
        self.assertIn("size=1024k", out)
        self.assertIn("nosuid,nodev,noexec", out)
        self.assertTrue(out.strip().endswith("1770"), out)

    # ---- anonymous volumes, copy-up ------------------------------------------------------
    def test_anonymous_volumes_go_with_rm_v_and_run_rm(self):
        self.remove_volumes_later("keep1")
        cid = self.daemon.docker("create", "-v", "/anon", "-v", "keep1:/k", IMAGE,
                                 "true").stdout.strip()
        self.remove_container_later(cid)
        mounts = json.loads(self.daemon.docker("inspect", "-f", "{{json .Mounts}}", cid).stdout)
        anon = sorted(m["Name"] for m in mounts if m["Name"] != "keep1")
        self.assertEqual(len(anon), 2)  # -v /anon and the image's VOLUME /data
        for m in mounts:
            if m["Name"] in anon:
                self.assertEqual(m["Mode"], "")
        self.daemon.restart()  # the anonymous names and references come back from the record
        status, body = self.daemon.api_json("DELETE", "/volumes/" + anon[0])
        self.assertEqual(status, 409, body)
        again = json.loads(self.daemon.docker("inspect", "-f", "{{json .Mounts}}", cid).stdout)
        self.assertEqual(sorted(m["Name"] for m in again), sorted(m["Name"] for m in mounts))
        self.daemon.docker("rm", cid)  # without -v the anonymous volumes stay
        self.assertTrue(set(anon) <= self.volume_names())
        self.remove_volumes_later(*anon)
        before = self.volume_names()
        self.run_docker("-v", "/anon", "-v", "keep1:/k", IMAGE, "true")
        self.assertEqual(self.volume_names(), before)  # --rm removed its anonymous volumes
        cid = self.daemon.cli("create", "-v", "/x", "busybox", "true").stdout.strip()
        name = json.loads(self.daemon.cli("inspect", cid).stdout)[0]["Mounts"][0]["Name"]
        self.daemon.cli("rm", "-v", cid)
        self.assertNotIn(name, self.volume_names())

    def volume_listing(self, name):
        path = os.path.join(self.daemon.data_root, "volumes", name, "_data")
        out = {}
        for base, dirs, files in os.walk(path):
            for entry in dirs + files:
                full = os.path.join(base, entry)
                st = os.lstat(full)
                out[os.path.relpath(full, path)] = (st.st_uid, st.st_gid, oct(st.st_mode))
        top = os.stat(path)
        return out, (top.st_uid, top.st_gid, oct(top.st_mode)), path

    def test_copy_up_fills_a_new_volume_once_unless_nocopy(self):
        self.remove_volumes_later("cu1", "cu2")
        out = self.run_docker("-v", "cu1:/data", IMAGE, "cat", "/data/link").stdout
        self.assertEqual(out, "from the image\n")
        listing, top, path = self.volume_listing("cu1")
        self.assertEqual(listing, {"hello": (1000, 1000, "0o100640"),
                                   "link": (1000, 1000, "0o120777"),
                                   "pipe": (1000, 1000, "0o10644"),
                                   "sub": (1000, 1000, "0o40700"),
                                   "sub/deep": (1000, 1000, "0o100600")})
        self.assertEqual(os.readlink(os.path.join(path, "link")), "hello")
        self.assertEqual(top, (1000, 1000, "0o40750"))
        # Not empty any more: the image's content is not copied again.
        self.run_docker("-v", "cu1:/data", IMAGE, "rm", "/data/hello")
        out = self.run_docker("-v", "cu1:/data", IMAGE, "ls", "/data").stdout
        self.assertEqual(out.split(), ["link", "pipe", "sub"])
        out = self.run_docker("--mount", "type=volume,src=cu2,dst=/data,volume-nocopy", IMAGE,
                              "ls", "-A", "/data").stdout
        self.assertEqual(out, "")
        # The image's own VOLUME gets an anonymous volume filled the same way.
        out = self.run_docker(IMAGE, "cat", "/data/sub/deep").stdout
        self.assertEqual(out, "deep\n")

    # ---- volumes-from, SDK, our CLI ------------------------------------------------------
    def test_volumes_from_shares_mounts(self):
        self.remove_volumes_later("vf1")
        host = self.host_dir("from")
        src = self.daemon.docker("create", "--name", "vf-source", "-v", "vf1:/shared", "-v",
                                 host + ":/h", "busybox", "true").stdout.strip()
        self.remove_container_later(src)
        self.run_docker("--volumes-from", "vf-source", "busybox", "sh", "-c",
                        "echo one > /shared/f; echo two > /h/g")
        out = self.run_docker("--volumes-from", "vf-source:ro", "busybox", "sh", "-c",
                              "cat /shared/f /h/g; touch /shared/x; echo rc=$?").stdout
        self.assertEqual(out.split(), ["one", "two", "rc=1"])
        ours = self.daemon.cli("run", "--rm", "--volumes-from", "vf-source", "busybox", "cat",
                               "/shared/f").stdout
        self.assertEqual(ours, "one\n")
        reader = self.daemon.docker("create", "--volumes-from", "vf-source:ro", "busybox",
                                    "true").stdout.strip()
        self.remove_container_later(reader)
        mounts = json.loads(self.daemon.docker("inspect", "-f", "{{json .Mounts}}",
                                               reader).stdout)
        self.assertEqual(sorted((m["Destination"], m["Mode"], m["RW"], m["Propagation"])
                                for m in mounts),
                         [("/h", "", False, "rprivate"), ("/shared", "", False, "")])
        self.daemon.docker("rm", "-v", reader)  # not its volumes: vf1 stays
        self.assertIn("vf1", self.volume_names())
        status, body = self.daemon.api_json("DELETE", "/volumes/vf1")
        self.assertEqual(status, 409, body)

    def test_sdk_binds_and_mounts(self):
        import docker
        host = self.host_dir("sdk")
        client = self.daemon.sdk()
        self.remove_volumes_later("sdk1")
        out = client.containers.run(
            "busybox", ["sh", "-c", "echo x > /v/f; cat /v/f; touch /h/f; echo rc=$?"],
            volumes={host: {"bind": "/h", "mode": "ro"}},
            mounts=[docker.types.Mount("/v", "sdk1", type="volume")], remove=True)
        self.assertEqual(out.decode().split(), ["x", "rc=1"])
        self.assertEqual(os.listdir(host), [])
        c = client.containers.create("busybox", "true",
                                     mounts=[docker.types.Mount("/t", None, type="tmpfs")])
        self.addCleanup(c.remove, force=True)
        self.assertEqual([m["Type"] for m in c.attrs["Mounts"]], ["tmpfs"])

    def test_our_cli_mount_flag(self):
        host = self.host_dir("cli")
        out = self.daemon.cli("run", "--rm", "--mount",
                              "type=bind,source=%s,target=/c" % host, "--tmpfs", "/scratch",
                              "busybox", "sh", "-c",
                              "echo ok > /c/f && grep -c ' /scratch ' /proc/self/mounts").stdout
        self.assertEqual(out, "1\n")
        with open(os.path.join(host, "f")) as f:
            self.assertEqual(f.read(), "ok\n")
        res = self.daemon.cli("run", "--rm", "--mount", "type=bind,dst=/x,volume-nocopy",
                              "busybox", "true", check=False)
        self.assertEqual(res.returncode, 125)
        self.assertTrue(res.stderr.startswith(
            "invalid argument \"type=bind,dst=/x,volume-nocopy\" for \"--mount\" flag: "
            "cannot mix 'volume-*' options with mount type 'bind'\n"), res.stderr)


if __name__ == "__main__":
    unittest.main()
