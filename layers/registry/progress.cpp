#include "layers/registry/progress.hpp"

#include "common/human_format.hpp"
#include "layers/digest.hpp"

namespace mydocker::layers::registry {

using nlohmann::json;

json message(const std::string& status, const std::string& id) {
  json m = {{"status", status}};
  if (!id.empty())
    m["id"] = id;
  return m;
}

json layer_step(const std::string& status, const std::string& id) {
  return {{"status", status}, {"progressDetail", json::object()}, {"id", id}};
}

json layer_progress(const std::string& status, const std::string& id, int64_t current,
                    int64_t total) {
  json detail = {{"current", current}};
  if (total > 0)
    detail["total"] = total;
  return {{"status", status},
          {"progressDetail", detail},
          {"progress", progress_bar(current, total)},
          {"id", id}};
}

std::string progress_bar(int64_t current, int64_t total) {
  constexpr int width = 50;
  std::string sizes = human_size(static_cast<double>(current));
  if (total <= 0)
    return sizes;
  sizes += "/" + human_size(static_cast<double>(total));
  int filled = static_cast<int>(width * std::min<double>(1.0, double(current) / double(total)));
  std::string bar(static_cast<size_t>(filled), '=');
  if (filled < width)
    bar += '>';
  bar.resize(width, ' ');
  return "[" + bar + "]  " + sizes;
}

std::string layer_short_id(const std::string& digest) {
  return digest_hex(digest).substr(0, 12);
}

bool Throttle::ready(int64_t current, int64_t total) {
  auto now = std::chrono::steady_clock::now();
  if (current <= 0 || current == m_last || (current != total && now < m_next))
    return false;
  m_next = now + std::chrono::milliseconds(100);
  m_last = current;
  return true;
}

} // namespace mydocker::layers::registry
