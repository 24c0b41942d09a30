// docker update on a running container: the planned limit writes, in an order the kernel takes.
#include <fcntl.h>
#include <unistd.h>

#include "common/fd.hpp"
#include "engine/runtime/runtime.hpp"

namespace mydocker::runtime {

namespace {

Result<void> write_cgroup_file(const std::string& path, const std::string& value) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd || ::write(fd.get(), value.data(), value.size()) < 0)
    return sys_error("write " + value + " to " + path);
  return {};
}

} // namespace

Result<void> Runtime::update_resources(const std::string& id, const Resources& changes) {
  auto dirs = cgroup_dirs(m_cgroups, m_config.cgroup_parent, id);
  Resources planned = changes;
  planned.pids_limit = std::max<int64_t>(changes.pids_limit, 0);
  auto writes = plan_limits(m_cgroups, planned);
  if (changes.pids_limit < 0)
    writes.push_back({m_cgroups.v2 ? "" : "pids", "pids.max", "max"});
  // v1 keeps memory.limit_in_bytes <= memory.memsw.limit_in_bytes at every step, so raising
  // both needs memsw first and lowering both memory first: a refused write goes again last.
  std::vector<CgroupWrite> refused;
  for (const auto& w : writes)
    if (!write_cgroup_file(dirs[w.controller] + "/" + w.file, w.value))
      refused.push_back(w);
  for (const auto& w : refused)
    TRY_VOID(write_cgroup_file(dirs[w.controller] + "/" + w.file, w.value));
  return {};
}

} // namespace mydocker::runtime
