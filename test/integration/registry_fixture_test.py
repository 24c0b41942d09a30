"""The registry fixture itself: each mode answers, demands the auth it should, and takes a
blob upload with the fixture's credentials (the pull/push tests build on this)."""

import hashlib
import unittest
import urllib.parse

from registry import TestRegistry


class RegistryFixtureTest(unittest.TestCase):
    def upload_blob(self, reg, repo, data):
        digest = "sha256:" + hashlib.sha256(data).hexdigest()
        scope = "repository:%s:pull,push" % repo
        status, headers, _ = reg.request("POST", "/v2/%s/blobs/uploads/" % repo, scope=scope)
        self.assertEqual(status, 202, reg.log_text()[-2000:])
        location = {k.lower(): v for k, v in headers.items()}["location"]
        split = urllib.parse.urlsplit(location)
        sep = "&" if split.query else "?"
        path = split.path + ("?" + split.query if split.query else "") + sep + "digest=" + digest
        status, _, _ = self.put(reg, path, data, scope)
        self.assertEqual(status, 201)
        status, _, _ = reg.request("HEAD", "/v2/%s/blobs/%s" % (repo, digest), scope=scope)
        self.assertEqual(status, 200)

    def put(self, reg, path, data, scope):
        import urllib.request
        req = urllib.request.Request(reg.url + path, data=data, method="PUT",
                                     headers={"Content-Type": "application/octet-stream"})
        auth = reg._auth_header(scope)
        if auth:
            req.add_header("Authorization", auth)
        try:
            with urllib.request.urlopen(req, timeout=30, context=reg._ssl_context()) as res:
                return res.status, res.headers, res.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def test_http(self):
        with TestRegistry("http") as reg:
            self.assertEqual(reg.request("GET", "/v2/")[0], 200)
            self.upload_blob(reg, "team/app", b"hello")

    def test_tls_needs_the_generated_ca(self):
        with TestRegistry("tls") as reg:
            self.assertTrue(reg.url.startswith("https://"))
            self.assertEqual(reg.request("GET", "/v2/")[0], 200)
            self.upload_blob(reg, "app", b"tls")

    def test_basic_refuses_anonymous(self):
        with TestRegistry("basic") as reg:
            import urllib.request
            req = urllib.request.Request(reg.url + "/v2/")
            with self.assertRaises(urllib.error.HTTPError) as ctx:
                urllib.request.urlopen(req, timeout=10, context=reg._ssl_context())
            self.assertEqual(ctx.exception.code, 401)
            self.assertIn("Basic", ctx.exception.headers.get("WWW-Authenticate", ""))
            self.upload_blob(reg, "app", b"basic")

    def test_token_challenge_and_grant(self):
        with TestRegistry("token") as reg:
            import urllib.request
            with self.assertRaises(urllib.error.HTTPError) as ctx:
                urllib.request.urlopen(reg.url + "/v2/", timeout=10)
            challenge = ctx.exception.headers.get("WWW-Authenticate", "")
            self.assertIn('Bearer realm="%s"' % reg.token_realm, challenge)
            self.assertIn('service="mydocker-test-registry"', challenge)
            self.upload_blob(reg, "team/app", b"token")
            self.assertEqual(reg.catalog(), ["team/app"])
            self.assertTrue(reg.token_requests)


if __name__ == "__main__":
    unittest.main()
