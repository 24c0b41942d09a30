#include "common/result.hpp"

#include <cstring>

namespace mydocker {

tl::unexpected<Error> sys_error(std::string_view call, int err) {
  Errc code = Errc::Internal;
  if (err == ENOENT)
    code = Errc::NotFound;
  else if (err == EEXIST || err == EBUSY)
    code = Errc::Conflict;
  else if (err == EPERM || err == EACCES)
    code = Errc::Forbidden;
  return tl::unexpected<Error>(Error{code, err, std::string(call) + ": " + std::strerror(err)});
}

std::string_view errc_name(Errc code) {
  switch (code) {
  case Errc::InvalidArgument: return "InvalidArgument";
  case Errc::NotFound: return "NotFound";
  case Errc::Conflict: return "Conflict";
  case Errc::NotModified: return "NotModified";
  case Errc::Unauthorized: return "Unauthorized";
  case Errc::Forbidden: return "Forbidden";
  case Errc::Unavailable: return "Unavailable";
  case Errc::NotImplemented: return "NotImplemented";
  case Errc::Internal: return "Internal";
  }
  return "Internal";
}

} // namespace mydocker
