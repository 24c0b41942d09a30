"""Pull and push against Debian's docker-registry (test/fixtures/registry.py) in each mode:
plain HTTP, TLS with a generated CA, Basic auth over TLS, and Bearer tokens. In each:
push busybox, remove it, pull by tag and by digest; the digests and the image ID survive
the round trip. Driven by our CLI, the docker CLI and the Python SDK through our socket."""

import json
import os
import re
import shutil
import tempfile

from registry import TestRegistry
from testdaemon import DaemonTestCase

DIGEST_RE = re.compile(r"digest: (sha256:[0-9a-f]{64}) size: \d+")


class RegistryModeMixin:
    mode = "http"
    daemon_json = False  # pass the certs dir in daemon.json instead of the flag

    @classmethod
    def setUpClass(cls):
        cls.certs_dir = tempfile.mkdtemp(prefix="mdt-certs-")
        cls.addClassCleanup(shutil.rmtree, cls.certs_dir, True)
        cls.daemon_args = ("--registry-certs-dir", cls.certs_dir)
        if cls.daemon_json:
            path = os.path.join(cls.certs_dir, "daemon.json")
            with open(path, "w") as f:
                json.dump({"registry-certs-dir": cls.certs_dir, "max-concurrent-downloads": 1,
                           "max-concurrent-uploads": 1}, f)
            cls.daemon_args = ("--config-file", path)
        super().setUpClass()
        cls.registry = TestRegistry(cls.mode)
        cls.addClassCleanup(cls.registry.close)
        cls.registry.start()
        cls.registry.write_certs_dir(cls.certs_dir)
        cls.host = cls.registry.host
        cls.cli_config = os.path.join(cls.daemon.root, "mydocker-config")

    def setUp(self):
        os.environ["MYDOCKER_CONFIG"] = self.cli_config  # our CLI's config.json
        self.addCleanup(os.environ.pop, "MYDOCKER_CONFIG", None)

    @property
    def needs_login(self):
        return self.mode in ("basic", "token")

    def auth_config(self):
        if not self.needs_login:
            return None
        return {"username": self.registry.username, "password": self.registry.password}

    def fresh_image(self, repo):
        """busybox imported and tagged repo:latest, with nothing else sharing its layer."""
        self.remove_all_images()
        image_id = self.daemon.import_busybox("src-" + repo.replace("/", "-").replace(":", "-"))
        self.daemon.cli("tag", image_id, repo)
        return image_id

    def remove_all_images(self):
        client = self.daemon.sdk()
        for image in client.images.list():
            client.images.remove(image.id, force=True)
        self.assertEqual(client.images.list(), [])

    def check_pulled(self, repo, image_id, digest):
        inspect = json.loads(self.daemon.cli("inspect", repo).stdout)[0]
        self.assertEqual(inspect["Id"], image_id)
        name = repo.split("@")[0] if "@" in repo else repo.rsplit(":", 1)[0]
        self.assertIn(name + "@" + digest, inspect["RepoDigests"])

    # ---- the scenario, once per client ----------------------------------------
    def test_mydocker_cli(self):
        repo = self.host + "/ours/busybox"
        image_id = self.fresh_image(repo)
        if self.needs_login:
            out = self.daemon.cli("login", "-u", self.registry.username, "--password-stdin",
                                  self.host, input=self.registry.password + "\n").stdout
            self.assertIn("Login Succeeded", out)
        out = self.daemon.cli("push", repo).stdout
        self.assertIn("The push refers to repository [%s]" % repo, out)
        # Pushed, or mounted when another test of the class pushed the layer first.
        self.assertRegex(out, r": (Pushed|Mounted from \w+/busybox)\n")
        digest = DIGEST_RE.search(out).group(1)
        self.assertEqual(self.registry.manifest_digest("ours/busybox", "latest"), digest)
        self.remove_all_images()
        out = self.daemon.cli("pull", repo).stdout
        self.assertIn("latest: Pulling from ours/busybox", out)
        self.assertIn(": Pull complete", out)
        self.assertIn("Digest: " + digest, out)
        self.assertIn("Status: Downloaded newer image for %s:latest" % repo, out)
        self.assertEqual(out.splitlines()[-1], repo + ":latest")
        self.check_pulled(repo + ":latest", image_id, digest)
        self.remove_all_images()
        out = self.daemon.cli("pull", repo + "@" + digest).stdout
        self.assertIn("Digest: " + digest, out)
        self.check_pulled(repo + "@" + digest, image_id, digest)
        out = self.daemon.cli("pull", repo + "@" + digest).stdout
        self.assertIn("Status: Image is up to date for %s@%s" % (repo, digest), out)
        if self.needs_login:
            out = self.daemon.cli("logout", self.host).stdout
            self.assertIn("Removing login credentials for " + self.host, out)

    def test_docker_cli(self):
        repo = self.host + "/theirs/busybox"
        image_id = self.fresh_image(repo)
        if self.needs_login:
            res = self.daemon.docker("login", "-u", self.registry.username, "--password-stdin",
                                     self.host, input=self.registry.password)
            self.assertIn("Login Succeeded", res.stdout)
        out = self.daemon.docker("push", repo).stdout
        digest = DIGEST_RE.search(out).group(1)
        self.assertEqual(self.registry.manifest_digest("theirs/busybox", "latest"), digest)
        # A second push finds everything in place.
        self.assertIn("Layer already exists", self.daemon.docker("push", repo).stdout)
        self.remove_all_images()
        out = self.daemon.docker("pull", repo).stdout
        self.assertIn("Pull complete", out)
        self.assertIn("Digest: " + digest, out)
        self.check_pulled(repo + ":latest", image_id, digest)
        self.remove_all_images()
        self.daemon.docker("pull", repo + "@" + digest)
        self.check_pulled(repo + "@" + digest, image_id, digest)
        out = self.daemon.docker("run", "--rm", repo + "@" + digest, "echo", "pulled").stdout
        self.assertEqual(out.strip(), "pulled")
        # docker run pulls what it does not have.
        self.remove_all_images()
        res = self.daemon.docker("run", "--rm", repo, "echo", "auto")
        self.assertIn("Unable to find image '%s:latest' locally" % repo, res.stderr)
        self.assertEqual(res.stdout.strip(), "auto")

    def test_sdk(self):
        repo = self.host + "/sdk/busybox"
        image_id = self.fresh_image(repo)
        client = self.daemon.sdk()
        lines = list(client.images.push(repo, tag="latest", stream=True, decode=True,
                                        auth_config=self.auth_config()))
        errors = [l for l in lines if "error" in l]
        self.assertEqual(errors, [])
        aux = [l["aux"] for l in lines if "aux" in l]
        self.assertEqual(len(aux), 1)
        digest = aux[0]["Digest"]
        self.assertEqual(aux[0]["Tag"], "latest")
        self.assertEqual(self.registry.manifest_digest("sdk/busybox", "latest"), digest)
        self.remove_all_images()
        image = client.images.pull(repo, tag="latest", auth_config=self.auth_config())
        self.assertEqual(image.id, image_id)
        self.assertIn(repo + "@" + digest, image.attrs["RepoDigests"])
        self.remove_all_images()
        image = client.images.pull(repo + "@" + digest, auth_config=self.auth_config())
        self.assertEqual(image.id, image_id)


