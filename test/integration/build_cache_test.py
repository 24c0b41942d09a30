"""Builder gaps of issue 14: intermediate containers (rm=0, forcerm, a failed step's
container removed unless rm=0, as the issue asks), the cache and pruning (image prune takes the removed
images' steps out of the cache, builder prune reclaims it and the next build is cold),
--cache-from. Through the docker CLI (DOCKER_BUILDKIT=0) and the SDK. One daemon."""

import os
import shutil
import tempfile
import uuid

from build_context import classic_docker, write_tree
from testdaemon import DaemonTestCase


class BuildCacheTest(DaemonTestCase):
    import_busybox = True

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="mydocker-buildcache-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.addCleanup(self.remove_containers)

    def remove_containers(self):
        ids = self.daemon.cli("ps", "-a", "-q").stdout.split()
        if ids:
            self.daemon.cli("rm", "-f", *ids, check=False)

    def context(self, files):
        root = os.path.join(self.tmp, "ctx-" + uuid.uuid4().hex[:8])
        write_tree(root, files)
        return root

    def build(self, *args, check=True):
        return classic_docker(self.daemon, "build", *args, check=check)

    def containers(self):
        out = self.daemon.docker("ps", "-a", "--format", "{{.ID}} {{.Status}}").stdout
        return [line for line in out.splitlines() if line]

    def cache_records(self):
        return len(os.listdir(os.path.join(self.daemon.data_root, "builder", "cache")))

    def unique_run(self):
        return "RUN echo %s > /stamp\n" % uuid.uuid4().hex

    def test_rm_false_keeps_intermediate_containers(self):
        ctx = self.context({"Dockerfile": "FROM busybox\n" + self.unique_run()})
        res = self.build("--rm=false", "-t", "kept", ctx)
        self.assertIn("Running in", res.stdout)
        self.assertNotIn("Removing intermediate container", res.stdout)
        kept = self.containers()
        self.assertEqual(len(kept), 1, kept)
        self.assertIn("Exited (0)", kept[0])
        running_in = res.stdout.split("Running in ")[1][:12]
        self.assertTrue(kept[0].startswith(running_in), (kept, res.stdout))
        # The SDK's rm=False too.
        sdk_ctx = self.context({"Dockerfile": "FROM busybox\n" + self.unique_run()})
        self.daemon.sdk().images.build(path=sdk_ctx, rm=False, tag="kept-sdk")
        self.assertEqual(len(self.containers()), 2)

    def test_failed_step_container_removed_unless_rm_false(self):
        # The rule: a failed build leaves no container behind with the default --rm
        # (dockerd keeps it unless --force-rm); --rm=false keeps it for inspection.
        failing = "FROM busybox\n" + self.unique_run() + "RUN echo failing && exit 3\n"
        ctx = self.context({"Dockerfile": failing})
        res = self.build(ctx, check=False)
        self.assertEqual(res.returncode, 3, res.stderr)
        self.assertIn("returned a non-zero code: 3", res.stderr)
        self.assertIn("Removing intermediate container", res.stdout)
        self.assertEqual(self.containers(), [])
        res = self.build("--rm=false", ctx, check=False)
        self.assertEqual(res.returncode, 3, res.stderr)
        kept = self.containers()
        self.assertEqual(len(kept), 1, kept)  # the RUN that worked was cached
        self.assertIn("Exited (3)", kept[0])
        self.remove_containers()
        res = self.build("--force-rm", ctx, check=False)
        self.assertEqual(res.returncode, 3, res.stderr)
        self.assertEqual(self.containers(), [])
        with self.assertRaises(Exception):
            self.daemon.sdk().images.build(path=ctx, forcerm=True)
        self.assertEqual(self.containers(), [])

    def test_image_prune_takes_removed_images_out_of_the_cache(self):
        files = {"Dockerfile": "FROM busybox\nLABEL prune-test=1\n" + self.unique_run() +
                 "COPY f /f\n", "f": "one\n"}
        ctx = self.context(files)
        self.daemon.docker("image", "prune", "-f")  # what other tests left dangling
        records = self.cache_records()
        self.build("-t", "prunable", ctx)
        self.assertEqual(self.cache_records(), records + 3)
        records += 3
        write_tree(ctx, {"f": "two\n"})
        self.build("-t", "prunable", ctx)  # the first COPY image is dangling now
        self.assertEqual(self.cache_records(), records + 1)
        pruned = self.daemon.docker("image", "prune", "-f").stdout
        self.assertIn("deleted:", pruned)
        self.assertEqual(self.cache_records(), records)
        write_tree(ctx, {"f": "one\n"})
        out = self.build("-t", "prunable", ctx).stdout
        self.assertEqual(out.count("Using cache"), 2, out)  # LABEL and RUN; COPY is cold
        # prune -a (only this build's images: they carry the label) empties their steps.
        self.daemon.docker("image", "prune", "-a", "-f", "--filter", "label=prune-test=1")
        self.assertEqual(self.cache_records(), records - 3)
        out = self.build("-t", "prunable", ctx).stdout
        self.assertNotIn("Using cache", out)

    def test_builder_prune_reclaims_and_the_next_build_is_cold(self):
        ctx = self.context({"Dockerfile": "FROM busybox\n" + self.unique_run() +
                            "ENV A=1\n"})
        self.build("-t", "pruned-cache", ctx)
        self.assertIn("Using cache", self.build("-t", "pruned-cache", ctx).stdout)
        res = self.daemon.docker("builder", "prune", "-f")
        self.assertIn("Total reclaimed space:", res.stdout)
        self.assertNotIn("Total reclaimed space: 0B", res.stdout)
        self.assertEqual(self.cache_records(), 0)
        status, body = self.daemon.api_json("POST", "/build/prune")
        self.assertEqual((status, body["SpaceReclaimed"]), (200, 0))
        out = self.build("-t", "pruned-cache", ctx).stdout
        self.assertNotIn("Using cache", out)

    def short_id(self, ref):
        out = self.daemon.docker("image", "inspect", "-f", "{{.Id}}", ref).stdout.strip()
        return out.split(":")[1][:12]

    def test_cache_from_after_builder_prune(self):
        ctx = self.context({"Dockerfile": "FROM busybox\n" + self.unique_run() +
                            "COPY f /f\nENV X=1\n", "f": "one\n"})
        self.build("-t", "cf-src", ctx)
        self.daemon.docker("builder", "prune", "-f")
        out = self.build("--cache-from", "cf-src", "-t", "cf-again", ctx).stdout
        self.assertEqual(out.count("Using cache"), 3, out)
        self.assertIn("Successfully built " + self.short_id("cf-src"), out)
        # Content counts: a changed COPY source is not taken from the cache-from image.
        self.daemon.docker("builder", "prune", "-f")
        write_tree(ctx, {"f": "two\n"})
        out = self.build("--cache-from", "cf-src", "-t", "cf-changed", ctx).stdout
        self.assertEqual(out.count("Using cache"), 1, out)  # the RUN only
        # The SDK's cache_from, with an empty local cache again.
        self.daemon.docker("builder", "prune", "-f")
        write_tree(ctx, {"f": "one\n"})
        _, logs = self.daemon.sdk().images.build(path=ctx, cache_from=["cf-src"], tag="cf-sdk")
        self.assertEqual(sum("Using cache" in l.get("stream", "") for l in logs), 3, logs)
        # And our CLI's --cache-from.
        self.daemon.docker("builder", "prune", "-f")
        out = self.daemon.cli("build", "--cache-from", "cf-src", "-t", "cf-cli", ctx).stdout
        self.assertEqual(out.count("Using cache"), 3, out)

    def test_cache_from_a_loaded_image(self):
        ctx = self.context({"Dockerfile": "FROM busybox\n" + self.unique_run() +
                            "COPY f /f\nCMD [\"cat\", \"/f\"]\n", "f": "loaded\n"})
        self.build("-t", "cf-loaded", ctx)
        built = self.short_id("cf-loaded")
        archive = os.path.join(self.tmp, "saved.tar")
        self.daemon.docker("save", "-o", archive, "cf-loaded")
        self.daemon.docker("rmi", "cf-loaded")  # its intermediate images go with it
        self.daemon.docker("builder", "prune", "-f")
        self.daemon.docker("load", "-i", archive)
        self.assertEqual(self.short_id("cf-loaded"), built)
        out = self.build("--cache-from", "cf-loaded", "-t", "cf-rebuilt", ctx).stdout
        self.assertEqual(out.count("Using cache"), 3, out)
        self.assertIn("Successfully built " + built, out)
        self.assertEqual(self.daemon.docker("run", "--rm", "cf-rebuilt").stdout, "loaded\n")
        # Without --cache-from the (empty) local cache gives nothing.
        self.daemon.docker("builder", "prune", "-f")
        self.assertNotIn("Using cache", self.build("-t", "cf-cold", ctx).stdout)


if __name__ == "__main__":
    import unittest
    unittest.main()
