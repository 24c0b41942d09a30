"""Health checks at run time (issue 14): Config.Healthcheck from the flags and the image,
the probes run by exec inside the container, State.Health in inspect, `(healthy)` in ps and the
health= filter, through the docker CLI, the Python SDK, the API and `mydocker run`. One daemon
for the module; intervals of 200ms keep it short."""

import datetime
import json
import re
import time
import urllib.parse
import unittest

from testdaemon import DaemonTestCase, wait_until

FAST = ("--health-interval", "200ms")


def parse_time(text):
    # RFC 3339 with nanoseconds: keep microseconds for datetime
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?Z$", text)
    frac = (m.group(2) or ".0")[1:7].ljust(6, "0")
    return datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S").replace(
        microsecond=int(frac))


class HealthTest(DaemonTestCase):
    import_busybox = True

    def run_detached(self, name, *flags, image="busybox", cli=None):
        run = cli or self.daemon.docker
        run("run", "-d", "--name", name, *flags, image, "sleep", "600")
        self.addCleanup(self.daemon.docker, "rm", "-f", name, check=False)

    def inspect(self, name):
        return json.loads(self.daemon.docker("inspect", name).stdout)[0]

    def health(self, name):
        return self.inspect(name)["State"].get("Health")

    def wait_status(self, name, status, timeout=15):
        wait_until(lambda: (self.health(name) or {}).get("Status") == status, timeout=timeout,
                   message="%s becomes %s" % (name, status))
        return self.health(name)

    def ps_names(self, *filters):
        args = ["ps", "--format", "{{.Names}}"]
        for f in filters:
            args += ["--filter", f]
        return self.daemon.docker(*args).stdout.split()

    def test_passing_check_becomes_healthy(self):
        self.run_detached("h_ok", "--health-cmd", "echo fine", *FAST)
        first = self.health("h_ok")
        self.assertIn(first["Status"], ("starting", "healthy"))
        self.assertIsInstance(first["Log"], list)  # [] before the first result, as dockerd
        health = self.wait_status("h_ok", "healthy")
        self.assertEqual(health["FailingStreak"], 0)
        # dockerd's event for the change of status (until: a second ahead, the stream ends then)
        until = "%.9f" % (time.time() + 1)
        only_h_ok = urllib.parse.quote(json.dumps({"container": ["h_ok"]}))
        status, _, body = self.daemon.api(
            "GET", "/events?since=0&until=%s&filters=%s" % (until, only_h_ok))
        actions = [json.loads(line)["Action"] for line in body.decode().splitlines() if line]
        self.assertEqual(status, 200)
        self.assertIn("health_status: healthy", actions)
        last = health["Log"][-1]
        self.assertEqual((last["ExitCode"], last["Output"]), (0, "fine\n"))
        self.assertLessEqual(parse_time(last["Start"]), parse_time(last["End"]))
        self.assertEqual(self.inspect("h_ok")["Config"]["Healthcheck"],
                         {"Test": ["CMD-SHELL", "echo fine"], "Interval": 200000000})
        status = self.daemon.docker("ps", "--filter", "name=h_ok", "--format", "{{.Status}}")
        self.assertRegex(status.stdout.strip(), r"^Up .* \(healthy\)$")
        self.assertIn("h_ok", self.ps_names("health=healthy"))
        self.assertNotIn("h_ok", self.ps_names("health=none"))
        sdk_state = self.daemon.sdk().containers.get("h_ok").attrs["State"]
        self.assertEqual(sdk_state["Health"]["Status"], "healthy")
        # finished probes' execs are not kept as the container's ExecIDs (at most one runs)
        wait_until(lambda: len(self.health("h_ok")["Log"]) >= 3, message="three probes")
        self.assertLessEqual(len(self.inspect("h_ok")["ExecIDs"] or []), 1)

    def test_failing_check_becomes_unhealthy_then_stops_with_the_container(self):
        self.run_detached("h_bad", "--health-cmd", "echo out; exit 1", "--health-retries", "2",
                          *FAST)
        health = self.wait_status("h_bad", "unhealthy")
        self.assertGreaterEqual(health["FailingStreak"], 2)
        self.assertGreaterEqual(len(health["Log"]), 2)
        self.assertEqual({(r["ExitCode"], r["Output"]) for r in health["Log"]}, {(1, "out\n")})
        wait_until(lambda: len(self.health("h_bad")["Log"]) == 5, message="five results kept")
        self.assertEqual(len(self.health("h_bad")["Log"]), 5)  # never more than five
        self.assertIn("h_bad", self.ps_names("health=unhealthy"))
        self.daemon.docker("stop", "-t", "0", "h_bad")
        streak = self.health("h_bad")["FailingStreak"]
        self.assertEqual(self.health("h_bad")["Status"], "unhealthy")
        # no probe runs once the container stopped: the streak stays
        self.daemon.docker("inspect", "h_bad")
        self.assertEqual(self.health("h_bad")["FailingStreak"], streak)

    def test_failures_in_the_start_period_do_not_count(self):
        self.run_detached("h_start", "--health-cmd", "false", "--health-retries", "1",
                          "--health-start-period", "4s", "--health-start-interval", "200ms",
                          *FAST)
        # two failed probes while starting, yet still starting with no streak (one snapshot)
        def failed_twice_while_starting():
            h = self.health("h_start")
            return h["Status"] == "starting" and len(h["Log"] or []) >= 2 and h
        health = wait_until(failed_twice_while_starting, timeout=3.5,
                            message="two failures within the start period")
        self.assertEqual(health["FailingStreak"], 0)
        health = self.wait_status("h_start", "unhealthy", timeout=15)
        started = parse_time(self.inspect("h_start")["State"]["StartedAt"])
        last = parse_time(health["Log"][-1]["Start"])
        self.assertGreaterEqual((last - started).total_seconds(), 4)

    def test_timeout_ends_the_probe(self):
        self.run_detached("h_slow", "--health-cmd", "sleep 30", "--health-timeout", "300ms",
                          "--health-retries", "1", *FAST)
        health = self.wait_status("h_slow", "unhealthy")
        first = health["Log"][0]
        self.assertEqual(first["ExitCode"], -1)
        self.assertEqual(first["Output"], "Health check exceeded timeout (300ms)")
        took = parse_time(first["End"]) - parse_time(first["Start"])
        self.assertLess(took.total_seconds(), 5)
        # the timed-out probes were killed: at most the current probe's sleep is left
        def few_sleeps():
            ps = self.daemon.docker("exec", "h_slow", "ps", "-o", "args").stdout
            return ps.count("sleep 30") <= 1
        wait_until(few_sleeps, message="timed-out probes killed")

    def test_image_healthcheck_inherited_and_overridden(self):
        self.daemon.docker("create", "--name", "h_src", "busybox", "true")
        self.addCleanup(self.daemon.docker, "rm", "-f", "h_src", check=False)
        config = {"Healthcheck": {"Test": ["CMD", "true"], "Interval": 200000000, "Retries": 2}}
        status, body = self.daemon.api_json("POST", "/commit?container=h_src&repo=hcimg", config)
        self.assertEqual(status, 201, body)
        self.addCleanup(self.daemon.docker, "rmi", "-f", "hcimg", check=False)
        self.run_detached("h_inherit", "--health-timeout", "2s", image="hcimg")
        self.assertEqual(self.inspect("h_inherit")["Config"]["Healthcheck"],
                         {"Test": ["CMD", "true"], "Interval": 200000000,
                          "Timeout": 2000000000, "Retries": 2})
        self.wait_status("h_inherit", "healthy")
        self.run_detached("h_none", "--no-healthcheck", image="hcimg")
        inspected = self.inspect("h_none")
        # zero fields still come from the image, as dockerd's merge does
        self.assertEqual(inspected["Config"]["Healthcheck"],
                         {"Test": ["NONE"], "Interval": 200000000, "Retries": 2})
        self.assertNotIn("Health", inspected["State"])
        self.assertIn("h_none", self.ps_names("health=none"))
        status = self.daemon.docker("ps", "--filter", "name=h_none", "--format", "{{.Status}}")
        self.assertNotIn("(", status.stdout)

    def test_health_survives_a_daemon_restart(self):
        # running: probes every second, so the Log kept on disk is still there after /_ping
        self.run_detached("h_restart", "--health-cmd", "echo ok", "--health-interval", "1s")
        wait_until(lambda: len((self.health("h_restart") or {}).get("Log") or []) >= 2,
                   timeout=15, message="two probes before the restart")
        # stopped: its final State.Health is in its record, nothing changes it any more
        self.run_detached("h_gone", "--health-cmd", "echo bad; exit 3", "--health-retries", "2",
                          *FAST)
        self.wait_status("h_gone", "unhealthy")
        self.daemon.docker("stop", "-t", "0", "h_gone")
        stopped_health = self.health("h_gone")
        restarted_at = datetime.datetime.utcnow()
        self.daemon.restart()
        self.assertEqual(self.health("h_gone"), stopped_health)
        self.assertEqual(stopped_health["Status"], "unhealthy")
        self.assertGreaterEqual(stopped_health["FailingStreak"], 2)
        self.assertEqual({(r["ExitCode"], r["Output"]) for r in stopped_health["Log"]},
                         {(3, "bad\n")})
        # the running one: its earlier results first, then monitoring goes on (as dockerd's
        # restore: "starting" with the Log kept, until the next probe)
        before = [r for r in self.health("h_restart")["Log"]
                  if parse_time(r["Start"]) < restarted_at]
        self.assertGreaterEqual(len(before), 1)
        self.assertEqual({(r["ExitCode"], r["Output"]) for r in before}, {(0, "ok\n")})
        def probed_since_restart():
            h = self.health("h_restart")
            return h["Status"] == "healthy" and any(
                parse_time(r["Start"]) > restarted_at for r in h["Log"]) and h
        health = wait_until(probed_since_restart, timeout=15, message="probes after the restart")
        self.assertEqual(health["FailingStreak"], 0)
        self.assertLessEqual(len(health["Log"]), 5)

    def test_our_cli_flags(self):
        self.run_detached("h_cli", "--health-cmd", "exit 0", "--health-retries", "3", *FAST,
                          cli=self.daemon.cli)
        self.assertEqual(self.inspect("h_cli")["Config"]["Healthcheck"],
                         {"Test": ["CMD-SHELL", "exit 0"], "Interval": 200000000, "Retries": 3})
        self.wait_status("h_cli", "healthy")
        out = self.daemon.cli("run", "--no-healthcheck", "--health-cmd", "true", "busybox",
                              check=False)
        self.assertNotEqual(out.returncode, 0)
        self.assertIn("--no-healthcheck conflicts with --health-* options", out.stderr)

    def test_docker_validation_errors(self):
        for field, value, text in (
                ("Interval", 500000, "Interval in Healthcheck cannot be less than 1ms"),
                ("Timeout", 1, "Timeout in Healthcheck cannot be less than 1ms"),
                ("Retries", -1, "Retries in Healthcheck cannot be negative"),
                ("StartPeriod", 10, "StartPeriod in Healthcheck cannot be less than 1ms")):
            body = {"Image": "busybox", "Healthcheck": {"Test": ["CMD", "true"], field: value}}
            status, answer = self.daemon.api_json("POST", "/containers/create", body)
            self.assertEqual((status, answer), (400, {"message": text}))
        status, answer = self.daemon.api_json("GET", '/containers/json?filters={"health":["ok"]}')
        self.assertEqual((status, answer),
                         (400, {"message": "Unrecognised filter value for health: ok"}))


if __name__ == "__main__":
    unittest.main()