class HttpRegistryTest(RegistryModeMixin, DaemonTestCase):
    mode = "http"

    def test_errors(self):
        res = self.daemon.docker("pull", self.host + "/nosuch:1", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("Error response from daemon: manifest for %s/nosuch:1 not found: "
                      "manifest unknown: manifest unknown" % self.host, res.stderr)
        res = self.daemon.cli("push", self.host + "/absent", check=False)
        self.assertEqual(res.returncode, 1)
        self.assertIn("An image does not exist locally with the tag: %s/absent" % self.host,
                      res.stderr)
        status, _, body = self.daemon.api(
            "POST", "/images/create?fromImage=%s/nosuch&tag=1" % self.host)
        self.assertEqual(status, 404)
        self.assertIn("manifest unknown", json.loads(body)["message"])
        res = self.daemon.docker("pull", "127.0.0.1:1/nothing", check=False)
        self.assertEqual(res.returncode, 1)


    def test_all_tags(self):
        repo = self.host + "/tags/busybox"
        image_id = self.fresh_image(repo)
        for tag in ("1", "2"):
            self.daemon.cli("tag", image_id, repo + ":" + tag)
        out = self.daemon.cli("push", "-a", repo).stdout
        self.assertEqual(len(DIGEST_RE.findall(out)), 3, out)  # 1, 2, latest
        self.remove_all_images()
        out = self.daemon.cli("pull", "-a", repo).stdout
        for tag in ("1", "2", "latest"):
            self.assertIn("%s: Pulling from tags/busybox" % tag, out)
        self.assertIn("Status: Downloaded newer image for " + repo, out)
        self.assertEqual(out.splitlines()[-1], repo)
        tags = json.loads(self.daemon.cli("inspect", image_id).stdout)[0]["RepoTags"]
        self.assertEqual(sorted(tags), [repo + ":1", repo + ":2", repo + ":latest"])
        self.remove_all_images()
        self.daemon.docker("pull", "-a", repo)
        self.assertEqual(len(self.daemon.sdk().images.get(image_id).tags), 3)
        self.remove_all_images()
        images = self.daemon.sdk().images.pull(repo, all_tags=True)
        self.assertEqual({i.id for i in images}, {image_id})

    def test_big_layer_goes_up_in_chunks(self):
        # Over 32 MiB of incompressible data: PATCH chunks, then the closing PUT.
        import io
        import tarfile
        data = os.urandom(40 << 20)
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as tar:
            info = tarfile.TarInfo("blob")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        repo = self.host + "/big"
        status, _, body = self.daemon.api("POST", "/images/create?fromSrc=-&repo=" + repo,
                                          buf.getvalue(), timeout=300)
        self.assertEqual(status, 200, body[:300])
        image_id = json.loads(body.decode().splitlines()[-1])["status"]
        status, _, body = self.daemon.api("POST", "/images/%s/push?tag=latest" % repo,
                                          timeout=300)
        lines = [json.loads(l) for l in body.decode().split("\r\n") if l]
        self.assertNotIn("error", lines[-1])
        pushing = [l for l in lines if l.get("status") == "Pushing"]
        self.assertTrue(pushing)
        self.assertGreater(pushing[-1]["progressDetail"]["current"], 32 << 20)
        digest = [l["aux"]["Digest"] for l in lines if "aux" in l][0]
        self.daemon.cli("rmi", repo)
        self.daemon.cli("pull", repo + "@" + digest)
        self.assertEqual(json.loads(self.daemon.cli("inspect", repo + "@" + digest).stdout)[0]["Id"],
                         image_id)
        self.daemon.cli("rmi", repo + "@" + digest)


class TlsRegistryTest(RegistryModeMixin, DaemonTestCase):
    mode = "tls"
    daemon_json = True


class BasicAuthRegistryTest(RegistryModeMixin, DaemonTestCase):
    mode = "basic"

    def test_bad_login_is_401(self):
        status, body = self.daemon.api_json("POST", "/auth", {
            "username": self.registry.username, "password": "wrong",
            "serveraddress": self.host})
        self.assertEqual(status, 401)
        self.assertIn("401 Unauthorized", body["message"])
        res = self.daemon.docker("login", "-u", "x", "--password-stdin", self.host,
                                 input="nope", check=False)
        self.assertEqual(res.returncode, 1)


class TokenRegistryTest(RegistryModeMixin, DaemonTestCase):
    mode = "token"

    def test_anonymous_push_is_refused(self):
        repo = self.host + "/anon/busybox"
        self.fresh_image(repo)
        client = self.daemon.sdk()
        lines = list(client.images.push(repo, tag="latest", stream=True, decode=True))
        self.assertTrue(any("error" in l for l in lines), lines)
        self.assertNotIn("anon/busybox", self.registry.catalog())

    def test_anonymous_pull_of_private_repo_is_401(self):
        repo = self.host + "/private/busybox"
        self.fresh_image(repo)
        client = self.daemon.sdk()
        list(client.images.push(repo, tag="latest", stream=True, auth_config=self.auth_config()))
        self.remove_all_images()
        import docker
        with self.assertRaises(docker.errors.APIError) as ctx:
            client.images.pull(repo, tag="latest")
        self.assertEqual(ctx.exception.status_code, 401)
        self.assertIn("authentication required", str(ctx.exception))
        wrong = {"username": self.registry.username, "password": "wrong"}
        with self.assertRaises(docker.errors.APIError) as ctx:
            client.images.pull(repo, tag="latest", auth_config=wrong)
        self.assertEqual(ctx.exception.status_code, 401)


class ClientCertRegistry(TestRegistry):
    """The "tls" registry, but it also demands a client certificate signed by its CA."""

    def _config(self):
        config = super()._config()
        from registry import _openssl
        _openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=mydocker client",
                 "-keyout", "client.key", "-out", "client.csr", cwd=self.root)
        _openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                 "-CAcreateserial", "-days", "2", "-out", "client.cert", cwd=self.root)
        config["http"]["tls"]["clientcas"] = [self.ca_cert]
        return config

    def _ssl_context(self):
        context = super()._ssl_context()
        context.load_cert_chain(os.path.join(self.root, "client.cert"),
                                os.path.join(self.root, "client.key"))
        return context


