"""Issue 12, disk usage: GET /system/df (images with shared/unique size and container counts,
containers' SizeRw, volumes' UsageData, BuildCache), `mydocker system df [-v]` printed as the
docker CLI prints it, and `mydocker system prune` with docker's prompt and report."""

import unittest

from testdaemon import DaemonTestCase, wait_until

MIB = 1 << 20


class SystemDfTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        d = cls.daemon
        d.docker("run", "--name", "dfbig", "-v", "dfvol:/vol", "busybox", "sh", "-c",
                 "dd if=/dev/zero of=/big bs=1024 count=1024 && "
                 "dd if=/dev/zero of=/vol/v bs=1024 count=64")

    @classmethod
    def tearDownClass(cls):
        cls.daemon.api("DELETE", "/containers/dfbig?force=1")
        cls.daemon.api("DELETE", "/volumes/dfvol?force=1")
        super().tearDownClass()

    def df(self):
        status, body = self.daemon.api_json("GET", "/system/df")
        self.assertEqual(status, 200, body)
        return body

    def test_numbers_are_consistent(self):
        df = self.df()
        self.assertEqual(df["BuildCache"], [])
        big = [c for c in df["Containers"] if c["Names"] == ["/dfbig"]][0]
        self.assertGreaterEqual(big["SizeRw"], MIB)
        self.assertLess(big["SizeRw"], MIB + 64 * 1024)
        image = [i for i in df["Images"] if "busybox:latest" in i["RepoTags"]][0]
        self.assertGreaterEqual(image["Containers"], 1)
        self.assertEqual(image["SharedSize"], 0)
        self.assertEqual(df["LayersSize"], sum(i["Size"] for i in df["Images"]))
        vol = [v for v in df["Volumes"] if v["Name"] == "dfvol"][0]
        self.assertEqual(vol["UsageData"]["RefCount"], 1)
        self.assertGreaterEqual(vol["UsageData"]["Size"], 64 * 1024)
        # A tag of the same image shares nothing new: one more image entry, same layers.
        self.daemon.docker("tag", "busybox", "dfcopy:1")
        self.addCleanup(self.daemon.api, "DELETE", "/images/dfcopy:1")
        self.assertEqual(self.df()["LayersSize"], df["LayersSize"])
        only = self.daemon.api_json("GET", "/system/df?type=volume")[1]
        self.assertEqual(sorted(only), ["Volumes"])

    def test_sdk_df(self):
        df = self.daemon.sdk().df()
        self.assertIn("LayersSize", df)
        self.assertTrue(any(c["Names"] == ["/dfbig"] for c in df["Containers"]))

    def test_cli_prints_what_the_docker_cli_prints(self):
        for args in (["system", "df"], ["system", "df", "-v"],
                     ["system", "df", "--format", "{{.Type}}: {{.Size}}"]):
            ours, theirs = self.daemon.cli(*args), self.daemon.docker(*args)
            self.assertEqual(ours.stdout, theirs.stdout, args)
        self.assertIn("Containers      1         0         1.049MB   1.049MB (100%)",
                      self.daemon.cli("system", "df").stdout)

    def test_system_prune_prompt_and_report(self):
        self.daemon.docker("create", "--name", "dfprune", "--label", "dfprune=1", "busybox")
        self.addCleanup(self.daemon.api, "DELETE", "/containers/dfprune?force=1")
        declined = self.daemon.cli("system", "prune", "--volumes", input="n\n")
        self.assertEqual(declined.stdout,
                         "WARNING! This will remove:\n  - all stopped containers\n"
                         "  - all networks not used by at least one container\n"
                         "  - all anonymous volumes not used by at least one container\n"
                         "  - all dangling images\n  - unused build cache\n\n"
                         "Are you sure you want to continue? [y/N] ")
        self.assertEqual(self.daemon.api("GET", "/containers/dfprune/json")[0], 200)
        cid = self.daemon.api_json("GET", "/containers/dfprune/json")[1]["Id"]
        pruned = self.daemon.cli("system", "prune", "-f", "--filter", "label=dfprune=1")
        self.assertEqual(pruned.stdout,
                         "Deleted Containers:\n%s\n\nTotal reclaimed space: 0B\n" % cid)
        wait_until(lambda: self.daemon.api("GET", "/containers/dfprune/json")[0] == 404,
                   message="dfprune removed")
        self.assertEqual(self.daemon.api("GET", "/containers/dfbig/json")[0], 200)


if __name__ == "__main__":
    unittest.main()
