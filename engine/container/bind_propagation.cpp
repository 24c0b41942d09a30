#include "engine/container/bind_propagation.hpp"

#include "engine/runtime/mountinfo.hpp"

namespace mydocker::engine {

namespace {

bool is_under(const std::string& path, const std::string& mount_point) {
  if (mount_point == "/")
    return true;
  return path.compare(0, mount_point.size(), mount_point) == 0 &&
         (path.size() == mount_point.size() || path[mount_point.size()] == '/');
}

bool has_field(const runtime::MountinfoEntry& m, const std::string& prefix) {
  for (const auto& f : m.optional_fields)
    if (f.rfind(prefix, 0) == 0)
      return true;
  return false;
}

} // namespace

Result<void> check_bind_propagation(const std::string& source, const std::string& propagation,
                                    const std::string& mountinfo) {
  bool wants_shared = propagation == "shared" || propagation == "rshared";
  bool wants_slave = propagation == "slave" || propagation == "rslave";
  if (!wants_shared && !wants_slave)
    return {};
  // The last (top-most) of the longest mount points holding the source.
  const runtime::MountinfoEntry* on = nullptr;
  auto all = runtime::parse_mountinfo(mountinfo);
  for (const auto& m : all)
    if (is_under(source, m.mount_point) && (!on || m.mount_point.size() >= on->mount_point.size()))
      on = &m;
  if (!on)
    return internal_error("no mount holds " + source);
  if (has_field(*on, "shared:"))
    return {};
  if (wants_slave && has_field(*on, "master:"))
    return {};
  return internal_error("path " + source + " is mounted on " + on->mount_point +
                        " but it is not a shared" + (wants_slave ? " or slave" : "") + " mount");
}

} // namespace mydocker::engine
