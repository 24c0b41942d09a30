"""tcp:// listeners: mutual TLS required (issue 2), checked with Python ssl and the docker CLI."""

import os
import socket
import ssl
import subprocess
import tempfile
import unittest

from testdaemon import DOCKER_CLI, TestDaemon, bin_dir


def openssl(*args, cwd):
    subprocess.run(["openssl"] + list(args), cwd=cwd, check=True, capture_output=True)


def make_pki(d):
    """A CA, a server cert for 127.0.0.1 and a client cert, in docker's file names."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
            "-keyout", "ca-key.pem", "-out", "ca.pem", cwd=d)
    with open(os.path.join(d, "server.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
    with open(os.path.join(d, "client.ext"), "w") as f:
        f.write("extendedKeyUsage=clientAuth\n")
    for name in ("server", "client"):
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name,
                "-keyout", name + "-key.pem", "-out", name + ".csr", cwd=d)
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
                "-CAcreateserial", "-days", "2", "-extfile", name + ".ext", "-out", name + "-cert.pem", cwd=d)
    # docker's DOCKER_CERT_PATH layout for the client.
    os.link(os.path.join(d, "client-cert.pem"), os.path.join(d, "cert.pem"))
    os.link(os.path.join(d, "client-key.pem"), os.path.join(d, "key.pem"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TlsListenerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pki = tempfile.mkdtemp(prefix="mdt-pki-")
        cls.addClassCleanup(subprocess.run, ["rm", "-rf", cls.pki])
        make_pki(cls.pki)
        cls.port = free_port()
        p = lambda n: os.path.join(cls.pki, n)
        cls.daemon = TestDaemon(extra_args=[
            "--host", "tcp://127.0.0.1:%d" % cls.port, "--tlsverify", "--tlscacert", p("ca.pem"),
            "--tlscert", p("server-cert.pem"), "--tlskey", p("server-key.pem")])
        cls.addClassCleanup(cls.daemon.close)
        cls.daemon.start()

    def tls_context(self, with_client_cert):
        ctx = ssl.create_default_context(cafile=os.path.join(self.pki, "ca.pem"))
        if with_client_cert:
            ctx.load_cert_chain(os.path.join(self.pki, "cert.pem"), os.path.join(self.pki, "key.pem"))
        return ctx

    def ping(self, ctx):
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as raw:
            with ctx.wrap_socket(raw, server_hostname="127.0.0.1") as s:
                s.sendall(b"GET /v1.44/_ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                data = b""
                while True:
                    chunk = s.recv(4096)
                    if not chunk:
                        return data
                    data += chunk

    def test_ping_with_client_certificate(self):
        reply = self.ping(self.tls_context(True))
        self.assertTrue(reply.startswith(b"HTTP/1.1 200 OK"), reply[:100])
        self.assertTrue(reply.endswith(b"\r\n\r\nOK"), reply[-50:])

    def test_client_without_certificate_is_refused(self):
        with self.assertRaises((ssl.SSLError, ConnectionResetError, BrokenPipeError)):
            reply = self.ping(self.tls_context(False))
            # TLS 1.3 reports the missing certificate on the first read.
            if not reply:
                raise ConnectionResetError("closed")

    def test_docker_cli_over_tls(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOCKER_")}
        env.update(DOCKER_HOST="tcp://127.0.0.1:%d" % self.port, DOCKER_TLS_VERIFY="1",
                   DOCKER_CERT_PATH=self.pki, DOCKER_CONFIG=self.daemon.docker_config)
        res = subprocess.run([DOCKER_CLI, "version"], env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("API version:      1.44", res.stdout)


class TcpWithoutTlsTest(unittest.TestCase):
    def test_daemon_refuses_plain_tcp(self):
        d = TestDaemon(extra_args=["--host", "tcp://127.0.0.1:%d" % free_port()], start_timeout=5)
        self.addCleanup(d.close)
        with self.assertRaises(RuntimeError) as ctx:
            d.start()
        self.assertIn("without mutual TLS", str(ctx.exception))


if __name__ == "__main__":
    unittest.main()
