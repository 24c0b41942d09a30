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

// moby's JSONProgress.String(): "[" + "=" x percent/2 + ">" + spaces to 50 + "] " and the
// sizes, the current one right-aligned in 8 columns.
std::string progress_bar(int64_t current, int64_t total) {
  std::string now = human_size(static_cast<double>(current));
  if (total <= 0 || current > total)
    return now;
  int filled = std::min(50, static_cast<int>(double(current) / double(total) * 100) / 2);
  std::string bar = "[" + std::string(static_cast<size_t>(filled), '=') + ">" +
                    std::string(static_cast<size_t>(50 - filled), ' ') + "] ";
  if (now.size() < 8)
    now.insert(0, 8 - now.size(), ' ');
  return bar + now + "/" + human_size(static_cast<double>(total));
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
