#include "engine/container/device_mappings.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cstring>
#include <filesystem>

#include "engine/runtime/device_rules.hpp"

namespace mydocker::engine {

namespace {

Result<void> gather_error(const std::string& host_path, const std::string& why) {
  return internal_error("error gathering device information while adding custom device \"" +
                        host_path + "\": " + why);
}

bool valid_permissions(const std::string& p) {
  return !p.empty() && p.size() <= 3 && p.find_first_not_of("rwm") == std::string::npos;
}

// Every device node below a directory (moby devicesFromPath walks it the same way).
Result<void> add_directory(const api::DeviceMapping& d, ContainerDevices& out) {
  std::error_code ec;
  std::filesystem::recursive_directory_iterator it(d.path_on_host, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (it->is_symlink(ec)) // below a directory only the nodes themselves count
      continue;
    std::string host = it->path().string();
    auto node = device_node_of(host, d.path_in_container + host.substr(d.path_on_host.size()));
    if (node)
      out.nodes.push_back(*node);
  }
  if (ec)
    return gather_error(d.path_on_host, ec.message());
  return {};
}

} // namespace

Result<runtime::DeviceNode> device_node_of(const std::string& host_path,
                                           const std::string& container_path) {
  struct stat st {};
  if (::stat(host_path.c_str(), &st) != 0) { // a symlink names the node it points at
    std::string why = errno == ENOENT ? "no such file or directory" : std::strerror(errno);
    return tl::unexpected(gather_error(host_path, why).error());
  }
  if (!S_ISCHR(st.st_mode) && !S_ISBLK(st.st_mode))
    return tl::unexpected(gather_error(host_path, "not a device node").error());
  return runtime::DeviceNode{container_path,
                             S_ISCHR(st.st_mode) ? "c" : "b",
                             static_cast<int64_t>(major(st.st_rdev)),
                             static_cast<int64_t>(minor(st.st_rdev)),
                             static_cast<uint32_t>(st.st_mode & 07777),
                             st.st_uid,
                             st.st_gid};
}

Result<ContainerDevices> container_devices(const std::vector<api::DeviceMapping>& devices,
                                           const std::vector<std::string>& cgroup_rules) {
  ContainerDevices out;
  for (api::DeviceMapping d : devices) {
    if (d.path_in_container.empty())
      d.path_in_container = d.path_on_host;
    std::string access = d.cgroup_permissions.empty() ? "rwm" : d.cgroup_permissions;
    if (!valid_permissions(access))
      return internal_error("invalid device cgroup permissions \"" + access + "\" for " +
                            d.path_on_host);
    size_t before = out.nodes.size();
    struct stat st {};
    if (::stat(d.path_on_host.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
      TRY_VOID(add_directory(d, out));
    else
      out.nodes.push_back(TRY(device_node_of(d.path_on_host, d.path_in_container)));
    for (size_t i = before; i < out.nodes.size(); ++i)
      out.rules.push_back(runtime::DeviceRule{true, out.nodes[i].type, out.nodes[i].major,
                                              out.nodes[i].minor, access});
  }
  for (const auto& text : cgroup_rules)
    out.rules.push_back(TRY(runtime::parse_device_rule(text, true)));
  return out;
}

} // namespace mydocker::engine
