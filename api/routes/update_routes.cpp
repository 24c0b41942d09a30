// POST /containers/{id}/update and GET /containers/{id}/changes.
#include "api/routes/answer.hpp"
#include "api/routes/routes.hpp"
#include "api/types/container_update.hpp"
#include "api/types/json_decode.hpp"

namespace mydocker::api {

using nlohmann::json;

namespace {

Result<UpdateConfig> update_body(const Request& req) {
  json body = TRY(req.json_body());
  if (!body.is_object())
    return invalid_argument("json: cannot unmarshal " + json_kind(body) +
                            " into Go value of type container.UpdateConfig");
  UpdateConfig out;
  if (auto error = decode_into(body, out, "UpdateConfig"))
    return invalid_argument(*error);
  return out;
}

json changes_json(const std::vector<engine::Change>& changes) {
  if (changes.empty())
    return nullptr; // dockerd's nil slice
  json out = json::array();
  for (const auto& c : changes)
    out.push_back({{"Path", c.path}, {"Kind", static_cast<int>(c.kind)}});
  return out;
}

} // namespace

void add_update_routes(Router& router, engine::ContainerService& svc) {
  engine::ContainerService* s = &svc;
  router.add("POST", "/containers/{id}/update", [s](Request& req, Responder& res) {
    return answer_json(res, 200, [s, &req]() -> Result<json> {
      UpdateConfig request = TRY(update_body(req));
      auto warnings = TRY(s->update(req.params["id"], request));
      return json{{"Warnings", warnings.empty() ? json(nullptr) : json(warnings)}};
    });
  });
  router.add("GET", "/containers/{id}/changes", [s](Request& req, Responder& res) {
    return answer_json(res, 200, [s, &req]() -> Result<json> {
      return changes_json(TRY(s->changes(req.params["id"])));
    });
  });
}

} // namespace mydocker::api
