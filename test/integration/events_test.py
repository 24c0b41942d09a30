"""GET /events: Docker's event stream (docker CLI, SDK, mydocker) with since/until/filters."""
import json
import queue
import threading
import time
import urllib.parse

from testdaemon import DaemonTestCase


class EventsTest(DaemonTestCase):
    import_busybox = True

    def window(self, since, until, *filters, tool="docker", fmt="{{json .}}"):
        args = ["events", "--since", "%.9f" % since, "--until", "%.9f" % until, "--format", fmt]
        for f in filters:
            args += ["--filter", f]
        run = self.daemon.docker if tool == "docker" else self.daemon.cli
        out = run(*args, timeout=30).stdout
        return [json.loads(line) if fmt == "{{json .}}" else line
                for line in out.splitlines() if line.strip()]

    def test_run_rm_shows_create_start_die_destroy_in_order(self):
        t0 = time.time()
        self.daemon.docker("run", "--rm", "--name", "ev-rm", "busybox", "sh", "-c", "exit 3",
                           check=False)
        t1 = time.time()
        events = self.window(t0, t1, "container=ev-rm")
        actions = [e["Action"] for e in events]
        # dockerd 20.10 with the docker CLI: the attach comes before the start
        self.assertEqual(actions, ["create", "attach", "start", "die", "destroy"], actions)
        die = next(e for e in events if e["Action"] == "die")
        attrs = die["Actor"]["Attributes"]
        self.assertEqual(attrs["exitCode"], "3")
        self.assertEqual(attrs["name"], "ev-rm")
        self.assertEqual(attrs["image"], "busybox")
        self.assertEqual((die["Type"], die["scope"], die["status"], die["from"]),
                         ("container", "local", "die", "busybox"))
        self.assertEqual(die["id"], die["Actor"]["ID"])
        self.assertEqual(die["time"], die["timeNano"] // 10**9)
        times = [e["timeNano"] for e in events]
        self.assertEqual(times, sorted(times))

    def test_sdk_events_with_label_and_event_filters(self):
        client = self.daemon.sdk()
        t0 = time.time()
        ctr = client.containers.create("busybox", "true", name="ev-sdk", labels={"tier": "front"})
        other = client.containers.create("busybox", "true", name="ev-sdk-other")
        try:
            ctr.start()
            ctr.wait(timeout=30)
        finally:
            ctr.remove(force=True)
            other.remove(force=True)
        t1 = time.time()
        got = list(client.events(since=t0, until=t1, decode=True,
                                 filters={"label": "tier=front", "event": ["start", "die"]}))
        self.assertEqual([e["Action"] for e in got], ["start", "die"], got)
        self.assertTrue(all(e["Actor"]["Attributes"]["tier"] == "front" for e in got))
        created = list(client.events(since=t0, until=t1, decode=True,
                                     filters={"event": "create", "container": "ev-sdk-other"}))
        self.assertEqual([e["Actor"]["Attributes"]["name"] for e in created], ["ev-sdk-other"])

    def test_stop_kill_pause_rename_with_mydocker_events(self):
        cli = self.daemon.cli
        cid = cli("run", "-d", "--name", "ev-verbs", "busybox", "sleep", "300").stdout.strip()
        t0 = time.time()
        try:
            cli("pause", "ev-verbs")
            cli("unpause", "ev-verbs")
            cli("rename", "ev-verbs", "ev-verbs2")
            cli("stop", "-t", "0", "ev-verbs2")
        finally:
            cli("rm", "-f", cid, check=False)
        t1 = time.time()
        lines = self.window(t0, t1, "container=" + cid, tool="mydocker",
                            fmt="{{.Action}} {{.Actor.Attributes.signal}}"
                                "{{.Actor.Attributes.oldName}}")
        core = [l.replace("<no value>", "").strip() for l in lines
                if not l.startswith("destroy")]
        self.assertEqual(core[:4], ["pause", "unpause", "rename /ev-verbs", "kill 15"], lines)
        self.assertIn("die", core)
        self.assertEqual(core[-1], "stop", lines)
        # the default format: "<time> container <action> <id> (attributes sorted)"
        out = self.daemon.cli("events", "--since", "%.9f" % t0, "--until", "%.9f" % t1,
                              "--filter", "event=stop").stdout.strip()
        self.assertRegex(out, r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z container stop %s "
                              r"\(image=busybox, name=ev-verbs2\)$" % cid)

    def test_image_and_volume_events_and_type_filter(self):
        t0 = time.time()
        self.daemon.docker("tag", "busybox", "ev-tag:1")
        self.daemon.docker("rmi", "ev-tag:1")
        self.daemon.docker("volume", "create", "ev-vol")
        self.daemon.docker("volume", "rm", "ev-vol")
        t1 = time.time()
        images = self.window(t0, t1, "type=image")
        self.assertEqual([e["Action"] for e in images], ["tag", "untag"], images)
        self.assertEqual(images[0]["Actor"]["Attributes"]["name"], "ev-tag:1")
        self.assertTrue(images[0]["Actor"]["ID"].startswith("sha256:"))
        self.assertEqual(images[0]["status"], "tag")
        volumes = self.window(t0, t1, "volume=ev-vol")
        self.assertEqual([(e["Type"], e["Action"]) for e in volumes],
                         [("volume", "create"), ("volume", "destroy")], volumes)
        self.assertEqual(volumes[0]["Actor"]["Attributes"]["driver"], "local")
        self.assertNotIn("status", volumes[0])
        self.assertEqual(self.window(t0, t1, "image=busybox", "type=volume"), [])

    def test_resize_event(self):
        cid = self.daemon.docker("run", "-dt", "busybox", "sleep", "60").stdout.strip()
        try:
            t0 = time.time()
            status, _, _ = self.daemon.api("POST", "/containers/%s/resize?h=30&w=100" % cid)
            t1 = time.time()
        finally:
            self.daemon.docker("rm", "-f", cid)
        self.assertEqual(status, 200)
        events = self.window(t0, t1, "container=" + cid, "event=resize")
        self.assertEqual([(e["Action"], e["Actor"]["Attributes"]["height"],
                           e["Actor"]["Attributes"]["width"]) for e in events],
                         [("resize", "30", "100")], events)

    def test_exec_events(self):
        cid = self.daemon.docker("run", "-d", "busybox", "sleep", "60").stdout.strip()
        try:
            t0 = time.time()
            self.daemon.docker("exec", cid, "sh", "-c", "exit 3", check=False)
            t1 = time.time()
        finally:
            self.daemon.docker("rm", "-f", cid)
        events = self.window(t0, t1, "container=" + cid)
        actions = [e["Action"] for e in events]
        self.assertEqual(actions, ["exec_create: sh -c exit 3", "exec_start: sh -c exit 3",
                                   "exec_die"], events)
        exec_ids = {e["Actor"]["Attributes"]["execID"] for e in events}
        self.assertEqual(len(exec_ids), 1)
        self.assertEqual(events[2]["Actor"]["Attributes"]["exitCode"], "3")

    def test_network_events(self):
        t0 = time.time()
        # a /28 derived from the daemon's own reserved /24, as network_user_test does
        subnet = "10.233.%d.240/28" % self.daemon._subnet_n
        self.daemon.docker("network", "create", "--subnet", subnet, "ev-net")
        try:
            cid = self.daemon.docker("run", "-d", "--network", "ev-net", "busybox", "sleep",
                                     "60").stdout.strip()
            self.daemon.docker("rm", "-f", cid)
        finally:
            self.daemon.docker("network", "rm", "ev-net")
        t1 = time.time()
        events = self.window(t0, t1, "type=network")
        self.assertEqual([e["Action"] for e in events],
                         ["create", "connect", "disconnect", "destroy"], events)
        self.assertEqual(events[1]["Actor"]["Attributes"]["container"], cid)
        self.assertEqual(events[1]["Actor"]["Attributes"]["name"], "ev-net")
        self.assertEqual(events[0]["Actor"]["Attributes"]["type"], "bridge")

    def test_live_stream_delivers_new_events(self):
        client = self.daemon.sdk()
        stream = client.events(decode=True, filters={"type": "volume", "event": "create"})
        got = queue.Queue()
        reader = threading.Thread(target=lambda: got.put(next(stream, None)), daemon=True)
        reader.start()
        try:
            client.volumes.create("ev-live")
            event = got.get(timeout=10)
            self.assertEqual((event["Type"], event["Action"], event["Actor"]["ID"]),
                             ("volume", "create", "ev-live"))
        finally:
            stream.close()
            client.volumes.get("ev-live").remove()
            reader.join(timeout=5)

    def test_bad_filter_and_bad_since_are_400(self):
        bad = urllib.parse.quote('{"nope":{"x":true}}')
        status, _, body = self.daemon.api("GET", "/events?filters=" + bad)
        self.assertEqual(status, 400)
        self.assertIn("invalid filter 'nope'", json.loads(body)["message"])
        status, _, body = self.daemon.api("GET", "/events?since=yesterday")
        self.assertEqual(status, 400)
