// POST /build (the classic builder's parameters, Docker's JSON stream) and /build/prune.
#include <unistd.h>

#include "api/routes/answer.hpp"
#include "api/routes/progress_stream.hpp"
#include "api/routes/routes.hpp"
#include "builder/build_service.hpp"

namespace mydocker::api {

using nlohmann::json;

namespace {

Result<json> json_param(const Query& query, std::string_view key) {
  std::string text = query.get(key).value_or("");
  if (text.empty())
    return json::object();
  auto parsed = json::parse(text, nullptr, false);
  if (!parsed.is_object())
    return invalid_argument("invalid " + std::string(key) + " parameter: " + text);
  return parsed;
}

// cachefrom: a JSON array of image references.
Result<void> cache_from_param(const Query& query, std::vector<std::string>& out) {
  std::string text = query.get("cachefrom").value_or("");
  if (text.empty())
    return {};
  auto parsed = json::parse(text, nullptr, false);
  if (!parsed.is_array())
    return invalid_argument("invalid cachefrom parameter: " + text);
  for (const auto& ref : parsed)
    if (ref.is_string())
      out.push_back(ref.get<std::string>());
  return {};
}

Result<builder::BuildRequest> build_request(const Query& q) {
  builder::BuildRequest r;
  r.tags = q.all("t");
  r.dockerfile = q.get("dockerfile").value_or("");
  if (r.dockerfile.empty())
    r.dockerfile = "Dockerfile";
  json args = TRY(json_param(q, "buildargs")); // named: items() refers to it
  for (const auto& [k, v] : args.items())
    r.build_args[k] = v.is_string() ? std::optional(v.get<std::string>()) : std::nullopt;
  json labels = TRY(json_param(q, "labels"));
  for (const auto& [k, v] : labels.items())
    r.labels[k] = v.is_string() ? v.get<std::string>() : v.dump();
  r.target = q.get("target").value_or("");
  r.platform = q.get("platform").value_or("");
  r.network_mode = q.get("networkmode").value_or("");
  r.no_cache = q.get_bool("nocache");
  r.remove = !q.has("rm") || q.get_bool("rm", true);
  r.force_remove = q.get_bool("forcerm");
  r.quiet = q.get_bool("q");
  r.pull = q.get_bool("pull");
  TRY_VOID(cache_from_param(q, r.cache_from));
  if (!q.get("remote").value_or("").empty())
    return make_error(Errc::NotImplemented, "building from a remote context is not supported");
  return r;
}

// What the build needs of the request, owned apart: the work may outlive the connection.
struct BuildInput {
  Request request; // body moved in; body_fd a dup owned here
  builder::BuildRequest options;
  ~BuildInput() {
    if (request.body_fd >= 0)
      ::close(request.body_fd);
  }
};

asio::awaitable<void> build(builder::BuildService& builds, Request& req, Responder& res) {
  auto options = build_request(req.query);
  if (!options) {
    Error error = options.error();
    co_await res.send_error(error);
    co_return;
  }
  auto input = std::make_shared<BuildInput>();
  input->request.body = std::move(req.body);
  input->request.body_fd = req.body_fd >= 0 ? ::fcntl(req.body_fd, F_DUPFD_CLOEXEC, 0) : -1;
  input->options = std::move(*options);
  auto work = [&builds, input](const layers::ProgressFn& progress) -> Result<void> {
    BodyView body = TRY(BodyView::of(input->request));
    builder::BuildResult result = TRY(builds.build(body.data(), input->options, progress));
    if (!result.ok()) // a failed step: in the stream, with RUN's exit code for the CLI
      progress(json{{"errorDetail", {{"code", result.error_code}, {"message", result.error}}},
                    {"error", result.error}});
    return {};
  };
  co_await stream_progress(res, std::move(work));
}

} // namespace

void add_build_routes(Router& router, builder::BuildService& builds) {
  router.add("POST", "/build",
             [&builds](Request& req, Responder& res) { return build(builds, req, res); });
  router.add("POST", "/build/prune", [&builds](Request&, Responder& res) {
    return answer_json(res, 200, [&builds] { return builds.prune(); });
  });
}

} // namespace mydocker::api
