#include "api/server/error_status.hpp"

#include <nlohmann/json.hpp>

namespace mydocker::api {

int http_status(Errc code) {
  switch (code) {
  case Errc::InvalidArgument: return 400;
  case Errc::NotFound: return 404;
  case Errc::Conflict: return 409;
  case Errc::NotModified: return 304;
  case Errc::Unauthorized: return 401;
  case Errc::Forbidden: return 403;
  case Errc::Unavailable: return 503;
  case Errc::NotImplemented: return 501;
  case Errc::Internal: return 500;
  }
  return 500;
}

std::string error_body(const std::string& message) {
  return nlohmann::json{{"message", message}}.dump(-1, ' ', false,
                                                   nlohmann::json::error_handler_t::replace) +
         "\n";
}

} // namespace mydocker::api
