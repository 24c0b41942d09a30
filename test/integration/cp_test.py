"""Issue 12, docker cp: GET/HEAD/PUT /containers/{id}/archive through the docker CLI, the SDK
and `mydocker cp`, on running and stopped containers and through a named volume. Hostile
symlinks planted in a container (to /etc, ../../.., absolute) stay inside the container root
and the named destination in both directions; the host's files are checked by content."""

import base64
import hashlib
import io
import json
import os
import shutil
import socket
import tarfile
import tempfile
import threading
import time
import unittest

from testdaemon import DaemonTestCase, wait_until

PLANT = ("mkdir -p /plant && ln -s /etc /plant/etc_abs && ln -s ../../../../../.. /plant/up && "
         "ln -s /tmp /plant/tmp_abs && ln -s ../../../../etc/passwd /plant/passwd_up")


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def tar_of(members):
    """members: (name, kind, payload) with kind "file", "dir" or "symlink"."""
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name, kind, payload in members:
            info = tarfile.TarInfo(name)
            if kind == "dir":
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            elif kind == "symlink":
                info.type, info.linkname = tarfile.SYMTYPE, payload
                tar.addfile(info)
            else:
                info.size, info.mode = len(payload), 0o644
                tar.addfile(info, io.BytesIO(payload))
    return out.getvalue()


def host_mounts():
    with open("/proc/self/mountinfo") as f:
        return f.read()


class CpTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        d = cls.daemon
        # One running and one exited container, each with the hostile links and a volume.
        d.docker("run", "-d", "--name", "cprun", "-v", "cpvol:/data", "busybox", "sh", "-c",
                 PLANT + " && touch /plant/ready && sleep 300")
        d.docker("run", "--name", "cpstop", "-v", "cpvol2:/data", "busybox", "sh", "-c", PLANT)
        wait_until(lambda: d.api("HEAD", "/containers/cprun/archive?path=/plant/ready")[0] == 200,
                   message="cprun planted its links")

    @classmethod
    def tearDownClass(cls):
        for name in ("cprun", "cpstop"):
            cls.daemon.api("DELETE", "/containers/%s?force=1" % name)
        for vol in ("cpvol", "cpvol2"):
            cls.daemon.api("DELETE", "/volumes/%s?force=1" % vol)
        super().tearDownClass()

    def tmpdir(self):
        path = tempfile.mkdtemp(prefix="cptest-")
        self.addCleanup(shutil.rmtree, path, True)
        return path

    def get_tar(self, container, path):
        status, headers, body = self.daemon.api(
            "GET", "/containers/%s/archive?path=%s" % (container, path))
        self.assertEqual(status, 200, body)
        stat = json.loads(base64.b64decode(headers.get("X-Docker-Container-Path-Stat")))
        return tarfile.open(fileobj=io.BytesIO(body)), stat

    def read_file(self, container, path):
        tar, _ = self.get_tar(container, path)
        member = tar.getmembers()[0]
        return tar.extractfile(member).read()

    def test_tree_round_trips_with_modes_owners_and_symlinks(self):
        src = self.tmpdir()
        os.makedirs(src + "/tree/sub")
        with open(src + "/tree/sub/f", "w") as f:
            f.write("content\n")
        os.chmod(src + "/tree/sub/f", 0o640)
        os.chown(src + "/tree/sub/f", 1234, 5678)
        os.chmod(src + "/tree/sub", 0o750)
        os.symlink("sub/f", src + "/tree/rel")
        os.symlink("/etc/passwd", src + "/tree/abs")
        for container in ("cprun", "cpstop"):
            self.daemon.docker("cp", src + "/tree", container + ":/copied")
            tar, stat = self.get_tar(container, "/copied")
            self.assertEqual(stat["name"], "copied")
            self.assertEqual(stat["mode"], (1 << 31) | 0o755)
            m = {i.name: i for i in tar.getmembers()}
            self.assertEqual(sorted(m), ["copied", "copied/abs", "copied/rel", "copied/sub",
                                         "copied/sub/f"])
            self.assertEqual((m["copied/sub/f"].mode, m["copied/sub/f"].uid,
                              m["copied/sub/f"].gid), (0o640, 1234, 5678))
            self.assertEqual(m["copied/sub"].mode, 0o750)
            self.assertEqual(m["copied/rel"].linkname, "sub/f")
            self.assertEqual(m["copied/abs"].linkname, "/etc/passwd")
            self.assertEqual(tar.extractfile(m["copied/sub/f"]).read(), b"content\n")
            back = self.tmpdir()
            self.daemon.docker("cp", container + ":/copied", back + "/out")
            self.assertEqual(os.readlink(back + "/out/rel"), "sub/f")
            self.assertEqual(os.stat(back + "/out/sub/f").st_mode & 0o7777, 0o640)
            with open(back + "/out/sub/f") as f:
                self.assertEqual(f.read(), "content\n")

    def test_stat_header_and_errors(self):
        status, headers, _ = self.daemon.api("HEAD", "/containers/cprun/archive?path=/bin/sh")
        self.assertEqual(status, 200)
        stat = json.loads(base64.b64decode(headers.get("X-Docker-Container-Path-Stat")))
        self.assertEqual(stat["name"], "sh")
        self.assertEqual(stat["linkTarget"], "/bin/busybox")
        self.assertEqual(stat["mode"], (1 << 27) | 0o777)
        status, _, body = self.daemon.api("GET", "/containers/cpstop/archive?path=/nope")
        self.assertEqual((status, json.loads(body)["message"]),
                         (404, "Could not find the file /nope in container cpstop"))
        status, _, body = self.daemon.api("GET", "/containers/nosuch/archive?path=/")
        self.assertEqual((status, json.loads(body)["message"]), (404, "No such container: nosuch"))
        status, _, body = self.daemon.api("PUT", "/containers/cprun/archive?path=/etc/passwd",
                                          tar_of([("x", "file", b"x")]))
        self.assertEqual((status, json.loads(body)["message"]),
                         (500, "extraction point is not a directory"))
        result = self.daemon.docker("cp", "cprun:/nope", self.tmpdir(), check=False)
        self.assertEqual(result.returncode, 1)
        self.assertIn("Could not find the file /nope in container cprun", result.stderr)

    def test_sdk_get_and_put_archive(self):
        client = self.daemon.sdk()
        container = client.containers.get("cpstop")
        self.assertTrue(container.put_archive("/tmp", tar_of([("sdk.txt", "file", b"sdk\n")])))
        stream, stat = container.get_archive("/tmp/sdk.txt")
        tar = tarfile.open(fileobj=io.BytesIO(b"".join(stream)))
        self.assertEqual(tar.extractfile("sdk.txt").read(), b"sdk\n")
        self.assertEqual((stat["name"], stat["size"]), ("sdk.txt", 4))

    def test_hostile_symlinks_out_of_the_container_stay_inside(self):
        host_passwd = sha("/etc/passwd")
        for container in ("cprun", "cpstop"):
            passwd = self.read_file(container, "/plant/etc_abs/passwd")
            self.assertIn(b"app:x:1000:1000", passwd)  # the busybox image's, not the host's
            self.assertEqual(self.read_file(container, "/plant/up/etc/passwd"), passwd)
            tar, stat = self.get_tar(container, "/plant/passwd_up")
            self.assertEqual(stat["linkTarget"], "/etc/passwd")
            out = self.tmpdir()
            self.daemon.docker("cp", "-L", container + ":/plant/passwd_up", out + "/p")
            with open(out + "/p", "rb") as f:
                self.assertEqual(f.read(), passwd)
        self.assertEqual(sha("/etc/passwd"), host_passwd)

    def test_hostile_symlinks_into_the_container_stay_inside(self):
        marker = "cp-marker-%d" % os.getpid()
        src = self.tmpdir()
        with open(src + "/" + marker, "w") as f:
            f.write("inside\n")
        for container in ("cprun", "cpstop"):
            for dest in ("/plant/etc_abs/", "/plant/up/tmp/", "/plant/tmp_abs"):
                self.daemon.docker("cp", src + "/" + marker, container + ":" + dest)
            self.assertEqual(self.read_file(container, "/etc/" + marker), b"inside\n")
            self.assertEqual(self.read_file(container, "/tmp/" + marker), b"inside\n")
            # A tar whose own symlink points out: its members land inside the destination.
            status, _, body = self.daemon.api(
                "PUT", "/containers/%s/archive?path=/tmp" % container,
                tar_of([("out", "symlink", "/"), ("out/tar-" + marker, "file", b"tar\n")]))
            self.assertEqual(status, 200, body)
            self.assertEqual(self.read_file(container, "/tmp/tar-" + marker), b"tar\n")
            status, _, body = self.daemon.api(
                "PUT", "/containers/%s/archive?path=/tmp" % container,
                tar_of([("out2", "symlink", "/etc"), ("out2/" + marker, "file", b"tar\n")]))
            self.assertEqual(status, 500, body)  # /tmp/etc is not there: dockerd fails too
            status, _, _ = self.daemon.api(
                "PUT", "/containers/%s/archive?path=/tmp" % container,
                tar_of([("esc", "symlink", "../../../.."), ("../" + marker, "file", b"x")]))
            self.assertNotEqual(status, 200)
        for host_dir in ("/etc", "/tmp", "/"):
            self.assertFalse(os.path.exists(os.path.join(host_dir, marker)), host_dir)
            self.assertFalse(os.path.exists(os.path.join(host_dir, "tar-" + marker)), host_dir)

    def test_cp_through_a_named_volume_and_no_mount_left(self):
        src = self.tmpdir()
        with open(src + "/v.txt", "w") as f:
            f.write("volume\n")
        before = host_mounts()
        self.daemon.docker("cp", src + "/v.txt", "cpstop:/data/")
        data = os.path.join(self.daemon.data_root, "volumes", "cpvol2", "_data", "v.txt")
        with open(data) as f:
            self.assertEqual(f.read(), "volume\n")
        self.daemon.docker("cp", src + "/v.txt", "cprun:/data/")
        data = os.path.join(self.daemon.data_root, "volumes", "cpvol", "_data", "v.txt")
        with open(data) as f:
            self.assertEqual(f.read(), "volume\n")
        self.assertEqual(self.read_file("cpstop", "/data/v.txt"), b"volume\n")
        self.assertEqual(host_mounts().count(self.daemon.data_root),
                         before.count(self.daemon.data_root))

    def test_archive_mode_owns_files_by_the_containers_user(self):
        self.daemon.docker("create", "--name", "cpuser", "-u", "app", "busybox")
        self.addCleanup(self.daemon.api, "DELETE", "/containers/cpuser?force=1")
        src = self.tmpdir()
        with open(src + "/owned", "w") as f:
            f.write("o\n")
        os.chown(src + "/owned", 4321, 4321)
        self.daemon.cli("cp", "-a", src + "/owned", "cpuser:/tmp/")
        self.daemon.docker("cp", src + "/owned", "cpuser:/tmp/kept")
        tar, _ = self.get_tar("cpuser", "/tmp/owned")
        self.assertEqual((tar.getmembers()[0].uid, tar.getmembers()[0].gid), (1000, 1000))
        tar, _ = self.get_tar("cpuser", "/tmp/kept")
        self.assertEqual((tar.getmembers()[0].uid, tar.getmembers()[0].gid), (4321, 4321))

    def test_read_only_rootfs_takes_copies_only_into_volumes(self):
        self.daemon.docker("create", "--name", "cpro", "--read-only", "-v", "cprovol:/data",
                           "busybox")
        self.addCleanup(self.daemon.api, "DELETE", "/volumes/cprovol?force=1")
        self.addCleanup(self.daemon.api, "DELETE", "/containers/cpro?force=1")
        body = tar_of([("ro.txt", "file", b"ro\n")])
        status, _, answer = self.daemon.api("PUT", "/containers/cpro/archive?path=/tmp", body)
        self.assertEqual((status, json.loads(answer)["message"]),
                         (500, "container rootfs is marked read-only"))
        status, _, answer = self.daemon.api("PUT", "/containers/cpro/archive?path=/data", body)
        self.assertEqual(status, 200, answer)

    def test_cp_through_a_host_bind_and_an_anonymous_volume_of_a_stopped_container(self):
        host = self.tmpdir()
        with open(host + "/from_host", "w") as f:
            f.write("host\n")
        self.daemon.docker("create", "--name", "cpbind", "-v", host + ":/hb", "-v", "/anon",
                           "busybox")
        self.addCleanup(self.daemon.api, "DELETE", "/containers/cpbind?force=1&v=1")
        self.assertEqual(self.read_file("cpbind", "/hb/from_host"), b"host\n")
        src = self.tmpdir()
        with open(src + "/in", "w") as f:
            f.write("in\n")
        self.daemon.cli("cp", src + "/in", "cpbind:/hb/")
        with open(host + "/in") as f:
            self.assertEqual(f.read(), "in\n")
        self.daemon.cli("cp", src + "/in", "cpbind:/anon/")
        self.assertEqual(self.read_file("cpbind", "/anon/in"), b"in\n")

    def test_stdin_and_stdout_tars(self):
        result = self.daemon.docker("cp", "-", "cpstop:/tmp",
                                    input=tar_of([("std.txt", "file", b"stdin\n")]).decode())
        self.assertEqual(result.returncode, 0)
        self.assertEqual(self.read_file("cpstop", "/tmp/std.txt"), b"stdin\n")

    def test_mydocker_cp_matches_the_docker_cli(self):
        src = self.tmpdir()
        os.makedirs(src + "/d/inner")
        with open(src + "/d/inner/x", "w") as f:
            f.write("x\n")
        with open(src + "/f", "w") as f:
            f.write("f\n")
        for tool, name in ((self.daemon.cli, "ours"), (self.daemon.docker, "docker")):
            out = self.tmpdir()
            tool("cp", src + "/d", "cpstop:/" + name + "_d")  # a new name for a dir
            tool("cp", src + "/f", "cpstop:/tmp/" + name + "_f")  # a new name for a file
            tool("cp", src + "/d/.", "cprun:/tmp/")  # the content of a dir
            tool("cp", "cpstop:/" + name + "_d", out + "/renamed")
            tool("cp", "cpstop:/tmp/" + name + "_f", out)
            tool("cp", "-L", "cprun:/bin/sh", out + "/sh")
            tool("cp", "cprun:/tmp/inner/x", out + "/x")
            with open(out + "/renamed/inner/x") as f:
                self.assertEqual(f.read(), "x\n", name)
            with open(out + "/" + name + "_f") as f:
                self.assertEqual(f.read(), "f\n", name)
            with open(out + "/x") as f:
                self.assertEqual(f.read(), "x\n", name)
            self.assertFalse(os.path.islink(out + "/sh"), name)
        self.assertEqual(self.read_file("cpstop", "/ours_d/inner/x"), b"x\n")
        stdout = self.daemon.cli("cp", "cpstop:/tmp/ours_f", "-").stdout
        self.assertIn("ours_f", stdout)
        out = self.tmpdir()
        for args in (["cprun:/nope", out], ["cprun:/etc/passwd", out + "/missing/"],
                     ["cprun:/etc/passwd", out + "/a/b"], [out + "/nonexist", "cprun:/tmp"],
                     ["cprun:/etc", "cpstop:/tmp"], [out, out], ["nosuch:/etc", out],
                     ["cprun:/etc", src + "/f"], ["-", "cprun:/etc/passwd"]):
            ours = self.daemon.cli("cp", *args, check=False, input="")
            theirs = self.daemon.docker("cp", *args, check=False, input="")
            self.assertEqual((ours.returncode, ours.stderr), (theirs.returncode, theirs.stderr),
                             args)

    def copy_children(self):
        """The daemon's forked children working in a stopped container's root (a fork of
        mydockerd: its exe is the daemon's; shims are another program)."""
        pid = self.daemon.proc.pid
        daemon_exe = os.readlink("/proc/%d/exe" % pid)
        out = []
        for task in os.listdir("/proc/%d/task" % pid):
            try:
                with open("/proc/%d/task/%s/children" % (pid, task)) as f:
                    children = f.read().split()
                out += [c for c in children if os.readlink("/proc/%s/exe" % c) == daemon_exe]
            except OSError:  # the task or the child ended meanwhile
                pass
        return out

    def test_start_waits_for_a_copy_of_the_stopped_container(self):
        # dockerd holds the container's lock across a copy: a start that comes meanwhile waits
        # (never a second overlay mount of the same layer while the copy works in it)
        d = self.daemon
        d.docker("create", "--name", "cprace", "busybox", "sleep", "300")
        self.addCleanup(d.api, "DELETE", "/containers/cprace?force=1")
        size = 64 << 20
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode="w") as tar:
            info = tarfile.TarInfo("big")
            info.size, info.mode = size, 0o644
            tar.addfile(info, io.BytesIO(bytes(size)))
        # a big upload with a start racing it: both succeed, the container sees the whole file
        results = {}
        def call(key, method, path, body=None):
            results[key] = d.api(method, path, body, timeout=120)[0]
        upload = threading.Thread(
            target=call, args=("put", "PUT", "/containers/cprace/archive?path=/", out.getvalue()))
        upload.start()
        try:
            # most often the start comes while the child copies (a fast copy may be missed)
            wait_until(lambda: "put" in results or self.copy_children(), timeout=60,
                       interval=0.002, message="the copy under way")
            call("start", "POST", "/containers/cprace/start")
        finally:
            upload.join(120)
        self.assertEqual((results.get("put"), results.get("start")), (200, 204))
        got = d.docker("exec", "cprace", "stat", "-c", "%s", "/big").stdout.strip()
        self.assertEqual(got, str(size))
        # a download we stall (its tar not read): the start waits until it is read to the end
        def running():
            return d.api_json("GET", "/containers/cprace/json")[1]["State"]["Running"]
        d.docker("stop", "-t", "0", "cprace")
        sock = socket.socket(socket.AF_UNIX)
        sock.connect(d.socket_path)
        self.addCleanup(sock.close)
        sock.sendall(b"GET /containers/cprace/archive?path=/big HTTP/1.1\r\nHost: d\r\n\r\n")
        self.assertIn(b" 200 ", sock.recv(4096))
        starter = threading.Thread(target=call, args=("start2", "POST", "/containers/cprace/start"))
        starter.start()
        try:
            deadline = time.monotonic() + 1.5  # a start that does not wait is done in ~0.1 s
            while time.monotonic() < deadline:
                self.assertNotIn("start2", results)
                self.assertFalse(running())
            sock.settimeout(60)
            read = 0
            while read < size:
                chunk = sock.recv(1 << 20)
                self.assertTrue(chunk, "the download ended early")
                read += len(chunk)
        finally:
            starter.join(60)
        self.assertEqual(results.get("start2"), 204)
        self.assertTrue(running())

if __name__ == "__main__":
    unittest.main()
