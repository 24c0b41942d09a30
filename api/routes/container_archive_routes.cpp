// docker cp: HEAD/GET/PUT /containers/{id}/archive?path=... (moby's archive routes). The
// work is engine::ContainerArchive's, on the transfer pool; the GET tar is streamed.
#include "api/routes/fd_stream.hpp"
#include "api/routes/routes.hpp"
#include "api/server/run_blocking.hpp"
#include "api/types/json_encode.hpp"
#include "common/base64.hpp"

namespace mydocker::api {

namespace {

using Headers = std::map<std::string, std::string>;

Headers stat_header(const ContainerPathStat& stat) {
  return {{"X-Docker-Container-Path-Stat", base64_encode(encode(stat).dump())}};
}

std::string path_of(const Request& req) {
  return req.query.get("path").value_or("");
}

asio::awaitable<void> head_archive(engine::ContainerArchive& archive, Request& req,
                                   Responder& res) {
  Result<ContainerPathStat> stat = co_await run_blocking(
      res.transfer_pool(), [&] { return archive.stat(req.params.at("id"), path_of(req)); });
  if (!stat) {
    Error error = stat.error();
    co_await res.send_error(error);
    co_return;
  }
  Headers headers = stat_header(*stat);
  co_await res.send(200, "", "", headers);
}

asio::awaitable<void> get_archive(engine::ContainerArchive& archive, Request& req, Responder& res) {
  Result<engine::ArchiveDownload> download = co_await run_blocking(
      res.transfer_pool(), [&] { return archive.download(req.params.at("id"), path_of(req)); });
  if (!download) {
    Error error = download.error();
    co_await res.send_error(error);
    co_return;
  }
  Headers headers = stat_header(download->stat);
  FdWriter writer = std::move(download->write);
  co_await stream_from_writer(res, "application/x-tar", std::move(writer), std::move(headers));
}

asio::awaitable<void> put_archive(engine::ContainerArchive& archive, Request& req, Responder& res) {
  engine::ArchiveUploadOptions options;
  options.no_overwrite_dir_non_dir = req.query.get_bool("noOverwriteDirNonDir");
  options.copy_uid_gid = req.query.get_bool("copyUIDGID");
  Result<void> done = co_await run_blocking(res.transfer_pool(), [&]() -> Result<void> {
    BodyView body = TRY(BodyView::of(req)); // a large upload was spilled to a temp file
    return archive.upload(req.params.at("id"), path_of(req), body.data(), options);
  });
  if (!done) {
    Error error = done.error();
    co_await res.send_error(error);
    co_return;
  }
  co_await res.send(200, "", "");
}

} // namespace

void add_container_archive_routes(Router& router, engine::ContainerArchive& archive) {
  auto* a = &archive;
  router.add("HEAD", "/containers/{id}/archive",
             [a](Request& req, Responder& res) { return head_archive(*a, req, res); });
  router.add("GET", "/containers/{id}/archive",
             [a](Request& req, Responder& res) { return get_archive(*a, req, res); });
  router.add("PUT", "/containers/{id}/archive",
             [a](Request& req, Responder& res) { return put_archive(*a, req, res); });
}

} // namespace mydocker::api
