"""Dockerfile builds (issue 14): the classic builder through our CLI, the docker CLI
(DOCKER_BUILDKIT=0) and the Python SDK; cache, multi-stage, .dockerignore, ARG, USER,
ENTRYPOINT + CMD, failing RUN, hostile contexts. One daemon for the module."""

import io
import json
import os
import shutil
import tarfile
import tempfile
import time
import urllib.parse

from build_context import classic_docker, write_tree
from testdaemon import DaemonTestCase

APP_DOCKERFILE = """\
FROM busybox
WORKDIR /app
COPY app.sh ./
COPY data/ ./data/
RUN chmod +x app.sh && echo built > built.txt
CMD ["sh", "/app/app.sh"]
"""


class BuildTest(DaemonTestCase):
    import_busybox = True

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="mydocker-build-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def context(self, files, name="ctx"):
        root = os.path.join(self.tmp, name)
        os.makedirs(root, exist_ok=True)
        write_tree(root, files)
        return root

    def classic_docker(self, *args, check=True):
        return classic_docker(self.daemon, *args, check=check)

    def no_containers_left(self):
        self.assertEqual(self.daemon.cli("ps", "-a", "-q").stdout.strip(), "")

    def test_app_build_runs_and_cache(self):
        ctx = self.context({"Dockerfile": APP_DOCKERFILE, "app.sh": "cat /app/built.txt\n"
                            "cat /app/data/x.txt\n", "data/x.txt": "payload\n"})
        start = time.monotonic()
        first = self.daemon.cli("build", "-t", "app1", ctx).stdout
        cold = time.monotonic() - start
        self.assertIn("Step 1/6 : FROM busybox", first)
        self.assertIn("Successfully tagged app1:latest", first)
        self.assertNotIn("Using cache", first)
        out = self.daemon.cli("run", "--rm", "app1").stdout
        self.assertEqual(out, "built\npayload\n")
        start = time.monotonic()
        again = self.daemon.cli("build", "-t", "app1", ctx).stdout
        cached = time.monotonic() - start
        self.assertEqual(again.count("Using cache"), 5, again)
        self.assertLess(cached * 3, cold, "cached %.3fs vs cold %.3fs" % (cached, cold))
        write_tree(ctx, {"app.sh": "echo changed\n"})
        third = self.daemon.cli("build", "-t", "app1", ctx).stdout
        self.assertEqual(third.count("Using cache"), 1, third)  # WORKDIR only
        self.assertEqual(self.daemon.cli("run", "--rm", "app1").stdout, "changed\n")
        self.no_containers_left()

    def test_docker_cli_classic_and_sdk(self):
        ctx = self.context({"Dockerfile": APP_DOCKERFILE, "app.sh": "echo from-app\n",
                            "data/x.txt": "x\n"})
        res = self.classic_docker("build", "-t", "app2", ctx)
        self.assertIn("Successfully built", res.stdout)
        self.assertEqual(self.daemon.docker("run", "--rm", "app2").stdout, "from-app\n")
        image, logs = self.daemon.sdk().images.build(path=ctx, tag="app3")
        self.assertIn("app3:latest", image.tags)
        self.assertTrue(any("Using cache" in l.get("stream", "") for l in logs))

    def test_multi_stage_copies_only_the_artefact(self):
        ctx = self.context({"Dockerfile": "FROM busybox AS builder\n"
                            "RUN echo artefact > /out.txt && echo junk > /junk.txt\n"
                            "FROM busybox\nCOPY --from=builder /out.txt /out.txt\n"
                            'CMD ["cat", "/out.txt"]\n'})
        self.daemon.cli("build", "-t", "multi", ctx)
        self.assertEqual(self.daemon.cli("run", "--rm", "multi").stdout, "artefact\n")
        res = self.daemon.cli("run", "--rm", "multi", "ls", "/junk.txt", check=False)
        self.assertNotEqual(res.returncode, 0)
        layers = json.loads(self.daemon.cli("image", "inspect", "multi").stdout)[0]
        base = json.loads(self.daemon.cli("image", "inspect", "busybox").stdout)[0]
        self.assertEqual(len(layers["RootFS"]["Layers"]), len(base["RootFS"]["Layers"]) + 1)

    def test_dockerignore_keeps_files_out(self):
        ctx = self.context({"Dockerfile": "FROM busybox\nCOPY . /ctx/\n",
                            ".dockerignore": "secret.txt\n*.log\n!keep.log\n",
                            "secret.txt": "s3cret", "a.log": "a", "keep.log": "k",
                            "main.sh": "m"})
        self.daemon.cli("build", "-t", "ignored", ctx)
        listing = self.daemon.cli("run", "--rm", "ignored", "ls", "/ctx").stdout.split()
        self.assertIn("main.sh", listing)
        self.assertIn("keep.log", listing)
        self.assertNotIn("secret.txt", listing)
        self.assertNotIn("a.log", listing)

    def test_args_user_entrypoint_cmd(self):
        ctx = self.context({"Dockerfile": "FROM busybox\nARG GREETING=hello\n"
                            "ENV G=$GREETING\nUSER 1000:1000\nRUN id -u\n"
                            'ENTRYPOINT ["echo"]\nCMD ["default-arg"]\n'})
        out = self.daemon.cli("build", "--build-arg", "GREETING=hi", "-t", "argy", ctx).stdout
        self.assertIn("1000\n", out)
        self.assertEqual(self.daemon.cli("run", "--rm", "argy").stdout, "default-arg\n")
        self.assertEqual(self.daemon.cli("run", "--rm", "argy", "x").stdout, "x\n")
        config = json.loads(self.daemon.cli("image", "inspect", "argy").stdout)[0]["Config"]
        self.assertEqual(config["User"], "1000:1000")
        self.assertIn("G=hi", config["Env"])

    def test_failing_run_exits_with_its_code(self):
        ctx = self.context({"Dockerfile": "FROM busybox\nRUN echo before && exit 3\n"})
        res = self.daemon.cli("build", "-t", "broken", ctx, check=False)
        self.assertEqual(res.returncode, 3, res.stdout + res.stderr)
        self.assertIn("returned a non-zero code: 3", res.stderr)
        self.assertIn("before", res.stdout)
        docker = self.classic_docker("build", ctx, check=False)
        self.assertEqual(docker.returncode, 3, docker.stderr)
        self.no_containers_left()
        self.assertNotIn("broken", self.daemon.cli("images").stdout)

    def test_parse_error_is_an_http_error(self):
        ctx = self.context({"Dockerfile": "FROM busybox\nFOO bar\n"})
        res = self.daemon.cli("build", ctx, check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("dockerfile parse error line 2: unknown instruction: FOO", res.stderr)

    def test_hostile_context_stays_inside(self):
        outside = os.path.join(self.tmp, "outside-secret")
        with open(outside, "w") as f:
            f.write("host-secret")
        ctx = self.context({"Dockerfile": "FROM busybox\nCOPY link /x\n"})
        os.symlink(outside, os.path.join(ctx, "link"))
        res = self.daemon.cli("build", "-t", "hostile1", ctx, check=False)
        if res.returncode == 0:
            out = self.daemon.cli("run", "--rm", "hostile1", "cat", "/x", check=False).stdout
            self.assertNotIn("host-secret", out)
        ctx2 = self.context({"Dockerfile": "FROM busybox\nCOPY ../outside-secret /x\n"},
                            name="ctx2")
        res = self.daemon.cli("build", ctx2, check=False)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("COPY failed: forbidden path outside the build context: ../outside-secret ()",
                      res.stderr)
        # An image whose symlinks point at host paths: COPY writes stay in the image.
        hostdir = os.path.join(self.tmp, "hostdir")
        os.makedirs(hostdir)
        ctx3 = self.context({"Dockerfile": "FROM busybox\nRUN ln -s %s /escape && ln -s / /r\n"
                             "COPY f /escape/f\nCOPY f %s/g\n" % (hostdir, "/r" + hostdir),
                             "f": "data"}, name="ctx3")
        self.daemon.cli("build", "-t", "hostile2", ctx3)
        self.assertEqual(os.listdir(hostdir), [])
        out = self.daemon.cli("run", "--rm", "hostile2", "cat", hostdir + "/f", hostdir + "/g")
        self.assertEqual(out.stdout, "datadata")
        # A raw context whose member climbs out is refused, and nothing lands outside.
        data = io.BytesIO()
        with tarfile.open(fileobj=data, mode="w") as tar:
            for name, content in (("Dockerfile", b"FROM busybox\n"),
                                  ("../../../../tmp/mydocker-build-escape", b"x")):
                info = tarfile.TarInfo(name)
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))
        status, _, body = self.daemon.api("POST", "/build?t=hostile3", data.getvalue(),
                                          {"Content-Type": "application/x-tar"})
        self.assertFalse(os.path.exists("/tmp/mydocker-build-escape"), body)
        self.no_containers_left()

    def test_onbuild_healthcheck_labels_target(self):
        base = self.context({"Dockerfile": "FROM busybox\n"
                             "ONBUILD RUN echo triggered > /t.txt\n"}, name="base")
        self.daemon.cli("build", "-t", "onb", base)
        child = self.context({"Dockerfile": "FROM onb\n"
                              "HEALTHCHECK --interval=5s --retries=2 CMD true\n"
                              'CMD ["cat", "/t.txt"]\n'}, name="child")
        out = self.daemon.cli("build", "--label", "team=ml", "-t", "onb-child", child).stdout
        self.assertIn("# Executing 1 build trigger", out)
        self.assertEqual(self.daemon.cli("run", "--rm", "onb-child").stdout, "triggered\n")
        config = json.loads(self.daemon.cli("image", "inspect", "onb-child").stdout)[0]["Config"]
        self.assertEqual(config["Healthcheck"]["Test"], ["CMD-SHELL", "true"])
        self.assertEqual(config["Healthcheck"]["Interval"], 5000000000)
        self.assertEqual(config["Labels"].get("team"), "ml")
        self.assertFalse(config.get("OnBuild"))
        staged = self.context({"Dockerfile": "FROM busybox AS one\nRUN echo 1 > /one\n"
                               "FROM busybox AS two\nRUN exit 9\n"}, name="staged")
        self.daemon.cli("build", "--target", "one", "-t", "first-stage", staged)
        self.assertEqual(self.daemon.cli("run", "--rm", "first-stage", "cat", "/one").stdout, "1\n")

    def test_add_tar_chown_dockerfile_elsewhere_and_stdin(self):
        ctx = self.context({"hello.txt": "hello\n"})
        with tarfile.open(os.path.join(ctx, "files.tgz"), "w:gz") as tar:
            tar.add(os.path.join(ctx, "hello.txt"), arcname="inner/hello.txt")
        dockerfile = os.path.join(self.tmp, "elsewhere.Dockerfile")
        with open(dockerfile, "w") as f:
            f.write("FROM busybox\nADD files.tgz /data/\nCOPY --chown=1000:1001 hello.txt /h\n")
        self.daemon.cli("build", "-f", dockerfile, "-t", "added", ctx)
        out = self.daemon.cli("run", "--rm", "added", "sh", "-c",
                              "cat /data/inner/hello.txt; stat -c %u:%g /h").stdout
        self.assertEqual(out, "hello\n1000:1001\n")
        res = self.daemon.cli("build", "-q", "-t", "from-stdin", "-",
                              input="FROM busybox\nENV FROM_STDIN=1\n")
        self.assertTrue(res.stdout.strip().startswith("sha256:"), res.stdout)

    def test_add_from_a_loopback_url(self):
        import http.server
        import threading
        served = os.path.join(self.tmp, "served")
        os.makedirs(served)
        write_tree(served, {"model.bin": "weights\n"})

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

        handler = lambda *a: Quiet(*a, directory=served)
        server = http.server.HTTPServer(("127.0.0.1", 0), handler)
        self.addCleanup(server.server_close)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self.addCleanup(server.shutdown)
        url = "http://127.0.0.1:%d/model.bin" % server.server_address[1]
        ctx = self.context({"Dockerfile": "FROM busybox\nADD %s /models/\n" % url})
        self.daemon.cli("build", "-t", "url-add", ctx)
        out = self.daemon.cli("run", "--rm", "url-add", "sh", "-c",
                              "cat /models/model.bin; stat -c %a /models/model.bin").stdout
        self.assertEqual(out, "weights\n600\n")

    def test_cache_survives_restart(self):
        ctx = self.context({"Dockerfile": "FROM busybox\nRUN echo cached > /c\n"})
        self.daemon.cli("build", "-t", "survivor", ctx)
        self.daemon.restart()
        out = self.daemon.cli("build", "-t", "survivor", ctx).stdout
        self.assertIn("Using cache", out)
        out = self.daemon.cli("build", "--no-cache", "-t", "survivor", ctx).stdout
        self.assertNotIn("Using cache", out)

    def test_build_prune(self):
        status, body = self.daemon.api_json("POST", "/build/prune")
        self.assertEqual(status, 200)
        self.assertIn("SpaceReclaimed", body)


if __name__ == "__main__":
    import unittest
    unittest.main()