class ClientCertRegistryTest(DaemonTestCase):
    import_busybox = True

    @classmethod
    def setUpClass(cls):
        cls.certs_dir = tempfile.mkdtemp(prefix="mdt-certs-")
        cls.addClassCleanup(shutil.rmtree, cls.certs_dir, True)
        cls.daemon_args = ("--registry-certs-dir", cls.certs_dir)
        super().setUpClass()
        cls.registry = ClientCertRegistry("tls")
        cls.addClassCleanup(cls.registry.close)
        cls.registry.start()

    def test_client_certificate_from_certs_d(self):
        repo = self.registry.host + "/mtls/busybox"
        self.daemon.cli("tag", "busybox", repo)
        target = self.registry.write_certs_dir(self.certs_dir)  # the CA only
        res = self.daemon.cli("push", repo, check=False)
        self.assertEqual(res.returncode, 1, res.stdout)
        for name in ("client.cert", "client.key"):
            shutil.copy(os.path.join(self.registry.root, name), target)
        out = self.daemon.cli("push", repo).stdout
        digest = DIGEST_RE.search(out).group(1)
        self.daemon.cli("rmi", repo)
        self.assertIn("Digest: " + digest, self.daemon.cli("pull", repo).stdout)


if __name__ == "__main__":
    import unittest
    unittest.main()
