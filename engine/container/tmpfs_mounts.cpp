#include "engine/container/tmpfs_mounts.hpp"

#include <algorithm>
#include <sstream>

namespace mydocker::engine {

namespace {

constexpr int64_t DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

// Later options win over earlier ones, as moby's MergeTmpfsOptions: "exec" cancels "noexec".
std::vector<std::string> merged_options(const std::string& given) {
  std::vector<std::string> options = {"noexec", "nosuid", "nodev"};
  std::istringstream in(given);
  for (std::string o; std::getline(in, o, ',');) {
    if (o.empty() || o == "tmpcopyup" || o == "notmpcopyup")
      continue;
    std::string opposite = o.rfind("no", 0) == 0 ? o.substr(2) : "no" + o;
    options.erase(std::remove(options.begin(), options.end(), opposite), options.end());
    // size=, mode=...: the last one given counts.
    auto eq = o.find('=');
    if (eq != std::string::npos)
      options.erase(std::remove_if(options.begin(), options.end(),
                                   [&](const std::string& x) {
                                     return x.compare(0, eq + 1, o, 0, eq + 1) == 0;
                                   }),
                    options.end());
    // exec, suid, dev only cancel their "no" flag: the kernel knows no such tmpfs option.
    bool cancels_only = o == "exec" || o == "suid" || o == "dev";
    if (!cancels_only && std::find(options.begin(), options.end(), o) == options.end())
      options.push_back(o);
  }
  return options;
}

} // namespace

Result<std::vector<runtime::MountEntry>> tmpfs_mounts(const api::HostConfig& hc) {
  std::vector<runtime::MountEntry> mounts;
  if (hc.shm_size < 0)
    return invalid_argument("SHM size can not be less than 0");
  if (hc.shm_size > 0 && hc.shm_size != DEFAULT_SHM_SIZE)
    mounts.push_back(
        {"tmpfs",
         "shm",
         "/dev/shm",
         {"nosuid", "noexec", "nodev", "mode=1777", "size=" + std::to_string(hc.shm_size)}});
  for (const auto& [destination, options] : hc.tmpfs) {
    if (destination.empty() || destination[0] != '/')
      return invalid_argument("invalid mount config for type \"tmpfs\": invalid mount path: '" +
                              destination + "' mount path must be absolute");
    mounts.push_back({"tmpfs", "tmpfs", destination, merged_options(options)});
  }
  return mounts;
}

} // namespace mydocker::engine
