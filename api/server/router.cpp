#include "api/server/router.hpp"

namespace mydocker::api {

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string_view::npos)
      next = path.size();
    if (next > pos)
      out.emplace_back(path.substr(pos, next - pos));
    pos = next + 1;
  }
  return out;
}

bool is_capture(const std::string& s) {
  return s.size() > 2 && s.front() == '{' && s.back() == '}';
}
bool is_multi(const std::string& s) {
  return is_capture(s) && s[s.size() - 2] == '*';
}
std::string capture_name(const std::string& s) {
  return s.substr(1, s.size() - (is_multi(s) ? 3 : 2));
}

// Matches pattern[pi..] against path[si..]; "{x*}" takes the fewest segments that let
// the rest match, so "/images/{name*}/json" keeps "json" for the literal.
bool match_from(const std::vector<std::string>& pattern, size_t pi,
                const std::vector<std::string>& path, size_t si,
                std::map<std::string, std::string>& params) {
  if (pi == pattern.size())
    return si == path.size();
  const std::string& seg = pattern[pi];
  if (is_multi(seg)) {
    for (size_t end = si + 1; end <= path.size(); ++end) {
      std::string joined;
      for (size_t i = si; i < end; ++i)
        joined += (i > si ? "/" : "") + path[i];
      if (match_from(pattern, pi + 1, path, end, params)) {
        params[capture_name(seg)] = joined;
        return true;
      }
    }
    return false;
  }
  if (si == path.size())
    return false;
  if (is_capture(seg)) {
    if (!match_from(pattern, pi + 1, path, si + 1, params))
      return false;
    params[capture_name(seg)] = path[si];
    return true;
  }
  return seg == path[si] && match_from(pattern, pi + 1, path, si + 1, params);
}

} // namespace

void Router::add(std::string method, std::string pattern, Handler handler) {
  m_routes.push_back(Route{std::move(method), split_path(pattern), std::move(handler)});
}

const Handler* Router::match(Request& request) const {
  auto path = split_path(request.path);
  for (const auto& route : m_routes) {
    bool method_ok =
        route.method == request.method || (route.method == "GET" && request.method == "HEAD");
    if (!method_ok)
      continue;
    std::map<std::string, std::string> params;
    if (match_from(route.segments, 0, path, 0, params)) {
      request.params = std::move(params);
      return &route.handler;
    }
  }
  return nullptr;
}

} // namespace mydocker::api
