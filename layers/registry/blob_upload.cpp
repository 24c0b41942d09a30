#include "layers/registry/blob_upload.hpp"

#include "common/percent_encode.hpp"
#include "layers/digest.hpp"

namespace mydocker::layers::registry {

Error push_error(long status, const std::string& body) {
  RegistryError e = parse_registry_error(status, body);
  Errc code = status == 401   ? Errc::Unauthorized
              : status == 403 ? Errc::Forbidden
              : status == 404 ? Errc::NotFound
                              : Errc::Internal;
  return Error{code, 0, e.text()};
}

namespace {

std::string with_query(const std::string& location, const std::string& query) {
  return location + (location.find('?') == std::string::npos ? "?" : "&") + query;
}

Result<bool> blob_exists(RegistryClient& client, const UploadRequest& r) {
  HttpRequest head{"HEAD", "/v2/" + r.repository + "/blobs/" + r.digest};
  auto res = TRY(client.send_retrying(head));
  if (res.status == 200)
    return true;
  if (res.status == 404)
    return false;
  return tl::unexpected(push_error(res.status, res.body));
}

// POST .../uploads/ (with mount=&from= when given): 201 = mounted, 202 = upload at Location.
Result<std::string> start_upload(RegistryClient& client, const UploadRequest& r, bool& mounted) {
  std::string path = "/v2/" + r.repository + "/blobs/uploads/";
  if (!r.mount_from.empty())
    path += "?mount=" + percent_encode(r.digest) + "&from=" + percent_encode(r.mount_from);
  HttpRequest post{"POST", path};
  auto res = TRY(client.send_retrying(post));
  mounted = res.status == 201;
  if (mounted)
    return std::string();
  if (res.status != 202 || res.header("location").empty())
    return tl::unexpected(push_error(res.status, res.body));
  return res.header("location");
}

HttpRequest body_request(const std::string& method, const std::string& url, const UploadRequest& r,
                         int64_t offset, int64_t length) {
  HttpRequest req{method, url};
  req.headers.push_back("Content-Type: application/octet-stream");
  if (!r.file.empty()) {
    req.body_file = r.file;
    req.body_offset = offset;
    req.body_length = length;
  } else {
    req.body = r.data.substr(static_cast<size_t>(offset), static_cast<size_t>(length));
  }
  return req;
}

Result<void> send_chunks(RegistryClient& client, const UploadRequest& r, std::string& location) {
  for (int64_t offset = 0; offset < r.size; offset += kChunkSize) {
    int64_t length = std::min(kChunkSize, r.size - offset);
    HttpRequest patch = body_request("PATCH", location, r, offset, length);
    patch.headers.push_back("Content-Range: " + std::to_string(offset) + "-" +
                            std::to_string(offset + length - 1));
    TransferProgress progress = [&](int64_t done, int64_t) {
      if (r.progress)
        r.progress(offset + done, r.size);
    };
    auto res = TRY(client.send(patch, TransferOptions{nullptr, &progress}));
    if (res.status != 202)
      return tl::unexpected(push_error(res.status, res.body));
    if (!res.header("location").empty())
      location = res.header("location");
  }
  return {};
}

Result<void> finish_upload(RegistryClient& client, const UploadRequest& r, std::string location) {
  HttpRequest put;
  if (r.size > kChunkSize) {
    TRY_VOID(send_chunks(client, r, location));
    put = HttpRequest{"PUT", with_query(location, "digest=" + percent_encode(r.digest))};
    put.headers.push_back("Content-Type: application/octet-stream");
  } else {
    put = body_request("PUT", with_query(location, "digest=" + percent_encode(r.digest)), r, 0,
                       r.size);
  }
  TransferProgress progress = [&](int64_t done, int64_t) {
    if (r.progress && r.size <= kChunkSize)
      r.progress(done, r.size);
  };
  auto res = TRY(client.send(put, TransferOptions{nullptr, &progress}));
  if (res.status != 201)
    return tl::unexpected(push_error(res.status, res.body));
  return {};
}

} // namespace

Result<UploadOutcome> upload_blob(RegistryClient& client, const UploadRequest& r) {
  if (TRY(blob_exists(client, r)))
    return UploadOutcome::AlreadyExists;
  bool mounted = false;
  std::string location = TRY(start_upload(client, r, mounted));
  if (mounted)
    return UploadOutcome::Mounted;
  TRY_VOID(finish_upload(client, r, location));
  return UploadOutcome::Pushed;
}

Result<std::string> put_manifest(RegistryClient& client, const std::string& repository,
                                 const std::string& tag, const std::string& media_type,
                                 const std::string& body) {
  HttpRequest put{"PUT", "/v2/" + repository + "/manifests/" + tag};
  put.headers.push_back("Content-Type: " + media_type);
  put.body = body;
  auto res = TRY(client.send_retrying(put));
  if (res.status != 201)
    return tl::unexpected(push_error(res.status, res.body));
  std::string digest = sha256_digest(body);
  std::string answered = res.header("docker-content-digest");
  if (!answered.empty() && answered != digest)
    return internal_error("registry computed digest " + answered + " for manifest " + digest);
  return digest;
}

} // namespace mydocker::layers::registry
