"""Per-container locking (issues 9 and 10): parallel starts, ps/inspect that stay fast while
slow stops are under way, rm racing start, a stop that cannot kill, corrupt records at startup."""

import json
import os
import sys
import threading
import time
import unittest

from testdaemon import DaemonTestCase, TestDaemon, wait_until

# Ignores SIGTERM (the trap runs instead of dying) and says so in its log, so the test can see
# that the daemon's stop has sent the signal and is now waiting out its timeout.
IGNORES_TERM = ["sh", "-c", 'trap "echo got-term" TERM; while :; do sleep 1; done']


def in_threads(fn, args_list):
    """Runs fn(*args) for each args in its own thread; returns (threads, results dict)."""
    results = {}

    def run(key, args):
        results[key] = fn(*args)

    threads = [threading.Thread(target=run, args=(i, a), daemon=True)
               for i, a in enumerate(args_list)]
    for t in threads:
        t.start()
    return threads, results


def fastest(fn, attempts=3):
    """Best wall time of a few calls (a stall caused by a lock stalls every one of them)."""
    best = None
    for _ in range(attempts):
        start = time.monotonic()
        fn()
        took = time.monotonic() - start
        best = took if best is None else min(best, took)
    return best


def processes_mentioning(text):
    """PIDs whose command line contains text (the shim's argv names its container ID)."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if text.encode() in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


class ParallelTest(DaemonTestCase):
    import_busybox = True

    def inspect(self, name):
        status, body = self.daemon.api_json("GET", "/containers/%s/json" % name)
        self.assertEqual(status, 200, body)
        return body

    def remove_all(self, names):
        for name in names:
            self.daemon.docker("rm", "-f", name, check=False)

    def test_twenty_containers_start_in_parallel(self):
        d = self.daemon
        names = ["par%02d" % i for i in range(20)]
        self.addCleanup(self.remove_all, names)
        threads, results = in_threads(
            lambda n: d.docker("run", "-d", "--name", n, "busybox", "sleep", "300", check=False),
            [(n,) for n in names])
        for t in threads:
            t.join(120)
        for i, name in enumerate(names):
            res = results.get(i)
            self.assertIsNotNone(res, "docker run %s did not finish" % name)
            self.assertEqual(res.returncode, 0, res.stderr)
        for name in names:
            state = self.inspect(name)["State"]
            self.assertTrue(state["Running"], (name, state))
            self.assertGreater(state["Pid"], 0)
        listed = d.api_json("GET", "/containers/json")[1]
        self.assertEqual(sorted(n for c in listed for n in c["Names"] if n[1:] in names),
                         ["/" + n for n in names])

    def test_ps_and_inspect_stay_fast_while_four_stops_wait(self):
        d = self.daemon
        names = ["slow%d" % i for i in range(4)]
        self.addCleanup(self.remove_all, names)
        for name in names:
            d.docker("run", "-d", "--name", name, "busybox", *IGNORES_TERM)
        for name in names:
            wait_until(lambda: self.inspect(name)["State"]["Running"], 10, message=name + " up")
        begun = time.monotonic()
        stops, results = in_threads(
            lambda n: d.docker("stop", "-t", "30", n, check=False, timeout=90),
            [(n,) for n in names])
        # The daemon has signalled every one (the trap ran), and each is still running.
        for name in names:
            wait_until(lambda: "got-term" in d.docker("logs", name).stdout, 15,
                       message="SIGTERM reached " + name)
        for name in names:
            state = self.inspect(name)["State"]
            self.assertTrue(state["Running"], (name, state, results))
        self.assertTrue(all(t.is_alive() for t in stops), "a stop returned before its timeout")

        api_ps = fastest(lambda: self.assertEqual(d.api("GET", "/containers/json")[0], 200))
        api_inspect = fastest(lambda: self.inspect(names[0]))
        cli_ps = fastest(lambda: d.docker("ps"))
        cli_inspect = fastest(lambda: d.docker("inspect", names[1]))
        # Measured while the stops were still pending.
        self.assertTrue(all(t.is_alive() for t in stops), "the stops ended during the measure")
        sys.stderr.write("\n  during 4 stops: API ps %.1f ms, API inspect %.1f ms, docker ps %.1f ms, "
                         "docker inspect %.1f ms\n" % (api_ps * 1e3, api_inspect * 1e3,
                                                        cli_ps * 1e3, cli_inspect * 1e3))
        self.assertLess(api_ps, 0.050, "GET /containers/json took %.3fs" % api_ps)
        self.assertLess(api_inspect, 0.050, "GET /containers/{id}/json took %.3fs" % api_inspect)
        self.assertLess(cli_ps, 0.300, "docker ps took %.3fs" % cli_ps)
        self.assertLess(cli_inspect, 0.300, "docker inspect took %.3fs" % cli_inspect)
        # kill goes ahead of the waiting stops, which then return successfully.
        for name in names:
            d.docker("kill", name)
        for t in stops:
            t.join(20)
        self.assertLess(time.monotonic() - begun, 30, "the stops waited out their timeout")
        for i, name in enumerate(names):
            self.assertEqual(results[i].returncode, 0, results[i].stderr)
            self.assertFalse(self.inspect(name)["State"]["Running"])

    def test_rm_racing_start_leaves_no_process_without_a_record(self):
        d = self.daemon
        for round_ in range(6):
            name = "race%d" % round_
            self.addCleanup(d.docker, "rm", "-f", name, check=False)
            cid = d.docker("create", "--name", name, "busybox", "sleep", "300").stdout.strip()
            threads, _ = in_threads(
                lambda verb: d.docker(*verb, check=False),
                [(("start", name),), (("rm", "-f", name),)])
            for t in threads:
                t.join(60)
            status, body = d.api_json("GET", "/containers/%s/json" % cid)
            if status == 404:
                wait_until(lambda: not processes_mentioning(cid), 10,
                           message="no process of removed container " + cid)
            else:
                self.assertEqual(status, 200, body)
                if body["State"]["Running"]:
                    self.assertTrue(processes_mentioning(cid))

    def test_state_table_answers_through_the_api(self):
        d = self.daemon
        cid = d.docker("run", "-d", "--name", "states", "busybox", "sleep", "300").stdout.strip()
        self.addCleanup(d.docker, "rm", "-f", "states", check=False)

        def call(method, path):
            status, _, body = d.api(method, path)
            return status, (json.loads(body)["message"] if body.strip() else "")

        self.assertEqual(call("POST", "/containers/states/start"), (304, ""))
        self.assertEqual(call("POST", "/containers/states/unpause"),
                         (500, "Container %s is not paused" % cid))
        self.assertEqual(call("DELETE", "/containers/states")[0], 409)
        d.docker("pause", "states")
        self.assertEqual(call("POST", "/containers/states/attach?stream=1&stdout=1"),
                         (409, "container states is paused, unpause the container before attach"))
        self.assertEqual(call("POST", "/containers/states/start"),
                         (409, "cannot start a paused container, try unpause instead"))
        self.assertEqual(call("POST", "/containers/states/pause"),
                         (409, "Container %s is already paused" % cid))
        d.docker("unpause", "states")
        d.docker("kill", "states")
        wait_until(lambda: not self.inspect("states")["State"]["Running"], 10, message="exit")
        self.assertEqual(call("POST", "/containers/states/stop"), (304, ""))
        self.assertEqual(call("POST", "/containers/states/kill"),
                         (409, "cannot kill container: states: container %s is not running" % cid))
        self.assertEqual(call("POST", "/containers/states/restart?t=1")[0], 204)
        self.assertTrue(self.inspect("states")["State"]["Running"])

    def test_stop_reports_a_process_that_did_not_die(self):
        d = self.daemon
        d.docker("run", "-d", "--name", "frozen", "busybox", "sleep", "300")
        self.addCleanup(d.docker, "rm", "-f", "frozen", check=False)
        pid = self.inspect("frozen")["State"]["Pid"]
        state_file, frozen, thawed = freezer_of(pid)
        if not state_file:
            self.skipTest("no freezer cgroup for the container's process")
        # Frozen behind the daemon's back: SIGKILL stays pending, the process cannot die.
        with open(state_file, "w") as f:
            f.write(frozen)
        self.addCleanup(write_file, state_file, thawed)
        res = d.docker("stop", "-t", "1", "frozen", check=False, timeout=60)
        self.assertEqual(res.returncode, 1)
        self.assertIn("cannot stop container: frozen: tried to kill container, but did not "
                      "receive an exit event", res.stderr)
        write_file(state_file, thawed)  # the pending SIGKILL now ends it
        wait_until(lambda: not self.inspect("frozen")["State"]["Running"], 10,
                   message="exit after thaw")


def write_file(path, text):
    try:
        with open(path, "w") as f:
            f.write(text)
    except OSError:
        pass


def freezer_of(pid):
    """(state file, frozen text, thawed text) of pid's freezer cgroup, v1 or v2."""
    with open("/proc/%d/cgroup" % pid) as f:
        lines = f.read().splitlines()
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if "freezer" in controllers.split(","):
            state = "/sys/fs/cgroup/freezer%s/freezer.state" % path
            if os.path.exists(state):
                return state, "FROZEN", "THAWED"
    for line in lines:
        if line.startswith("0::"):
            state = "/sys/fs/cgroup%s/cgroup.freeze" % line[3:]
            if os.path.exists(state):
                return state, "1", "0"
    return None, None, None


