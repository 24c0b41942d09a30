"""docker's management commands through our CLI: `container ls|run|rm|inspect|prune|...` and
`image ls|rm|inspect|tag|import|history`, their help layout, and `history`."""

import unittest

import rootfs
from testdaemon import DaemonTestCase


def mine(text):
    return text.replace("docker", "mydocker")


class CliManagementTest(DaemonTestCase):
    import_busybox = True

    def test_container_subcommands_run_the_top_level_ones(self):
        d = self.daemon
        self.assertEqual(d.cli("container", "run", "--rm", "busybox", "echo", "hi").stdout, "hi\n")
        d.cli("container", "run", "-d", "--name", "svc", "busybox", "sleep", "1000")
        self.addCleanup(d.cli, "rm", "-f", "svc", check=False)
        for ls in (("container", "ls"), ("container", "list"), ("container", "ps")):
            self.assertEqual(d.cli(*ls, "--format", "{{.Names}} {{.State}}").stdout, "svc running\n")
        d.cli("container", "pause", "svc")
        self.assertIn("(Paused)", d.cli("container", "ls").stdout)
        d.cli("container", "unpause", "svc")
        d.cli("container", "stop", "-t", "1", "svc")
        self.assertEqual(d.cli("container", "wait", "svc").stdout, "137\n")
        self.assertEqual(d.cli("container", "inspect", "-f", "{{.State.Status}}", "svc").stdout, "exited\n")
        d.cli("container", "rename", "svc", "svc2")
        d.cli("container", "start", "svc2")
        d.cli("container", "rm", "-f", "svc2")
        d.cli("container", "create", "--name", "leftover", "busybox", "true")
        out = d.cli("container", "prune", "-f").stdout
        self.assertIn("Deleted Containers:", out)
        self.assertEqual(d.cli("container", "ls", "-aq").stdout, "")

    def test_image_subcommands(self):
        d = self.daemon
        image_id = d.cli("image", "import", "-c", 'CMD ["sh"]', rootfs.busybox_rootfs_tar(), "bb").stdout.strip()
        d.cli("image", "tag", "bb", "bb:two")
        self.assertEqual(d.cli("image", "ls", "--format", "{{.Tag}}", "bb").stdout.split(), ["latest", "two"])
        self.assertEqual(d.cli("image", "list", "-q", "bb").stdout.split(), [image_id[7:19]] * 2)
        self.assertEqual(d.cli("image", "inspect", "-f", "{{.Id}}", "bb:two").stdout.strip(), image_id)
        self.assertIn("Untagged: bb:two", d.cli("image", "rm", "bb:two").stdout)
        self.assertIn("Deleted: " + image_id, d.cli("image", "remove", "bb").stdout)

    def test_history_matches_docker(self):
        d = self.daemon
        for args in (("history", "busybox"), ("image", "history", "--no-trunc", "busybox"),
                     ("history", "-q", "busybox"), ("history", "-H=false", "busybox"),
                     ("history", "--format", "{{.ID}} {{.CreatedBy}} {{.Size}} {{.Comment}}", "busybox")):
            ours, theirs = d.cli(*args), d.docker(*args)
            self.assertEqual(ours.stdout, theirs.stdout, args)

    def test_help_layout_matches_docker(self):
        d = self.daemon
        for args in (("container", "ls"), ("ps",), ("image", "rm"), ("rmi",), ("container", "run"),
                     ("history",)):
            ours = d.cli(*args, "--help").stdout.splitlines()
            theirs = mine(d.docker(*args, "--help").stdout).splitlines()
            self.assertEqual(ours[:6], theirs[:6], args)  # usage, description, aliases
        group = d.cli("container", "--help").stdout
        self.assertTrue(group.startswith("Usage:  mydocker container COMMAND\n\nManage containers\n\nCommands:\n"))
        docker_lines = set(d.docker("container", "--help").stdout.splitlines())
        for line in group.splitlines()[5:-2]:
            if line.startswith("  "):
                self.assertIn(line, docker_lines)
        self.assertIn("  container   Manage containers", d.cli("--help").stdout)
        res = d.cli("container", "nosuch", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("unknown command: mydocker container nosuch", res.stderr)


if __name__ == "__main__":
    unittest.main()
