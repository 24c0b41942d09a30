// Which optional cgroup files this host has, as Docker's sysinfo reads them: a limit the kernel
// cannot apply is discarded at create (with Docker's warning), not failed at start.
#pragma once

#include <string>

#include "engine/runtime/cgroups.hpp"

namespace mydocker::runtime {

struct CgroupSupport {
  bool memory_swappiness = false;
  bool blkio_weight = false;
  bool blkio_weight_device = false;
  bool blkio_read_bps = false;
  bool blkio_write_bps = false;
  bool blkio_read_iops = false;
  bool blkio_write_iops = false;
  bool cpu_realtime = false;
};

// v1: the files in each controller's hierarchy; v2: the io controller (no swappiness, no
// realtime). `exists` is the file test (tests pass a fake).
CgroupSupport cgroup_support(const CgroupLayout& layout, bool (*exists)(const std::string& path));
// This host's, read once per process.
const CgroupSupport& host_cgroup_support();

} // namespace mydocker::runtime
