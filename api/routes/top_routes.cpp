// GET /containers/{id}/top?ps_args=: the container's processes (engine/container_top.hpp).
#include "api/routes/answer.hpp"
#include "api/routes/routes.hpp"
#include "engine/container_top.hpp"

namespace mydocker::api {

using nlohmann::json;

void add_top_routes(Router& router, engine::ContainerService& containers, std::string exec_root) {
  engine::ContainerService* s = &containers;
  router.add("GET", "/containers/{id}/top", [s, exec_root](Request& req, Responder& res) {
    return answer_json(res, 200, [s, exec_root, &req]() -> Result<json> {
      auto top = TRY(engine::container_top(*s, exec_root, req.params["id"],
                                           req.query.get("ps_args").value_or("")));
      return json{{"Titles", top.titles}, {"Processes", top.processes}};
    });
  });
}

} // namespace mydocker::api
