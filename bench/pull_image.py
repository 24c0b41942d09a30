"""A big multi-layer image for the pull benchmark, pushed straight into a registry.

The root filesystem comes from debootstrap (the Debian mirror named in this machine's apt
sources) and is cached under --cache; it is split into layers by top-level directories and
each layer is gzip-compressed once and cached too. Uploading uses the registry API directly,
so the image is the same whatever engine later pulls it.
"""

import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import tarfile

DEFAULT_CACHE = "/var/cache/mydocker-bench"
# Groups of paths, one layer each (the rest of the root goes into the last layer).
LAYER_GROUPS = [["usr/lib/x86_64-linux-gnu"], ["usr/lib"], ["usr/share"], ["usr/bin", "usr/sbin"],
                ["var"], ["usr/include", "usr/libexec", "usr/local", "usr/src"]]
PACKAGES = "python3,perl,libicu72,libgnutls30,openssl,ca-certificates"


def apt_mirror():
    """The first Debian archive URI of this machine's apt sources."""
    for path in ("/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list"):
        try:
            text = open(path).read()
        except OSError:
            continue
        for m in re.finditer(r"(?:URIs:\s*|deb\s+(?:\[[^\]]*\]\s+)?)(\S+/debian)\s", text):
            return m.group(1)
    raise RuntimeError("no Debian mirror in the apt sources")


def build_rootfs(cache):
    root = os.path.join(cache, "rootfs")
    if os.path.exists(os.path.join(root, ".complete")):
        return root
    subprocess.run(["rm", "-rf", root], check=True)
    os.makedirs(cache, exist_ok=True)
    print("building the benchmark rootfs with debootstrap (once; cached in %s)" % cache, flush=True)
    subprocess.run(["debootstrap", "--variant=minbase", "--include=" + PACKAGES, "bookworm", root,
                    apt_mirror()], check=True, stdout=subprocess.DEVNULL, timeout=1800)
    open(os.path.join(root, ".complete"), "w").close()
    return root


def _layer_members(root):
    """Per layer, the relative paths of its entries: one list per group, then the rest."""
    owner = {}  # relative path -> index of the group that took it
    layers = [[] for _ in range(len(LAYER_GROUPS) + 1)]
    for i, group in enumerate(LAYER_GROUPS):
        for top in group:
            for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
                rel_dir = os.path.relpath(dirpath, root)
                # Subtrees an earlier group took stay with it.
                dirnames[:] = [d for d in dirnames if owner.get(os.path.join(rel_dir, d), i) == i]
                for name in sorted(dirnames + filenames):
                    rel = os.path.join(rel_dir, name)
                    if rel not in owner:
                        owner[rel] = i
                        layers[i].append(rel)
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        for name in sorted(dirnames + filenames):
            rel = os.path.normpath(os.path.join(rel_dir, name))
            if rel not in owner and rel != ".complete":
                layers[-1].append(rel)
    return layers


def build_layers(cache):
    """[(diff_id, blob digest, blob path, blob size)] bottom first, cached."""
    index = os.path.join(cache, "layers.json")
    if os.path.exists(index):
        return json.load(open(index))
    root = build_rootfs(cache)
    out = []
    # Parent directories must exist in some layer below: the base layer holds the rest.
    groups = _layer_members(root)
    groups = [groups[-1]] + groups[:-1]
    for n, members in enumerate(groups):
        raw = io.BytesIO()
        with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
            added = set()
            for rel in members:
                # Each layer carries its members' parent directories, as Docker's layers do.
                parts = rel.split("/")
                for depth in range(1, len(parts) + 1):
                    path = "/".join(parts[:depth])
                    if path not in added:
                        added.add(path)
                        tar.add(os.path.join(root, path), arcname=path, recursive=False)
        data = raw.getvalue()
        blob = gzip.compress(data, compresslevel=6, mtime=0)
        path = os.path.join(cache, "layer%d.tar.gz" % n)
        with open(path, "wb") as f:
            f.write(blob)
        out.append(["sha256:" + hashlib.sha256(data).hexdigest(),
                    "sha256:" + hashlib.sha256(blob).hexdigest(), path, len(blob)])
        print("  layer %d: %d entries, %.1f MB (%.1f MB gzip)"
              % (n, len(members), len(data) / 1e6, len(blob) / 1e6), flush=True)
    json.dump(out, open(index, "w"))
    return out


def push_image(registry, repo, tag, cache=DEFAULT_CACHE):
    """Uploads the layers, a config and a schema2 manifest; returns (manifest digest, MB)."""
    layers = build_layers(cache)
    config = {"architecture": "amd64", "os": "linux",
              "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                         "Cmd": ["bash"]},
              "rootfs": {"type": "layers", "diff_ids": [l[0] for l in layers]},
              "history": [{"created_by": "bench layer %d" % i} for i in range(len(layers))]}
    config_bytes = json.dumps(config).encode()
    config_digest = "sha256:" + hashlib.sha256(config_bytes).hexdigest()
    for _, digest, path, _ in layers:
        _upload(registry, repo, digest, open(path, "rb").read())
    _upload(registry, repo, config_digest, config_bytes)
    manifest = {"schemaVersion": 2,
                "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                "config": {"mediaType": "application/vnd.docker.container.image.v1+json",
                           "size": len(config_bytes), "digest": config_digest},
                "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                            "size": size, "digest": digest} for _, digest, _, size in layers]}
    body = json.dumps(manifest).encode()
    status, _, text = _send(registry, "PUT", "/v2/%s/manifests/%s" % (repo, tag), body,
                            "application/vnd.docker.distribution.manifest.v2+json", repo)
    if status != 201:
        raise RuntimeError("manifest put: %d %s" % (status, text[:200]))
    total = sum(l[3] for l in layers)
    return "sha256:" + hashlib.sha256(body).hexdigest(), total / 1e6, len(layers)


def _send(registry, method, path, data, content_type, repo):
    import urllib.request
    req = urllib.request.Request(registry.url + path, data=data, method=method,
                                 headers={"Content-Type": content_type})
    auth = registry._auth_header("repository:%s:pull,push" % repo)
    if auth:
        req.add_header("Authorization", auth)
    try:
        with urllib.request.urlopen(req, timeout=600, context=registry._ssl_context()) as res:
            return res.status, res.headers, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def _upload(registry, repo, digest, data):
    import urllib.parse
    if registry.request("HEAD", "/v2/%s/blobs/%s" % (repo, digest),
                        scope="repository:%s:pull" % repo)[0] == 200:
        return
    status, headers, _ = registry.request("POST", "/v2/%s/blobs/uploads/" % repo,
                                          scope="repository:%s:pull,push" % repo)
    if status != 202:
        raise RuntimeError("blob upload start: %d" % status)
    location = {k.lower(): v for k, v in headers.items()}["location"]
    split = urllib.parse.urlsplit(location)
    query = (split.query + "&" if split.query else "") + "digest=" + urllib.parse.quote(digest)
    status, _, text = _send(registry, "PUT", split.path + "?" + query, data,
                            "application/octet-stream", repo)
    if status != 201:
        raise RuntimeError("blob upload: %d %s" % (status, text[:200]))
