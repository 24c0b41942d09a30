"""Create bodies decoded as Docker's typed structs: wrongly typed fields are a 400 naming the
field (raw API and the Python SDK), unknown runtimes and capabilities are refused, GroupAdd
(numeric) reaches `id`, --init runs a reaper as PID 1, Init, Runtime and LogConfig are shown,
and inspect keeps every key with Docker's zero values."""

import json
import time
import unittest

import docker

from testdaemon import DaemonTestCase

# Keys dockerd's inspect always has (moby api/types/container), checked for presence.
HOST_CONFIG_KEYS = [
    "Binds", "ContainerIDFile", "LogConfig", "NetworkMode", "PortBindings", "RestartPolicy",
    "AutoRemove", "VolumeDriver", "VolumesFrom", "ConsoleSize", "CapAdd", "CapDrop",
    "CgroupnsMode", "Dns", "DnsOptions", "DnsSearch", "ExtraHosts", "GroupAdd", "IpcMode",
    "Cgroup", "Links", "OomScoreAdj", "PidMode", "Privileged", "PublishAllPorts",
    "ReadonlyRootfs", "SecurityOpt", "UTSMode", "UsernsMode", "ShmSize", "Isolation",
    "CpuShares", "Memory", "NanoCpus", "CgroupParent", "BlkioWeight", "BlkioWeightDevice",
    "BlkioDeviceReadBps", "BlkioDeviceWriteBps", "BlkioDeviceReadIOps", "BlkioDeviceWriteIOps",
    "CpuPeriod", "CpuQuota", "CpuRealtimePeriod", "CpuRealtimeRuntime", "CpusetCpus",
    "CpusetMems", "Devices", "DeviceCgroupRules", "DeviceRequests", "MemoryReservation",
    "MemorySwap", "MemorySwappiness", "OomKillDisable", "PidsLimit", "Ulimits", "CpuCount",
    "CpuPercent", "IOMaximumIOps", "IOMaximumBandwidth", "MaskedPaths", "ReadonlyPaths"]
CONFIG_KEYS = [
    "Hostname", "Domainname", "User", "AttachStdin", "AttachStdout", "AttachStderr", "Tty",
    "OpenStdin", "StdinOnce", "Env", "Cmd", "Image", "Volumes", "WorkingDir", "Entrypoint",
    "OnBuild", "Labels"]


