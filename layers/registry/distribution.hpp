// The distribution API calls of pull: manifests by tag or digest (with the platform picked
// from a list) and blobs, verified against their digests, with Docker's error texts.
#pragma once

#include <functional>
#include <string>

#include "layers/reference.hpp"
#include "layers/registry/manifest.hpp"
#include "layers/registry/registry_client.hpp"

namespace mydocker::layers::registry {

struct ResolvedImage {
  std::string digest; // recorded in RepoDigests: the list's digest when pulled by tag
  Manifest manifest;
  std::string manifest_bytes; // the platform's manifest as served
};

// NotFound "manifest for x:1 not found: manifest unknown: manifest unknown", "pull access
// denied for x, ..."; Unauthorized for a 401; InvalidArgument for a digest mismatch.
Result<ResolvedImage> resolve_manifest(RegistryClient& client, const Reference& ref,
                                       const Platform& platform);
// GET /v2/<name>/tags/list, every page (Link: <...>; rel="next").
Result<std::vector<std::string>> list_tags(RegistryClient& client, const Reference& ref);
// Small blobs (the image config) into memory, verified.
Result<std::string> fetch_blob(RegistryClient& client, const std::string& repository,
                               const std::string& digest);

struct DownloadHooks {
  std::function<void(int64_t current, int64_t total)> progress;
  std::function<void()> verifying; // the body is complete, the digest is checked next
};
// Downloads into <dir>/tmp-*, verifying the sha256 as it streams, and returns that file
// (the caller's to consume). A verified blob is also linked as <dir>/<hex> so that a
// retry after a crash reuses it; forget_download drops that name once the layer exists.
// Transient failures are retried with backoff.
Result<std::string> download_blob(RegistryClient& client, const std::string& repository,
                                  const Descriptor& blob, const std::string& dir,
                                  const DownloadHooks& hooks);

void forget_download(const std::string& dir, const std::string& digest);
// At daemon start: removes the tmp-* files of downloads a crash interrupted, and verified
// blobs no retry came back for within a day.
void sweep_partial_downloads(const std::string& dir);

// Which repositories of which registries a layer blob is known to be in: lets a push
// mount it from there instead of uploading it (Docker's v2 metadata). One small JSON file
// per blob under `dir`; losing one only costs an upload.
void add_blob_source(const std::string& dir, const std::string& digest, const std::string& repo);
std::vector<std::string> blob_sources(const std::string& dir, const std::string& digest);

// Docker's pull error for a registry error answer (moby distribution/errors.go).
Error pull_error(const Reference& ref, long status, const std::string& body);

} // namespace mydocker::layers::registry
