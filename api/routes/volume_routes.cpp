// /volumes: create, list, inspect, remove, prune; disk work on the blocking pool.
#include "api/routes/answer.hpp"
#include "api/routes/routes.hpp"
#include "api/types/json_decode.hpp"
#include "api/types/json_encode.hpp"

namespace mydocker::api {

using nlohmann::json;

namespace {

Result<VolumeCreateBody> create_body(const Request& req) {
  json body = TRY(req.json_body(json()));
  VolumeCreateBody out;
  if (auto error = decode_into(body, out, "CreateOptions"))
    return invalid_argument(*error);
  return out;
}

// API < 1.42 pruned named volumes too: old clients get all=true, as Docker does.
Result<Filters> prune_filters(const Request& req) {
  Filters f = TRY(parse_filters(req.query.get("filters").value_or(""), {"label", "label!", "all"}));
  if (req.version < ApiVersion{1, 42})
    f["all"] = {"true"};
  return f;
}

json prune_answer(const volumes::PruneReport& report) {
  json deleted = report.deleted.empty() ? json(nullptr) : json(report.deleted);
  return json{{"VolumesDeleted", deleted}, {"SpaceReclaimed", report.space_reclaimed}};
}

} // namespace

void add_volume_routes(Router& router, volumes::VolumeService& volumes) {
  auto* v = &volumes;
  router.add("POST", "/volumes/create", [v](Request& req, Responder& res) {
    return answer_json(res, 201, [v, &req]() -> Result<json> {
      return encode(TRY(v->create(TRY(create_body(req)))));
    });
  });
  router.add("GET", "/volumes", [v](Request& req, Responder& res) {
    return answer_json(res, 200, [v, &req]() -> Result<json> {
      Filters f = TRY(parse_filters(req.query.get("filters").value_or(""),
                                    {"name", "label", "dangling", "driver"}));
      return encode(TRY(v->list(f)));
    });
  });
  router.add("GET", "/volumes/{name}", [v](Request& req, Responder& res) {
    return answer_json(res, 200, [v, &req]() -> Result<json> {
      return encode(TRY(v->inspect(req.params.at("name"))));
    });
  });
  router.add("DELETE", "/volumes/{name}", [v](Request& req, Responder& res) {
    return answer_empty(res, 204, [v, &req]() -> Result<void> {
      return v->remove(req.params.at("name"), req.query.get_bool("force"));
    });
  });
  router.add("POST", "/volumes/prune", [v](Request& req, Responder& res) {
    return answer_json(res, 200, [v, &req]() -> Result<json> {
      return prune_answer(TRY(v->prune(TRY(prune_filters(req)))));
    });
  });
}

} // namespace mydocker::api
