"""Issue 12, named volumes: create/list/inspect/rm/prune through our CLI, the docker CLI, the
Python SDK and raw HTTP; filters, labels, driver options; Docker's 400/404/409 texts; the
on-disk layout and modes; volumes surviving a daemon restart and a kill -9."""

import json
import os
import stat
import unittest

from testdaemon import DaemonTestCase

BAD_NAME = ('create x y: "x y" includes invalid characters for a local volume name, only '
            '"[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, '
            'use absolute path')


class VolumesTest(DaemonTestCase):
    def remove_later(self, *names):
        for name in names:
            self.addCleanup(self.daemon.api, "DELETE", "/volumes/%s?force=1" % name)

    def names(self, query=""):
        status, body = self.daemon.api_json("GET", "/volumes" + query)
        self.assertEqual(status, 200, body)
        return sorted(v["Name"] for v in body["Volumes"])

    def test_cli_and_docker_cli_print_the_same(self):
        self.remove_later("cv1", "cv2")
        self.assertEqual(self.daemon.cli("volume", "create", "cv1").stdout, "cv1\n")
        self.assertEqual(self.daemon.docker("volume", "create", "--label", "a=b", "-o",
                                            "type=tmpfs", "-o", "device=tmpfs", "cv2").stdout,
                         "cv2\n")
        for args in (["volume", "ls", "--filter", "name=cv"],
                     ["volume", "ls", "-q", "--filter", "label=a=b"],
                     ["volume", "ls", "--format", "json", "--filter", "name=cv"],
                     ["volume", "ls", "--format", "{{.Name}} {{.Labels}} {{.Scope}}",
                      "--filter", "name=cv"],
                     ["volume", "inspect", "cv1", "cv2"],
                     ["volume", "inspect", "-f", "{{.Name}} {{.Options}}", "cv2"],
                     ["inspect", "--type", "volume", "-f", "{{.Name}}", "cv1", "cv2"],
                     ["volume", "inspect", "-f", "{{.Name}}", "nope"],
                     ["volume", "inspect", "cv1", "nope"]):
            ours = self.daemon.cli(*args, check=False)
            theirs = self.daemon.docker(*args, check=False)
            self.assertEqual((ours.returncode, ours.stdout, ours.stderr),
                             (theirs.returncode, theirs.stdout, theirs.stderr), args)
        self.assertEqual(self.daemon.cli("volume", "ls", "--filter", "name=cv").stdout,
                         "DRIVER    VOLUME NAME\nlocal     cv1\nlocal     cv2\n")
        inspect = json.loads(self.daemon.cli("volume", "inspect", "cv2").stdout)[0]
        self.assertEqual(inspect["Labels"], {"a": "b"})
        self.assertEqual(inspect["Options"], {"type": "tmpfs", "device": "tmpfs"})
        self.assertEqual(inspect["Scope"], "local")
        self.assertEqual(inspect["Mountpoint"],
                         os.path.join(self.daemon.data_root, "volumes", "cv2", "_data"))

    def test_cli_errors_match_docker(self):
        for args in (["volume", "create", "x y"], ["volume", "rm", "nope"],
                     ["volume", "inspect", "nope"], ["volume", "create", "-o", "foo=1", "zz"],
                     ["volume", "ls", "--filter", "bogus=1"]):
            ours = self.daemon.cli(*args, check=False)
            theirs = self.daemon.docker(*args, check=False)
            self.assertEqual((ours.returncode, ours.stderr), (theirs.returncode, theirs.stderr),
                             args)
        res = self.daemon.cli("volume", "rm", "nope", check=False)
        self.assertEqual(res.stderr, "Error response from daemon: get nope: no such volume\n")
        self.assertEqual(res.returncode, 1)
        self.assertEqual(self.daemon.cli("volume", "rm", "-f", "nope").returncode, 0)

    def test_rm_and_prune_through_both_clis(self):
        self.remove_later("p1", "p2", "p3")
        for name in ("p1", "p2", "p3"):
            self.daemon.cli("volume", "create", "--label", "prune-test=" + name, name)
        self.assertEqual(self.daemon.docker("volume", "rm", "p1").stdout, "p1\n")
        # Named volumes stay on a plain prune (API 1.42+): only anonymous ones go.
        out = self.daemon.cli("volume", "prune", "-f", "--filter", "label=prune-test").stdout
        self.assertEqual(out, "Total reclaimed space: 0B\n")
        out = self.daemon.cli("volume", "prune", "-af", "--filter", "label=prune-test=p2").stdout
        self.assertEqual(out, "Deleted Volumes:\np2\n\nTotal reclaimed space: 0B\n")
        out = self.daemon.docker("volume", "prune", "-af", "--filter", "label=prune-test").stdout
        self.assertEqual(out, "Deleted Volumes:\np3\n\nTotal reclaimed space: 0B\n")
        self.assertEqual([n for n in self.names() if n.startswith("p")], [])

    def test_raw_api_statuses_and_texts(self):
        status, body = self.daemon.api_json("POST", "/volumes/create", {"Name": "x y"})
        self.assertEqual((status, body["message"]), (400, BAD_NAME))
        status, body = self.daemon.api_json("GET", "/volumes/nope")
        self.assertEqual((status, body["message"]), (404, "get nope: no such volume"))
        status, body = self.daemon.api_json("DELETE", "/volumes/nope")
        self.assertEqual((status, body["message"]), (404, "get nope: no such volume"))
        status, _, _ = self.daemon.api("DELETE", "/volumes/nope?force=1")
        self.assertEqual(status, 204)
        status, body = self.daemon.api_json("POST", "/volumes/create", {"Name": 5})
        self.assertEqual(status, 400)
        self.assertIn("CreateOptions.Name", body["message"])
        status, body = self.daemon.api_json("GET", '/volumes?filters={"dangling":["x"]}')
        self.assertEqual((status, body["message"]), (400, "invalid filter 'dangling=x'"))
        status, body = self.daemon.api_json("POST", "/volumes/create", {"Name": "raw1"})
        self.remove_later("raw1")
        self.assertEqual(status, 201)
        self.assertEqual(set(body), {"CreatedAt", "Driver", "Labels", "Mountpoint", "Name",
                                     "Options", "Scope"})
        status, again = self.daemon.api_json("POST", "/volumes/create", {"Name": "raw1"})
        self.assertEqual((status, again), (201, body))  # an existing name answers it as is
        status, listed = self.daemon.api_json("GET", "/volumes")
        self.assertIsNone(listed["Warnings"])

    def test_generated_names_are_anonymous_and_pruned(self):
        status, body = self.daemon.api_json("POST", "/volumes/create", {})
        self.assertEqual(status, 201)
        name = body["Name"]
        self.remove_later(name, "named1")
        self.assertRegex(name, "^[0-9a-f]{64}$")
        self.assertIn("com.docker.volume.anonymous", body["Labels"])
        self.daemon.api_json("POST", "/volumes/create", {"Name": "named1"})
        with open(os.path.join(body["Mountpoint"], "f"), "wb") as f:
            f.write(b"x" * 10000)
        status, report = self.daemon.api_json("POST", "/volumes/prune")
        self.assertEqual(status, 200)
        self.assertEqual(report["VolumesDeleted"], [name])
        self.assertGreaterEqual(report["SpaceReclaimed"], 10000)
        self.assertIn("named1", self.names())
        # Before API 1.42 prune took named volumes too.
        status, report = self.daemon.api_json(
            "POST", '/v1.41/volumes/prune?filters={"label":["none-has-this"]}')
        self.assertEqual((status, report["VolumesDeleted"]), (200, None))
        status, report = self.daemon.api_json("POST", "/v1.41/volumes/prune")
        self.assertIn("named1", report["VolumesDeleted"])

    def test_sdk_create_list_filters_get_remove(self):
        client = self.daemon.sdk()
        self.addCleanup(client.close)
        self.remove_later("sdk1", "sdk2")
        v1 = client.volumes.create("sdk1", labels={"tier": "db"})
        client.volumes.create("sdk2", driver="local",
                              driver_opts={"type": "tmpfs", "device": "tmpfs", "o": "size=1m"})
        self.assertEqual(v1.attrs["Labels"], {"tier": "db"})
        got = client.volumes.get("sdk2")
        self.assertEqual(got.attrs["Options"]["o"], "size=1m")
        names = lambda **f: sorted(v.name for v in client.volumes.list(filters=f)
                                   if v.name.startswith("sdk"))
        self.assertEqual(names(label="tier=db"), ["sdk1"])
        self.assertEqual(names(label="tier"), ["sdk1"])
        self.assertEqual(names(name="sdk2"), ["sdk2"])
        self.assertEqual(names(dangling="true"), ["sdk1", "sdk2"])
        self.assertEqual(names(dangling="false"), [])
        self.assertEqual(names(driver="local"), ["sdk1", "sdk2"])
        import docker.errors
        with self.assertRaises(docker.errors.NotFound):
            client.volumes.get("nope")
        with self.assertRaises(docker.errors.APIError) as caught:
            client.volumes.create("-bad")
        self.assertEqual(caught.exception.status_code, 400)
        got.remove()
        self.assertNotIn("sdk2", self.names())
        report = client.volumes.prune(filters={"label": "tier=db", "all": "true"})
        self.assertEqual(report["VolumesDeleted"], ["sdk1"])

    def test_layout_and_modes_on_disk(self):
        self.remove_later("disk1")
        self.daemon.cli("volume", "create", "disk1")
        root = os.path.join(self.daemon.data_root, "volumes")
        self.assertEqual(stat.S_IMODE(os.stat(root).st_mode), 0o701)
        data = os.stat(os.path.join(root, "disk1", "_data"))
        self.assertEqual((stat.S_IMODE(data.st_mode), data.st_uid), (0o755, 0))
        self.assertTrue(os.path.isfile(os.path.join(root, "disk1", "volume.json")))
        self.daemon.cli("volume", "rm", "disk1")
        self.assertFalse(os.path.exists(os.path.join(root, "disk1")))
        self.assertEqual([e for e in os.listdir(root) if e.startswith(".")], [])

    def test_volumes_survive_restart_and_kill9(self):
        self.remove_later("keep1", "keep2")
        self.daemon.cli("volume", "create", "--label", "k=v", "-o", "type=tmpfs", "-o",
                        "device=tmpfs", "keep1")
        _, before = self.daemon.api_json("GET", "/volumes/keep1")
        with open(os.path.join(before["Mountpoint"], "data.txt"), "w") as f:
            f.write("kept")
        self.daemon.restart()
        _, after = self.daemon.api_json("GET", "/volumes/keep1")
        self.assertEqual(after, before)
        self.daemon.cli("volume", "create", "keep2")
        self.daemon.kill9()
        self.daemon.start()
        self.assertIn("keep2", self.names())
        _, again = self.daemon.api_json("GET", "/volumes/keep1")
        self.assertEqual(again, before)
        with open(os.path.join(again["Mountpoint"], "data.txt")) as f:
            self.assertEqual(f.read(), "kept")


