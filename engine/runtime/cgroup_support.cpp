#include "engine/runtime/cgroup_support.hpp"

#include <unistd.h>

#include "common/atomic_file.hpp"

namespace mydocker::runtime {

namespace {

bool file_exists(const std::string& path) {
  return ::access(path.c_str(), F_OK) == 0;
}

CgroupSupport v2_support(const CgroupLayout& l) {
  CgroupSupport s;
  std::string controllers = read_file(l.v2_mount + "/cgroup.controllers").value_or("");
  bool io = (" " + controllers + " ").find(" io") != std::string::npos;
  s.blkio_weight = s.blkio_weight_device = io;
  s.blkio_read_bps = s.blkio_write_bps = s.blkio_read_iops = s.blkio_write_iops = io;
  return s;
}

} // namespace

CgroupSupport cgroup_support(const CgroupLayout& l, bool (*exists)(const std::string& path)) {
  if (l.v2)
    return v2_support(l);
  auto has = [&](const std::string& controller, const std::string& file) {
    auto mount = l.v1_mounts.find(controller);
    return mount != l.v1_mounts.end() && exists(mount->second + "/" + file);
  };
  CgroupSupport s;
  s.memory_swappiness = has("memory", "memory.swappiness");
  s.blkio_weight = has("blkio", "blkio.weight");
  s.blkio_weight_device = has("blkio", "blkio.weight_device");
  s.blkio_read_bps = has("blkio", "blkio.throttle.read_bps_device");
  s.blkio_write_bps = has("blkio", "blkio.throttle.write_bps_device");
  s.blkio_read_iops = has("blkio", "blkio.throttle.read_iops_device");
  s.blkio_write_iops = has("blkio", "blkio.throttle.write_iops_device");
  s.cpu_realtime = has("cpu", "cpu.rt_runtime_us") && has("cpu", "cpu.rt_period_us");
  return s;
}

const CgroupSupport& host_cgroup_support() {
  static const CgroupSupport support =
      cgroup_support(read_cgroup_layout().value_or(CgroupLayout{}), file_exists);
  return support;
}

} // namespace mydocker::runtime
