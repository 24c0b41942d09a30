"""Our CLI's --format (Go templates), ps -s, images -q/--digests/--format and inspect -f,
checked against what the real docker CLI prints for the same daemon."""

import json
import re
import unittest

from testdaemon import DaemonTestCase

# Fields that do not change between two calls a moment apart.
STABLE_PS = ('table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.CreatedAt}}\t{{.Ports}}\t{{.State}}\t'
             '{{.Size}}\t{{.Names}}\t{{.Labels}}\t{{.Label "tier"}}\t{{.Mounts}}\t{{.Networks}}')


def without_times(lines):
    rows = [json.loads(line) for line in lines.splitlines()]
    for row in rows:
        row.pop("RunningFor", None)
        row.pop("Status", None)
    return rows


class CliPsFormatTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        d = cls.daemon
        d.cli("run", "-d", "--name", "web", "-l", "tier=front", "-l", "app=shop", "busybox",
              "sh", "-c", "echo hello > /greeting; exec sleep 1000")
        d.cli("create", "--name", "idle", "busybox", "sh", "-c",
              "echo a very long command line that docker truncates")

    def test_table_templates_match_docker(self):
        d = self.daemon
        for fmt in (STABLE_PS, "table {{.ID}}\t", "{{.Names}}: {{.Command}} {{.LocalVolumes}}",
                    "{{json .Labels}} {{.Label \"app\"}}"):
            for extra in ((), ("-a",), ("-a", "--no-trunc")):
                args = ("ps",) + extra + ("--format", fmt)
                self.assertEqual(d.cli(*args).stdout, d.docker(*args).stdout, args)

    def test_table_header_and_columns(self):
        lines = self.daemon.cli("ps", "-a", "--format", "table {{.Names}}\t{{.State}}").stdout.splitlines()
        self.assertEqual(lines[0], "NAMES     STATE")
        self.assertEqual(sorted(lines[1:]), ["idle      created", "web       running"])
        self.assertEqual(self.daemon.cli("ps", "--format", "{{.Names}}").stdout, "web\n")

    def test_json_is_one_object_per_line_like_docker(self):
        d = self.daemon
        ours = d.cli("ps", "-a", "--format", "json").stdout
        self.assertEqual(without_times(ours), without_times(d.docker("ps", "-a", "--format", "json").stdout))
        first = json.loads(ours.splitlines()[0])
        self.assertEqual(sorted(first), sorted(["Command", "CreatedAt", "ID", "Image", "Labels", "LocalVolumes",
                                                "Mounts", "Names", "Networks", "Platform", "Ports",
                                                "RunningFor", "Size", "State", "Status"]))
        self.assertEqual(first["Size"], "0B")  # sizes only with -s

    def test_size_column(self):
        d = self.daemon
        lines = d.cli("ps", "-s").stdout.splitlines()
        self.assertTrue(lines[0].endswith("NAMES     SIZE"), lines[0])
        self.assertRegex(lines[1], r"web\s+\d+(\.\d+)?k?B \(virtual \d+(\.\d+)?MB\)$")
        fmt = "table {{.Names}}\t{{.Size}}"
        self.assertEqual(d.cli("ps", "-s", "--format", fmt).stdout, d.docker("ps", "-s", "--format", fmt).stdout)
        # A format that shows .Size asks the daemon for sizes without -s, as docker does.
        self.assertIn("(virtual ", d.cli("ps", "--format", "{{.Size}}").stdout)

    def test_quiet_wins_and_template_errors(self):
        d = self.daemon
        res = d.cli("ps", "-q", "--format", "{{.Names}}")
        self.assertEqual(res.stdout.strip(), d.docker("ps", "-q").stdout.strip())
        self.assertIn("WARNING: Ignoring custom format, because both --format and --quiet are set.", res.stderr)
        for fmt in ("{{.Nope}}", "{{.Names", "{{nofunc .Names}}"):
            ours, theirs = d.cli("ps", "--format", fmt, check=False), d.docker("ps", "--format", fmt, check=False)
            self.assertEqual((ours.returncode, ours.stderr), (theirs.returncode, theirs.stderr), fmt)

    def test_raw_format(self):
        d = self.daemon
        self.assertEqual(d.cli("ps", "-s", "--format", "raw").stdout.replace(self._status(), ""),
                         d.docker("ps", "-s", "--format", "raw").stdout.replace(self._status(), ""))

    def _status(self):
        return self.daemon.docker("ps", "--format", "{{.Status}}").stdout.strip()


if __name__ == "__main__":
    unittest.main()


class CliInspectImagesFormatTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        d = cls.daemon
        d.cli("run", "-d", "--name", "web", "-l", "a=b", "-l", "c=d", "-e", "GREETING=hi there", "busybox",
              "sleep", "1000")
        d.cli("create", "--name", "idle", "busybox", "true")
        d.cli("tag", "busybox", "other:v1")

    def same(self, *args):
        ours, theirs = self.daemon.cli(*args, check=False), self.daemon.docker(*args, check=False)
        self.assertEqual((ours.returncode, ours.stdout, ours.stderr),
                         (theirs.returncode, theirs.stdout, theirs.stderr), args)
        return ours

    def test_inspect_format_matches_docker(self):
        for fmt in ("{{.Name}} {{.State.Status}} {{.State.Running}} {{.State.Pid}}",
                    "{{.Config.Env}} {{.Config.Labels}} {{.Config.Cmd}} {{.Args}}",
                    "{{json .Config.Labels}} {{.Config.Cmd | json}} {{json .Config.Entrypoint}}",
                    '{{index .Config.Labels "a"}}|{{index .Config.Labels "missing"}}',
                    "{{.Config.Entrypoint}}|{{.HostConfig.Binds}}|{{.NetworkSettings.Ports}}|{{.State.Health}}",
                    '{{range .Config.Env}}<{{.}}>{{end}} {{join .Config.Cmd ","}} {{upper .State.Status}}',
                    '{{if .State.Running}}up{{else if .State.Paused}}paused{{else}}down{{end}}',
                    '{{printf "%s:%d" .Name .State.ExitCode}} {{lower "ABC"}} {{len .Config.Env}}',
                    "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}",
                    "{{.Nope}}", "{{.State.Nope}}", "{{.Name.X}}", "{{.State.Health.Status}}",
                    "{{.Name", "{{nofunc .Name}}", "json"):
            self.same("inspect", "-f", fmt, "web", "idle", "nosuch")
            self.same("inspect", "--format", fmt, "busybox")
        out = self.same("inspect", "-f", "{{.State.Status}}", "web", "idle").stdout
        self.assertEqual(out, "running\ncreated\n")

    def test_inspect_size(self):
        self.same("inspect", "-f", "{{.SizeRw}} {{.SizeRootFs}}", "web")  # <nil> without -s
        out = self.same("inspect", "-s", "-f", "{{.SizeRw}} {{.SizeRootFs}}", "web").stdout.split()
        self.assertTrue(0 <= int(out[0]) < int(out[1]), out)

    def test_container_and_image_inspect(self):
        self.same("container", "inspect", "-f", "{{.Name}}", "web", "nosuch")
        self.same("image", "inspect", "-f", "{{.Id}} {{.RepoTags}} {{.Config.Cmd}}", "busybox", "nosuch")
        self.same("inspect", "--type", "image", "-f", "{{.Id}}", "web")
        self.same("inspect", "--type", "bogus", "web")

    def test_images_formats_match_docker(self):
        full = ("table {{.ID}}\t{{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.CreatedAt}}\t{{.Size}}\t"
                "{{.SharedSize}}\t{{.UniqueSize}}\t{{.VirtualSize}}\t{{.Containers}}")
        for args in (("-q",), ("-a",), ("--no-trunc", "-q"), ("--format", full),
                     ("--format", "json"), ("--format", "raw", "--digests"), ("-q", "--format", "{{.Tag}}"),
                     ("--format", "{{.Repository}}:{{.Tag}}"), ("--format", "{{.Foo}}"), ("--format", "{{.Foo"),
                     ("other",)):
            ours = self.daemon.cli("images", *args, check=False)
            theirs = self.daemon.docker("images", *args, check=False)
            self.assertEqual(ours.returncode, theirs.returncode, args)
            # docker lists an image's repositories in Go's random map order; the two commands
            # run a moment apart, so a relative age may differ ("Less than a second" vs "1 second").
            def lines(res):
                return sorted(re.sub(r'"CreatedSince":"[^"]*"', '"CreatedSince":""', l)
                              for l in res.stdout.splitlines())
            self.assertEqual((lines(ours), ours.stderr), (lines(theirs), theirs.stderr), args)
        lines = self.daemon.cli("images", "--format", "table {{.Repository}}\t{{.Tag}}").stdout.splitlines()
        self.assertEqual(lines, ["REPOSITORY   TAG", "busybox      latest", "other        v1"])
        lines = self.daemon.cli("images", "--digests").stdout.splitlines()
        self.assertEqual(lines[0].split(), ["REPOSITORY", "TAG", "DIGEST", "IMAGE", "ID", "CREATED", "SIZE"])
        self.assertEqual(lines[1].split()[:3], ["busybox", "latest", "<none>"])