class CorruptRecordTest(unittest.TestCase):
    def test_bad_records_are_set_aside_and_the_others_load(self):
        d = TestDaemon()
        self.addCleanup(d.close)
        d.start()
        d.import_busybox()
        ids = {n: d.docker("create", "--name", n, "busybox", "true").stdout.strip()
               for n in ("good", "garbled", "invalid")}
        d.stop()
        records = os.path.join(d.data_root, "containers")
        with open(os.path.join(records, ids["garbled"], "config.v2.json"), "w") as f:
            f.write('{"id": "%s", "name": ' % ids["garbled"])  # cut short
        path = os.path.join(records, ids["invalid"], "config.v2.json")
        with open(path) as f:
            record = json.load(f)
        record["state"] = "running"  # valid JSON, wrong type
        with open(path, "w") as f:
            json.dump(record, f)
        d.start()
        listed = d.docker("ps", "-a", "--format", "{{.Names}}").stdout.split()
        self.assertEqual(listed, ["good"])
        log = d.log_text()
        for bad in ("garbled", "invalid"):
            self.assertIn("corrupt container record", log)
            self.assertIn(ids[bad], log)
            self.assertTrue(os.path.isdir(os.path.join(d.data_root, "containers-corrupt", ids[bad])))
            self.assertFalse(os.path.exists(os.path.join(records, ids[bad])))
        # The daemon goes on working: the name of a set-aside container is free again.
        d.docker("create", "--name", "garbled", "busybox", "true")
        d.docker("rm", "good", "garbled")


if __name__ == "__main__":
    unittest.main()
