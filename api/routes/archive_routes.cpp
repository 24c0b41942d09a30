// Images to and from archives and containers: /commit, /containers/{id}/export,
// /images/get, /images/{name}/get, /images/load, /images/prune.
#include "api/routes/answer.hpp"
#include "api/routes/fd_stream.hpp"
#include "api/routes/routes.hpp"
#include "api/types/filters.hpp"
#include "common/time_format.hpp"

namespace mydocker::api {

using nlohmann::json;

namespace {

struct ArchiveRoutes {
  layers::ImageService& images;
  engine::ContainerService& containers;
};

Result<json> commit(ArchiveRoutes& r, const Request& req) {
  engine::CommitRequest c;
  std::string repo = req.query.get("repo").value_or("");
  std::string tag = req.query.get("tag").value_or("");
  if (!repo.empty())
    c.repo_tag = tag.empty() ? repo : repo + ":" + tag;
  c.comment = req.query.get("comment").value_or("");
  c.author = req.query.get("author").value_or("");
  c.changes = req.query.all("changes");
  // Docker: pause unless the client says otherwise (an empty value means the default).
  c.pause = req.query.get("pause").value_or("").empty() || req.query.get_bool("pause");
  c.config = TRY(req.json_body(json(nullptr)));
  layers::Image image = TRY(r.containers.commit(req.query.get("container").value_or(""), c));
  return json{{"Id", image.id}};
}

Result<layers::PruneOptions> prune_options(const Query& q) {
  Filters f =
      TRY(parse_filters(q.get("filters").value_or(""), {"dangling", "until", "label", "label!"}));
  layers::PruneOptions o;
  for (const auto& v : f["dangling"]) {
    if (v != "true" && v != "false" && v != "1" && v != "0")
      return invalid_argument("invalid filter 'dangling=" + v + "'");
    o.all = v == "false" || v == "0";
  }
  for (const auto& text : f["until"]) {
    auto t = parse_timestamp_arg(text, now_unix_nanos());
    if (!t)
      return invalid_argument("failed to parse value as time or duration: \"" + text + "\"");
    o.until = std::min(o.until, *t);
  }
  o.labels = f["label"];
  o.not_labels = f["label!"];
  return o;
}

// The writer of GET /containers/{id}/export, once the container is known.
Result<FdWriter> export_writer(ArchiveRoutes& r, const Request& req) {
  std::string id = TRY(r.containers.resolve(req.params.at("id")));
  auto* containers = &r.containers;
  return FdWriter([containers, id](int fd) { return containers->export_rootfs(id, fd); });
}

// `/images/{name}/get` or `/images/get?names=a&names=b`: unknown names are a 404 before the
// stream starts.
Result<FdWriter> save_writer(ArchiveRoutes& r, const Request& req) {
  std::vector<std::string> names;
  if (auto it = req.params.find("name"); it != req.params.end())
    names.push_back(it->second);
  else
    names = req.query.all("names");
  if (names.empty())
    return invalid_argument("no images specified");
  for (const auto& name : names)
    TRY(r.images.inspect(name));
  auto* images = &r.images;
  return FdWriter([images, names](int fd) { return images->save(names, fd); });
}

// Prepares on the pool (GCC 12: the writer is built outside the coroutine and named before
// it crosses a co_await), then streams what it writes.
template <class Prepare>
asio::awaitable<void> stream_archive(ArchiveRoutes& r, Request& req, Responder& res,
                                     Prepare prepare) {
  Result<FdWriter> writer =
      co_await run_blocking(res.blocking_pool(), [&] { return prepare(r, req); });
  if (!writer) {
    Error error = writer.error();
    co_await res.send_error(error);
    co_return;
  }
  FdWriter fn = std::move(*writer);
  co_await stream_from_writer(res, "application/x-tar", std::move(fn));
}

asio::awaitable<void> load(ArchiveRoutes& r, Request& req, Responder& res) {
  auto loaded =
      co_await run_blocking(res.transfer_pool(), [&]() -> Result<std::vector<std::string>> {
        BodyView body = TRY(BodyView::of(req)); // large archives were spilled to a temp file
        return r.images.load_archive(body.data());
      });
  if (!loaded) {
    Error error = loaded.error();
    co_await res.send_error(error);
    co_return;
  }
  co_await res.begin_stream(200, "application/json");
  for (const auto& text : *loaded) {
    std::string line = json{{"stream", text + "\n"}}.dump() + "\n";
    if (!co_await res.write_chunk(line))
      co_return;
  }
  co_await res.end_stream();
}

} // namespace

void add_archive_routes(Router& router, layers::ImageService& images,
                        engine::ContainerService& containers, ImageUsage usage) {
  auto r = std::make_shared<ArchiveRoutes>(ArchiveRoutes{images, containers});
  router.add("POST", "/commit", [r](Request& req, Responder& res) {
    return answer_json(res, 201, [r, &req] { return commit(*r, req); });
  });
  router.add("GET", "/containers/{id}/export", [r](Request& req, Responder& res) {
    return stream_archive(*r, req, res, export_writer);
  });
  router.add("GET", "/images/get", [r](Request& req, Responder& res) {
    return stream_archive(*r, req, res, save_writer);
  });
  router.add("GET", "/images/{name*}/get", [r](Request& req, Responder& res) {
    return stream_archive(*r, req, res, save_writer);
  });
  router.add("POST", "/images/load",
             [r](Request& req, Responder& res) { return load(*r, req, res); });
  router.add("POST", "/images/prune", [r, usage](Request& req, Responder& res) {
    return answer_json(res, 200, [r, usage, &req]() -> Result<json> {
      return r->images.prune(TRY(prune_options(req.query)), usage);
    });
  });
}

} // namespace mydocker::api
