// The distribution API calls of push: blob existence (HEAD), cross-repository mount,
// monolithic or chunked upload, and the manifest PUT.
#pragma once

#include <functional>
#include <string>

#include "layers/registry/registry_client.hpp"

namespace mydocker::layers::registry {

enum class UploadOutcome { AlreadyExists, Mounted, Pushed };

struct UploadRequest {
  std::string repository; // "busybox" (the path on the registry)
  std::string digest;
  int64_t size = 0;
  std::string file; // the blob on disk ("" = `data`)
  std::string data;
  std::string mount_from; // another repository of this registry that has the blob, or ""
  std::function<void(int64_t done, int64_t total)> progress;
};

// Blobs above this size go up in PATCH chunks of this size, then a closing PUT.
inline constexpr int64_t kChunkSize = 32 << 20;

Result<UploadOutcome> upload_blob(RegistryClient& client, const UploadRequest& request);

// PUT /v2/<repo>/manifests/<tag>; returns the digest the registry answered (or computed).
Result<std::string> put_manifest(RegistryClient& client, const std::string& repository,
                                 const std::string& tag, const std::string& media_type,
                                 const std::string& body);

// Docker's push error text for a registry answer ("denied: requested access ...").
Error push_error(long status, const std::string& body);

} // namespace mydocker::layers::registry