class VolumeMountTest(DaemonTestCase):
    """-v NAME:/path[:ro]: a reference from create to remove, _data bound at start."""
    import_busybox = True

    def run_busybox(self, *args, check=True):
        return self.daemon.docker("run", *args, check=check)

    def test_data_outlives_containers_and_restart(self):
        self.addCleanup(self.daemon.api, "DELETE", "/volumes/shared1?force=1")
        # A missing volume is created by the container that names it.
        self.run_busybox("--rm", "-v", "shared1:/data", "busybox", "sh", "-c",
                         "echo kept > /data/f")
        out = self.run_busybox("--rm", "-v", "shared1:/data:ro", "busybox", "cat", "/data/f")
        self.assertEqual(out.stdout, "kept\n")
        self.daemon.restart()
        out = self.daemon.cli("run", "--rm", "-v", "shared1:/data", "busybox", "cat", "/data/f")
        self.assertEqual(out.stdout, "kept\n")

    def test_read_only_refuses_writes(self):
        self.addCleanup(self.daemon.api, "DELETE", "/volumes/ro1?force=1")
        res = self.run_busybox("--rm", "-v", "ro1:/data:ro", "busybox", "sh", "-c",
                               "echo x > /data/f", check=False)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("Read-only file system", res.stderr)

    def test_volume_in_use_is_409_until_the_container_goes(self):
        self.addCleanup(self.daemon.api, "DELETE", "/volumes/busy1?force=1")
        cid = self.daemon.docker("create", "-v", "busy1:/data", "busybox", "true").stdout.strip()
        self.addCleanup(self.daemon.api, "DELETE", "/containers/%s?force=1" % cid)
        client = self.daemon.sdk()
        self.addCleanup(client.close)
        inspect = client.api.inspect_container(cid)
        # Mode "z": dockerd sets it on local-driver volumes of Binds/Mounts (setBindModeIfNull).
        self.assertEqual(inspect["Mounts"], [{
            "Type": "volume", "Name": "busy1", "Driver": "local", "Mode": "z", "RW": True,
            "Source": os.path.join(self.daemon.data_root, "volumes", "busy1", "_data"),
            "Destination": "/data", "Propagation": ""}])
        listed = client.api.containers(all=True, filters={"id": cid})
        self.assertEqual(listed[0]["Mounts"], inspect["Mounts"])
        status, body = self.daemon.api_json("DELETE", "/volumes/busy1?force=1")
        self.assertEqual((status, body["message"]), (409, "remove busy1: volume is in use - [%s]" % cid))
        self.daemon.restart()  # references are taken again from the stored containers
        status, _ = self.daemon.api_json("DELETE", "/volumes/busy1")
        self.assertEqual(status, 409)
        status, listed = self.daemon.api_json("GET", '/volumes?filters={"dangling":["true"]}')
        self.assertNotIn("busy1", [v["Name"] for v in listed["Volumes"]])
        self.daemon.docker("rm", cid)
        self.assertEqual(self.daemon.docker("volume", "rm", "busy1").stdout, "busy1\n")


if __name__ == "__main__":
    unittest.main()