class CreateTypesTest(DaemonTestCase):
    import_busybox = True

    def create_raw(self, body):
        status, _, data = self.daemon.api("POST", "/containers/create", body)
        reply = json.loads(data) if data.strip() else {}
        if status == 201:
            self.addCleanup(self.daemon.api, "DELETE", "/containers/%s?force=1" % reply["Id"])
        return status, reply

    def test_wrong_types_are_400_naming_the_field(self):
        status, reply = self.create_raw({"Image": "busybox", "HostConfig": {"Memory": "abc"}})
        self.assertEqual(status, 400)
        self.assertIn("Memory", reply["message"])
        self.assertIn("int64", reply["message"])
        status, reply = self.create_raw({"Image": "busybox", "Cmd": 5})
        self.assertEqual(status, 400)
        self.assertIn("Cmd", reply["message"])
        self.assertEqual(self.daemon.docker("ps", "-aq").stdout.strip(), "")

    def test_sdk_gets_api_error_400(self):
        api = self.daemon.sdk().api
        for body, field in [({"Image": "busybox", "HostConfig": {"Memory": "abc"}}, "Memory"),
                            ({"Image": "busybox", "Cmd": 5}, "Cmd")]:
            with self.assertRaises(docker.errors.APIError) as caught:
                api.create_container_from_config(body)
            self.assertEqual(caught.exception.status_code, 400)
            self.assertIn(field, caught.exception.explanation)

    def test_strings_for_lists_and_nulls_are_accepted(self):
        status, reply = self.create_raw({
            "Image": "busybox", "Cmd": "true", "Env": None, "Labels": None,
            "HostConfig": {"CapAdd": "net_admin", "NetworkMode": "default", "Memory": None,
                           "RestartPolicy": {"Name": ""}, "LogConfig": {"Type": ""},
                           "MemorySwappiness": -1, "Unknown": 1}})
        self.assertEqual(status, 201, reply)
        info = self.daemon.sdk().api.inspect_container(reply["Id"])
        self.assertEqual(info["Config"]["Cmd"], ["true"])
        hc = info["HostConfig"]
        self.assertEqual(hc["CapAdd"], ["CAP_NET_ADMIN"])
        self.assertEqual(hc["NetworkMode"], "bridge")
        self.assertEqual(hc["RestartPolicy"], {"Name": "no", "MaximumRetryCount": 0})
        self.assertEqual(hc["LogConfig"], {"Type": "json-file", "Config": {}})
        self.assertIsNone(hc["MemorySwappiness"])
        self.assertEqual(hc["Runtime"], "runc")

    def test_unknown_runtime_is_refused(self):
        res = self.daemon.docker("create", "--runtime", "nosuch", "busybox", "true", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("Error response from daemon: unknown or invalid runtime name: nosuch",
                      res.stderr)
        res = self.daemon.docker("run", "--rm", "--runtime", "nosuch", "busybox", "true",
                                 check=False)
        self.assertEqual(res.returncode, 125)
        self.assertIn("unknown or invalid runtime name: nosuch", res.stderr)
        cid = self.daemon.docker("create", "--runtime", "runc", "busybox", "true").stdout.strip()
        self.addCleanup(self.daemon.docker, "rm", "-f", cid, check=False)
        out = self.daemon.docker("inspect", "-f", "{{.HostConfig.Runtime}}", cid).stdout.strip()
        self.assertEqual(out, "runc")

    def test_unknown_capability_is_refused(self):
        res = self.daemon.docker("create", "--cap-add", "foo", "busybox", "true", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn('unknown capability: "CAP_FOO"', res.stderr)
        with self.assertRaises(docker.errors.APIError) as caught:
            self.daemon.sdk().containers.create("busybox", "true", cap_drop=["nosuch"])
        self.assertEqual(caught.exception.status_code, 400)

    def test_group_add_shows_in_id(self):
        res = self.daemon.docker("run", "--rm", "--group-add", "1234", "--group-add", "20",
                                 "busybox", "id")
        groups = res.stdout.split("groups=")[1]
        self.assertIn("1234", groups)
        self.assertIn("20", groups)

    def test_init_runs_the_command_below_a_reaper_that_forwards_signals(self):
        d = self.daemon
        out = d.docker("run", "--rm", "--init", "busybox", "sh", "-c", "echo $$").stdout.strip()
        self.assertNotEqual(out, "1")
        comm = d.docker("run", "--rm", "--init", "busybox", "cat", "/proc/1/comm").stdout
        self.assertEqual(comm.strip(), "docker-init")
        self.assertEqual(d.docker("run", "--rm", "--init", "busybox", "sh", "-c", "exit 7",
                                  check=False).returncode, 7)
        # sleep as PID 1 would ignore SIGTERM; under the reaper it dies of it at once.
        d.docker("run", "-d", "--init", "--name", "initstop", "busybox", "sleep", "1000")
        self.addCleanup(d.docker, "rm", "-f", "initstop", check=False)
        started = time.monotonic()
        d.docker("stop", "-t", "20", "initstop")
        self.assertLess(time.monotonic() - started, 15)
        code = d.docker("inspect", "-f", "{{.State.ExitCode}}", "initstop").stdout.strip()
        self.assertEqual(code, "143")
        res = d.docker("run", "--rm", "--init", "busybox", "nosuch", check=False)
        self.assertEqual(res.returncode, 127)

    def test_init_log_config_and_every_key_in_inspect(self):
        cid = self.daemon.docker("create", "--init", "--log-opt", "max-size=1m",
                                 "--stop-timeout", "3", "-p", "127.0.0.1:8080:80",
                                 "busybox", "true").stdout.strip()
        self.addCleanup(self.daemon.docker, "rm", "-f", cid, check=False)
        info = json.loads(self.daemon.docker("inspect", cid).stdout)[0]
        hc, config = info["HostConfig"], info["Config"]
        self.assertIs(hc["Init"], True)
        self.assertEqual(hc["LogConfig"], {"Type": "json-file", "Config": {"max-size": "1m"}})
        self.assertEqual(hc["PortBindings"], {"80/tcp": [{"HostIp": "127.0.0.1",
                                                          "HostPort": "8080"}]})
        self.assertEqual(config["StopTimeout"], 3)
        self.assertEqual(config["ExposedPorts"], {"80/tcp": {}})
        self.assertEqual([k for k in HOST_CONFIG_KEYS if k not in hc], [])
        self.assertEqual([k for k in CONFIG_KEYS if k not in config], [])
        for key in ("State", "GraphDriver", "NetworkSettings", "Mounts", "ExecIDs"):
            self.assertIn(key, info)


if __name__ == "__main__":
    unittest.main()
