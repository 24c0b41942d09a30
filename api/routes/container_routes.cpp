// /containers: create, start, stop, kill, delete, inspect, list, rename, prune.
#include "api/routes/answer.hpp"
#include "api/routes/routes.hpp"
#include "api/server/run_blocking.hpp"
#include "api/types/create_body.hpp"

namespace mydocker::api {

using nlohmann::json;

namespace {

// The body is decoded once here; a wrongly typed field is a 400 naming it.
Result<CreateBody> create_body(Request& req) {
  json body = TRY(req.json_body(json()));
  return decode_create_body(body);
}

asio::awaitable<void> create(engine::ContainerService& svc, Request& req, Responder& res) {
  auto body = create_body(req);
  if (!body) {
    Error error = body.error();
    co_await res.send_error(error);
    co_return;
  }
  std::string name = req.query.get("name").value_or("");
  co_await answer_json(res, 201, [&]() -> Result<json> {
    std::vector<std::string> warnings;
    std::string id = TRY(svc.create(name, *body, &warnings));
    return json{{"Id", id}, {"Warnings", warnings}};
  });
}

} // namespace

void add_container_routes(Router& router, engine::ContainerService& svc) {
  engine::ContainerService* s = &svc;
  router.add("POST", "/containers/create",
             [s](Request& req, Responder& res) { return create(*s, req, res); });
  router.add("POST", "/containers/{id}/start", [s](Request& req, Responder& res) {
    return answer_empty(res, 204, [s, &req] { return s->start(req.params["id"]); });
  });
  router.add("POST", "/containers/{id}/kill", [s](Request& req, Responder& res) {
    return answer_empty(res, 204, [s, &req] {
      return s->kill(req.params["id"], req.query.get("signal").value_or(""));
    });
  });
  router.add("POST", "/containers/{id}/pause", [s](Request& req, Responder& res) {
    return answer_empty(res, 204, [s, &req] { return s->pause(req.params["id"]); });
  });
  router.add("POST", "/containers/{id}/unpause", [s](Request& req, Responder& res) {
    return answer_empty(res, 204, [s, &req] { return s->unpause(req.params["id"]); });
  });
  router.add("DELETE", "/containers/{id}", [s](Request& req, Responder& res) {
    return answer_empty(res, 204, [s, &req] {
      return s->remove(req.params["id"], req.query.get_bool("force"), req.query.get_bool("v"));
    });
  });
  router.add("GET", "/containers/{id}/json", [s](Request& req, Responder& res) {
    return answer_json(
        res, 200, [s, &req] { return s->inspect(req.params["id"], req.query.get_bool("size")); });
  });
  router.add("GET", "/containers/json", [s](Request& req, Responder& res) {
    return answer_json(res, 200, [s, &req]() -> Result<json> {
      auto limit = TRY(req.query.get_int("limit"));
      return s->list(req.query.get_bool("all"), req.query.get("filters").value_or(""),
                     limit ? static_cast<int>(*limit) : -1, req.query.get_bool("size"));
    });
  });
  router.add("POST", "/containers/{id}/rename", [s](Request& req, Responder& res) {
    return answer_empty(res, 204, [s, &req] {
      return s->rename(req.params["id"], req.query.get("name").value_or(""));
    });
  });
  router.add("POST", "/containers/prune", [s](Request& req, Responder& res) {
    return answer_json(res, 200,
                       [s, &req] { return s->prune(req.query.get("filters").value_or("")); });
  });
  add_container_stream_routes(router, svc);
  add_container_stop_routes(router, svc);
}

} // namespace mydocker::api
