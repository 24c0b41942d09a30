// Route table: method + pattern ("/containers/{id}/start", "/images/{name*}/json") -> handler.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/server/http_context.hpp"

namespace mydocker::api {

using Handler = std::function<asio::awaitable<void>(Request&, Responder&)>;

class Router {
public:
  // "{x}" matches one path segment; "{x*}" matches one or more segments (image names
  // contain '/'), shortest match first so "/images/{name*}/json" works.
  void add(std::string method, std::string pattern, Handler handler);
  // Fills request.params. nullptr: no route (404 "page not found").
  const Handler* match(Request& request) const;

private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> m_routes;
};

} // namespace mydocker::api
