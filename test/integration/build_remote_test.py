"""Builder sources from the network (issue 14): `--pull` fetches a newer FROM image from a
registry (the test's own on 127.0.0.1) and a local-only image fails as with dockerd; `ADD
https://` verifies the server against the trust store, which for this daemon only is a
test CA given through SSL_CERT_FILE (the host's store is never touched); a certificate
it does not trust fails the build. One daemon, one registry, two HTTPS servers."""

import http.server
import os
import shutil
import ssl
import subprocess
import tempfile
import threading
import unittest

from registry import TestRegistry
from build_context import classic_docker
from testdaemon import DaemonTestCase, TestDaemon


def openssl(*args, cwd):
    subprocess.run(["openssl"] + list(args), cwd=cwd, check=True, capture_output=True,
                   timeout=60)


def make_certs(root):
    """A test CA with a server certificate for 127.0.0.1, and a self-signed rogue one."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
            "/CN=mydocker build test CA", "-keyout", "ca.key", "-out", "ca.crt", cwd=root)
    with open(os.path.join(root, "san.cnf"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\n")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout",
            "good.key", "-out", "good.csr", cwd=root)
    openssl("x509", "-req", "-in", "good.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "2", "-extfile", "san.cnf", "-out", "good.crt", cwd=root)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
            "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "rogue.key",
            "-out", "rogue.crt", cwd=root)


class CATrustingDaemon(TestDaemon):
    ca_file = None

    def _daemon_env(self):
        env = super()._daemon_env()
        env.pop("SSL_CERT_DIR", None)
        env["SSL_CERT_FILE"] = self.ca_file
        return env


class BuildRemoteTest(DaemonTestCase):
    @classmethod
    def setUpClass(cls):
        unittest.TestCase.setUpClass()
        cls.certs = tempfile.mkdtemp(prefix="mdt-build-certs-")
        cls.addClassCleanup(shutil.rmtree, cls.certs, True)
        make_certs(cls.certs)
        cls.served = os.path.join(cls.certs, "served")
        os.makedirs(cls.served)
        with open(os.path.join(cls.served, "model.bin"), "w") as f:
            f.write("weights over tls\n")
        cls.good = cls.https_server("good")
        cls.rogue = cls.https_server("rogue")
        cls.daemon = CATrustingDaemon()
        cls.daemon.ca_file = os.path.join(cls.certs, "ca.crt")
        cls.addClassCleanup(cls.daemon.close)
        cls.daemon.start()
        cls.daemon.import_busybox()

    @classmethod
    def https_server(cls, name):
        served = cls.served

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args):
                super().__init__(*args, directory=served)

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(os.path.join(cls.certs, name + ".crt"),
                                os.path.join(cls.certs, name + ".key"))
        server.socket = context.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        cls.addClassCleanup(server.server_close)
        cls.addClassCleanup(server.shutdown)
        return "https://127.0.0.1:%d" % server.server_address[1]

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="mydocker-buildremote-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def context(self, name, dockerfile):
        root = os.path.join(self.tmp, name)
        os.makedirs(root)
        with open(os.path.join(root, "Dockerfile"), "w") as f:
            f.write(dockerfile)
        return root

    def build(self, *args, check=True):
        return classic_docker(self.daemon, "build", *args, check=check)

    def test_add_https_verifies_the_server(self):
        ctx = self.context("good", "FROM busybox\nADD %s/model.bin /models/\n" % self.good)
        self.build("-t", "https-add", ctx)
        out = self.daemon.docker("run", "--rm", "https-add", "cat", "/models/model.bin").stdout
        self.assertEqual(out, "weights over tls\n")
        ctx = self.context("rogue", "FROM busybox\nADD %s/model.bin /models/\n" % self.rogue)
        res = self.build("-t", "https-rogue", ctx, check=False)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("failed to GET %s/model.bin" % self.rogue, res.stderr)
        self.assertIn("certificate", res.stderr)
        self.assertNotEqual(self.daemon.docker("image", "inspect", "https-rogue",
                                               check=False).returncode, 0)

    def test_pull_takes_the_newer_base_from_the_registry(self):
        with TestRegistry("http") as registry:
            base = registry.host + "/build/base:1"
            newer = self.context("newer", "FROM busybox\nRUN echo newer > /version\n")
            self.build("-t", base, newer)
            self.daemon.docker("push", base)
            self.daemon.docker("tag", "busybox", base)  # the local copy is the older one
            child = self.context("child", "FROM %s\nCMD [\"cat\", \"/version\"]\n" % base)
            self.build("-t", "stale-child", child)
            res = self.daemon.docker("run", "--rm", "stale-child", check=False)
            self.assertNotEqual(res.returncode, 0)  # no /version in the stale base
            self.build("--pull", "-t", "fresh-child", child)
            self.assertEqual(self.daemon.docker("run", "--rm", "fresh-child").stdout,
                             "newer\n")

    def test_pull_of_a_local_only_image_fails(self):
        self.daemon.docker("tag", "busybox", "127.0.0.1:9/local/only:1")
        ctx = self.context("local", "FROM 127.0.0.1:9/local/only:1\nENV A=1\n")
        self.build("-t", "from-local", ctx)  # without --pull the local image does
        res = self.build("--pull", ctx, check=False)
        self.assertNotEqual(res.returncode, 0)
        self.assertIn("127.0.0.1:9", res.stderr)


if __name__ == "__main__":
    unittest.main()
