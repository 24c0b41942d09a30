// /networks: list, inspect (create, delete, prune, connect, disconnect follow the service).
#include "api/routes/answer.hpp"
#include "api/routes/routes.hpp"
#include "api/types/filters.hpp"
#include "api/types/json_decode.hpp"
#include "api/types/json_encode.hpp"

namespace mydocker::api {

using nlohmann::json;

namespace {

bool any_of(const std::vector<std::string>& wanted,
            const std::function<bool(const std::string&)>& ok) {
  if (wanted.empty())
    return true;
  for (const auto& w : wanted)
    if (ok(w))
      return true;
  return false;
}

// dockerd's network filters: name (substring), id (prefix), driver, type (builtin/custom).
bool matches(const NetworkInspect& n, Filters& f) {
  bool builtin = n.name == "bridge" || n.name == "host" || n.name == "none";
  return any_of(f["name"],
                [&](const std::string& w) { return n.name.find(w) != std::string::npos; }) &&
         any_of(f["id"], [&](const std::string& w) { return n.id.rfind(w, 0) == 0; }) &&
         any_of(f["driver"], [&](const std::string& w) { return n.driver == w; }) &&
         any_of(f["type"], [&](const std::string& w) { return (w == "builtin") == builtin; }) &&
         any_of(f["label"], [&](const std::string& w) {
           auto eq = w.find('=');
           auto it = n.labels.find(w.substr(0, eq));
           return it != n.labels.end() &&
                  (eq == std::string::npos || it->second == w.substr(eq + 1));
         });
}

struct ConnectBody {
  static constexpr const char* go_name = "network.ConnectOptions";
  std::string container;
  EndpointSettings endpoint_config;
  bool force = false;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Container", s.container);
    v("EndpointConfig", s.endpoint_config);
    v("Force", s.force);
  }
};

template <class T> Result<T> decode_body(const Request& req, const char* root) {
  json body = TRY(req.json_body(json::object()));
  T out;
  if (auto error = decode_into(body, out, root))
    return invalid_argument(*error);
  return out;
}

void add_network_edit_routes(Router& router, network::NetworkService* s,
                             engine::ContainerService* c) {
  router.add("POST", "/networks/create", [s](Request& req, Responder& res) {
    return answer_json(res, 201, [s, &req]() -> Result<json> {
      auto created = TRY(s->create(TRY(decode_body<NetworkCreateBody>(req, "CreateRequest"))));
      return json{{"Id", created.id}, {"Warning", ""}};
    });
  });
  router.add("DELETE", "/networks/{id}", [s](Request& req, Responder& res) {
    return answer_empty(res, 204, [s, &req]() { return s->remove(req.params.at("id")); });
  });
  router.add("POST", "/networks/prune", [s](Request& req, Responder& res) {
    return answer_json(res, 200, [s]() -> Result<json> {
      auto removed = s->prune();
      return json{{"NetworksDeleted", removed.empty() ? json(nullptr) : json(removed)}};
    });
  });
  router.add("POST", "/networks/{id}/connect", [c](Request& req, Responder& res) {
    return answer_empty(res, 200, [c, &req]() -> Result<void> {
      auto body = TRY(decode_body<ConnectBody>(req, "ConnectOptions"));
      return c->connect_network(body.container, req.params.at("id"), body.endpoint_config);
    });
  });
  router.add("POST", "/networks/{id}/disconnect", [c](Request& req, Responder& res) {
    return answer_empty(res, 200, [c, &req]() -> Result<void> {
      auto body = TRY(decode_body<ConnectBody>(req, "DisconnectOptions"));
      return c->disconnect_network(body.container, req.params.at("id"));
    });
  });
}

} // namespace

void add_network_routes(Router& router, network::NetworkService& networks,
                        engine::ContainerService& containers) {
  auto* s = &networks;
  add_network_edit_routes(router, s, &containers);
  router.add("GET", "/networks", [s](Request& req, Responder& res) {
    return answer_json(res, 200, [s, &req]() -> Result<json> {
      Filters f =
          TRY(parse_filters(req.query.get("filters").value_or(""),
                            {"name", "id", "driver", "type", "label", "scope", "dangling"}));
      json out = json::array();
      for (auto& n : s->list())
        if (matches(n, f)) {
          n.containers.clear(); // dockerd lists networks without their endpoints
          out.push_back(encode(n));
        }
      return out;
    });
  });
  router.add("GET", "/networks/{id}", [s](Request& req, Responder& res) {
    return answer_json(res, 200, [s, &req]() -> Result<json> {
      return encode(TRY(s->inspect(req.params.at("id"))));
    });
  });
}

} // namespace mydocker::api
