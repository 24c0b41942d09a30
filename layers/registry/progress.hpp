// Docker's JSON progress messages (moby pkg/jsonmessage) as pull and push send them.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace mydocker::layers::registry {

// {"status":s} or {"status":s,"id":id}
nlohmann::json message(const std::string& status, const std::string& id = "");
// {"status":s,"progressDetail":{},"id":id}: a layer's step
nlohmann::json layer_step(const std::string& status, const std::string& id);
// {"status":s,"progressDetail":{"current":c,"total":t},"progress":"[==>  ] 1MB/2MB","id":id}
nlohmann::json layer_progress(const std::string& status, const std::string& id, int64_t current,
                              int64_t total);
// "[=====>      ]  1.05MB/2.23MB" (the text field; clients draw their own bars)
std::string progress_bar(int64_t current, int64_t total);
// 12 hex of a "sha256:" digest: the id of a layer in progress messages.
std::string layer_short_id(const std::string& digest);

// Lets through one update per interval, and the final one (current == total) once.
class Throttle {
public:
  bool ready(int64_t current, int64_t total);

private:
  std::chrono::steady_clock::time_point m_next{};
  int64_t m_last = -1;
};

} // namespace mydocker::layers::registry
