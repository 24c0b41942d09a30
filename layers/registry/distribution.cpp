#include "layers/registry/distribution.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "api/types/distribution_wire.hpp"
#include "api/types/json_strings.hpp"
#include "common/atomic_file.hpp"
#include "common/fd.hpp"
#include "common/log.hpp"
#include "common/random_id.hpp"
#include "layers/digest.hpp"

namespace mydocker::layers::registry {

using nlohmann::json;

Error pull_error(const Reference& ref, long status, const std::string& body) {
  RegistryError e = parse_registry_error(status, body);
  if (e.code == "MANIFEST_UNKNOWN")
    return Error{Errc::NotFound, 0,
                 "manifest for " + ref.familiar_string() + " not found: " + e.text()};
  if (e.code == "NAME_UNKNOWN")
    return Error{Errc::NotFound, 0,
                 "repository " + ref.familiar_name() + " not found: " + e.text()};
  if (e.code == "DENIED" || (status == 404 && e.code == "NOT_FOUND"))
    return Error{Errc::NotFound, 0,
                 "pull access denied for " + ref.familiar_name() +
                     ", repository does not exist or may require 'docker login': " + e.text()};
  if (status == 401)
    return Error{Errc::Unauthorized, 0, e.text()};
  return Error{status >= 500 ? Errc::Unavailable : Errc::Internal, 0,
               "error from registry: " + e.text()};
}

namespace {

struct Fetched {
  std::string content_type;
  std::string body;
  json parsed;
};

Result<Fetched> get_manifest(RegistryClient& client, const Reference& ref,
                             const std::string& tag_or_digest) {
  HttpRequest req{"GET", "/v2/" + ref.repository + "/manifests/" + tag_or_digest};
  req.headers.push_back(manifest_accept_header());
  auto res = TRY(client.send_retrying(req));
  if (res.status != 200)
    return tl::unexpected(pull_error(ref, res.status, res.body));
  if (is_valid_digest(tag_or_digest) && sha256_digest(res.body) != tag_or_digest)
    return invalid_argument("manifest verification failed for digest " + tag_or_digest);
  Fetched f{res.header("content-type"), std::move(res.body), json()};
  f.parsed = json::parse(f.body, nullptr, false);
  if (!f.parsed.is_object())
    return invalid_argument("invalid manifest for " + ref.familiar_string());
  return f;
}

} // namespace

Result<ResolvedImage> resolve_manifest(RegistryClient& client, const Reference& ref,
                                       const Platform& platform) {
  std::string wanted = ref.digest.empty() ? ref.tag : ref.digest;
  Fetched top = TRY(get_manifest(client, ref, wanted));
  ResolvedImage out;
  out.digest = ref.digest.empty() ? sha256_digest(top.body) : ref.digest;
  if (is_index(top.content_type, top.parsed)) {
    Descriptor chosen = TRY(select_platform(top.parsed, platform));
    top = TRY(get_manifest(client, ref, chosen.digest));
  }
  out.manifest = TRY(parse_manifest(top.content_type, top.parsed));
  out.manifest_bytes = std::move(top.body);
  return out;
}

Result<std::vector<std::string>> list_tags(RegistryClient& client, const Reference& ref) {
  std::vector<std::string> tags;
  std::string next = "/v2/" + ref.repository + "/tags/list";
  for (int page = 0; !next.empty() && page < 1000; ++page) {
    auto res = TRY(client.send_retrying(HttpRequest{"GET", next}));
    if (res.status != 200)
      return tl::unexpected(pull_error(ref, res.status, res.body));
    for (auto& tag : api::decode_tag_list(res.body))
      tags.push_back(std::move(tag));
    std::string link = res.header("link"); // <path?last=x&n=y>; rel="next"
    size_t open = link.find('<'), close = link.find('>');
    next = open != std::string::npos && close > open ? link.substr(open + 1, close - open - 1) : "";
  }
  if (tags.empty())
    return not_found("no tags found for " + ref.familiar_name());
  return tags;
}

Result<std::string> fetch_blob(RegistryClient& client, const std::string& repository,
                               const std::string& digest) {
  HttpRequest req{"GET", "/v2/" + repository + "/blobs/" + digest};
  auto res = TRY(client.send_retrying(req));
  if (res.status != 200)
    return internal_error("fetching blob " + digest + ": " +
                          parse_registry_error(res.status, res.body).text());
  if (sha256_digest(res.body) != digest)
    return invalid_argument("blob verification failed for digest " + digest);
  return std::move(res.body);
}

namespace {

enum class Outcome { Done, Retry, Fail };

Result<Outcome> download_once(RegistryClient& client, const std::string& repository,
                              const Descriptor& blob, const std::string& tmp,
                              const DownloadHooks& hooks) {
  Fd fd(::open(tmp.c_str(), O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0600));
  if (!fd)
    return sys_error("create " + tmp);
  Sha256 hash;
  bool write_failed = false;
  BodySink sink = [&](std::string_view data) {
    hash.update(data);
    while (!data.empty()) {
      ssize_t n = ::write(fd.get(), data.data(), data.size());
      if (n <= 0) {
        write_failed = true;
        return false;
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  };
  TransferProgress progress = [&](int64_t done, int64_t total) {
    if (hooks.progress)
      hooks.progress(done, blob.size > 0 ? blob.size : total);
  };
  HttpRequest req{"GET", "/v2/" + repository + "/blobs/" + blob.digest};
  auto res = client.send(req, TransferOptions{&sink, &progress});
  if (write_failed)
    return sys_error("write " + tmp);
  if (!res)
    return res.error().code == Errc::Unavailable ? Result<Outcome>(Outcome::Retry)
                                                 : tl::unexpected(res.error());
  if (res->status >= 500 || res->status == 429)
    return Outcome::Retry;
  if (res->status != 200)
    return internal_error("fetching blob " + blob.digest + ": " +
                          parse_registry_error(res->status, res->body).text());
  if (hooks.verifying)
    hooks.verifying();
  if (hash.digest() != blob.digest)
    return invalid_argument("filesystem layer verification failed for digest " + blob.digest);
  return Outcome::Done;
}

} // namespace

Result<std::string> download_blob(RegistryClient& client, const std::string& repository,
                                  const Descriptor& blob, const std::string& dir,
                                  const DownloadHooks& hooks) {
  std::string verified = dir + "/" + digest_hex(blob.digest);
  std::string own = dir + "/tmp-" + random_hex_id(8);
  if (::link(verified.c_str(), own.c_str()) == 0) { // complete from an earlier attempt
    if (hooks.verifying)
      hooks.verifying();
    return own;
  }
  auto delay = std::chrono::milliseconds(500);
  for (int attempt = 0;; ++attempt) {
    auto outcome = download_once(client, repository, blob, own, hooks);
    if (outcome && *outcome == Outcome::Done) {
      // The verified name is only linked: each pull consumes its own link, the other
      // name stays for a retry after a crash until the layer is made.
      if (::link(own.c_str(), verified.c_str()) != 0 && errno != EEXIST)
        log::debug("keeping " + verified + ": " + std::strerror(errno));
      return own;
    }
    ::unlink(own.c_str());
    if (!outcome)
      return tl::unexpected(outcome.error());
    if (attempt >= 4)
      return make_error(Errc::Unavailable, "downloading " + blob.digest + ": too many failures");
    log::info("download of " + blob.digest + " failed, retrying");
    std::this_thread::sleep_for(delay);
    delay *= 2;
  }
}

void forget_download(const std::string& dir, const std::string& digest) {
  ::unlink((dir + "/" + digest_hex(digest)).c_str());
}

} // namespace mydocker::layers::registry

namespace mydocker::layers::registry {

void sweep_partial_downloads(const std::string& dir) {
  std::error_code ec;
  auto day_ago = std::filesystem::file_time_type::clock::now() - std::chrono::hours(24);
  for (auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    bool partial = entry.path().filename().string().rfind("tmp-", 0) == 0;
    std::error_code time_ec;
    if (partial || entry.last_write_time(time_ec) < day_ago) // a retry that never came
      ::unlink(entry.path().c_str());
  }
}

std::vector<std::string> blob_sources(const std::string& dir, const std::string& digest) {
  auto text = read_file(dir + "/" + digest_hex(digest));
  return api::json_strings(text ? json::parse(*text, nullptr, false) : json());
}

void add_blob_source(const std::string& dir, const std::string& digest, const std::string& repo) {
  auto known = blob_sources(dir, digest);
  if (std::find(known.begin(), known.end(), repo) != known.end())
    return;
  known.push_back(repo);
  (void)write_file_replace(dir + "/" + digest_hex(digest), json(known).dump());
}

} // namespace mydocker::layers::registry
