#include "engine/container/create_warnings.hpp"

#include "engine/container/blkio_resources.hpp"

namespace mydocker::engine {

namespace {

bool is_swappiness_warning(const std::string& warning) {
  return warning.find("memory swappiness") != std::string::npos;
}

} // namespace

std::string oom_kill_disable_warning(const api::Resources& r) {
  if (!r.oom_kill_disable || r.memory > 0)
    return "";
  return "OOM killer is disabled for the container, but no memory limit is set, this can result "
         "in the system running out of resources.";
}

Result<std::vector<std::string>> create_warnings(api::Resources& r,
                                                 const runtime::CgroupSupport& support) {
  auto warnings = TRY(adapt_io_resources(r, support));
  // dockerd checks memory (swappiness first) before CPU and block I/O.
  if (auto oom = oom_kill_disable_warning(r); !oom.empty()) {
    auto after_memory = warnings.begin();
    while (after_memory != warnings.end() && is_swappiness_warning(*after_memory))
      ++after_memory;
    warnings.insert(after_memory, oom);
  }
  return warnings;
}

} // namespace mydocker::engine
