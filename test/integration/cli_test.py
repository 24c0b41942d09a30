"""Our mydocker CLI against a private daemon: version, info, help, errors (issue 2)."""

import json
import os
import unittest

from testdaemon import DaemonTestCase, TestDaemon, bin_dir


class CliSystemTest(DaemonTestCase):
    def test_version_prints_client_and_server(self):
        out = self.daemon.cli("version").stdout
        self.assertIn("Client:", out)
        self.assertIn("Server: mydocker", out)
        self.assertIn("API version:      1.44 (minimum version 1.24)", out)

    def test_docker_host_environment_is_honoured(self):
        res = self.daemon._run([os.path.join(bin_dir(), "mydocker"), "info"], None, True, 60)
        self.assertIn("Cgroup Driver: cgroupfs", res.stdout)
        self.assertIn("Docker Root Dir: " + self.daemon.data_root, res.stdout)

    def test_help_lists_commands_and_global_options(self):
        out = self.daemon.cli("--help").stdout
        self.assertIn("Usage:  mydocker [OPTIONS] COMMAND", out)
        self.assertIn("version", out)
        self.assertIn("-H, --host string", out)
        sub = self.daemon.cli("info", "--help").stdout
        self.assertIn("Usage:  mydocker info [OPTIONS]", sub)

    def test_unknown_command_fails(self):
        res = self.daemon.cli("frobnicate", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("'frobnicate' is not a mydocker command", res.stderr)

    def test_unreachable_daemon_is_reported_like_docker(self):
        argv = [os.path.join(bin_dir(), "mydocker"), "-H", "unix:///nonexistent/x.sock", "version"]
        res = self.daemon._run(argv, None, False, 60)
        self.assertEqual(res.returncode, 1)
        self.assertIn("Cannot connect to the Docker daemon at unix:///nonexistent/x.sock. "
                      "Is the docker daemon running?", res.stderr)


if __name__ == "__main__":
    unittest.main()


class CliImagesTest(DaemonTestCase):
    def test_import_images_tag_rmi(self):
        import rootfs
        image_id = self.daemon.cli("import", "-c", 'CMD ["sh"]', rootfs.busybox_rootfs_tar(), "bb").stdout.strip()
        self.assertTrue(image_id.startswith("sha256:"), image_id)
        self.daemon.cli("tag", "bb", "team/bb:2")
        table = self.daemon.cli("images").stdout.splitlines()
        self.assertEqual(table[0].split(), ["REPOSITORY", "TAG", "IMAGE", "ID", "CREATED", "SIZE"])
        rows = {tuple(line.split()[:3]) for line in table[1:]}
        self.assertIn(("bb", "latest", image_id[7:19]), rows)
        self.assertIn(("team/bb", "2", image_id[7:19]), rows)
        self.assertEqual(self.daemon.cli("images", "-q", "team/bb").stdout.split(), [image_id[7:19]])
        cmd = self.daemon.docker("image", "inspect", "--format", "{{json .Config.Cmd}}", "team/bb:2").stdout
        self.assertEqual(cmd.strip(), '["sh"]')
        res = self.daemon.cli("rmi", "team/bb:2", "nosuch", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("Untagged: team/bb:2", res.stdout)
        self.assertIn("Error response from daemon: No such image: nosuch:latest", res.stderr)
        out = self.daemon.cli("rmi", "bb").stdout
        self.assertIn("Deleted: " + image_id, out)
        self.assertEqual(self.daemon.cli("images", "-q").stdout.strip(), "")


class CliContainersTest(DaemonTestCase):
    import_busybox = True

    def test_ps_and_lifecycle_verbs(self):
        d = self.daemon
        d.docker("run", "-d", "--name", "web", "busybox", "sleep", "1000")
        d.docker("run", "--name", "done", "busybox", "sh", "-c", "exit 4", check=False)
        self.addCleanup(d.cli, "rm", "-f", "web", "done", check=False)
        lines = d.cli("ps").stdout.splitlines()
        self.assertEqual(lines[0].split(), ["CONTAINER", "ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"])
        self.assertEqual(len(lines), 2)
        self.assertIn('"sleep 1000"', lines[1])
        self.assertTrue(lines[1].rstrip().endswith("web"))
        self.assertIn("Exited (4)", d.cli("ps", "-a").stdout)
        self.assertEqual(d.cli("pause", "web").stdout, "web\n")
        self.assertIn("(Paused)", d.cli("ps").stdout)
        d.cli("unpause", "web")
        d.cli("stop", "-t", "1", "web")
        self.assertEqual(d.cli("wait", "web").stdout.strip(), "137")
        d.cli("start", "web")
        self.assertIn("Up ", d.cli("ps").stdout)
        res = d.cli("rm", "web", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("container is running", res.stderr)
        self.assertEqual(d.cli("rm", "-f", "web", "nosuch").returncode, 0)
        self.assertEqual(d.cli("ps", "-aq").stdout.split(), [d.docker("ps", "-aq").stdout.strip()])

    def test_logs_and_inspect(self):
        d = self.daemon
        d.docker("run", "--name", "talker", "busybox", "sh", "-c", "echo one; echo two >&2; echo three")
        self.addCleanup(d.cli, "rm", "-f", "talker", check=False)
        res = d.cli("logs", "talker")
        self.assertEqual(res.stdout, "one\nthree\n")  # streams are split, each in order
        self.assertEqual(res.stderr, "two\n")
        d.docker("run", "--name", "counter", "busybox", "sh", "-c", "echo 1; echo 2; echo 3")
        self.addCleanup(d.cli, "rm", "-f", "counter", check=False)
        self.assertEqual(d.cli("logs", "--tail", "2", "counter").stdout, "2\n3\n")
        self.assertRegex(d.cli("logs", "-t", "talker").stdout.splitlines()[0],
                         r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z one$")
        inspected = json.loads(d.cli("inspect", "talker", "busybox").stdout)
        self.assertEqual(inspected[0]["Name"], "/talker")
        self.assertEqual(inspected[0]["State"]["ExitCode"], 0)
        self.assertTrue(inspected[1]["Id"].startswith("sha256:"))
        res = d.cli("inspect", "nosuch", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("Error: No such object: nosuch", res.stderr)


class CliRunTest(DaemonTestCase):
    import_busybox = True

    def test_run_rm_output_and_exit_codes(self):
        d = self.daemon
        self.assertEqual(d.cli("run", "--rm", "busybox", "echo", "hi").stdout, "hi\n")
        res = d.cli("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3", check=False)
        self.assertEqual((res.returncode, res.stdout, res.stderr), (3, "out\n", "err\n"))
        res = d.cli("run", "--rm", "busybox", "nosuch", check=False)
        self.assertEqual(res.returncode, 127)
        self.assertIn('exec: "nosuch": executable file not found in $PATH', res.stderr)
        res = d.cli("run", "nosuchimage", check=False)
        self.assertEqual(res.returncode, 125)
        self.assertIn("Unable to find image 'nosuchimage:latest' locally", res.stderr)
        self.assertEqual(d.cli("ps", "-aq").stdout.strip(), "")

    def test_run_detached_and_create_with_options(self):
        d = self.daemon
        cid = d.cli("run", "-d", "--name", "bg", "-l", "k=v", "busybox", "sleep", "100").stdout.strip()
        self.addCleanup(d.cli, "rm", "-f", "bg", "opts", check=False)
        self.assertEqual(len(cid), 64)
        self.assertEqual(d.docker("inspect", "-f", "{{.Config.Labels.k}}", "bg").stdout.strip(), "v")
        d.cli("create", "--name", "opts", "-e", "A=1", "-w", "/srv", "-u", "1000", "-m", "64m", "--pids-limit", "20",
              "busybox", "sh", "-c", "echo $A; pwd; id -u")
        host = json.loads(d.cli("inspect", "opts").stdout)[0]["HostConfig"]
        self.assertEqual((host["Memory"], host["PidsLimit"]), (64 * 1024 * 1024, 20))
        d.cli("start", "opts")
        self.assertEqual(d.cli("wait", "opts").stdout.strip(), "0")
        self.assertEqual(d.cli("logs", "opts").stdout, "1\n/srv\n1000\n")
