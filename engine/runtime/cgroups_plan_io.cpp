// Pure planning of the issue-10 limits: block I/O weight and throttles, memory swappiness and
// the CPU realtime budget (v1 files, or the v2 io controller's).
#include "engine/runtime/cgroups.hpp"

namespace mydocker::runtime {

namespace {

std::string device_key(const BlkioDeviceLimit& d) {
  return std::to_string(d.major) + ":" + std::to_string(d.minor);
}

// runc's ConvertBlkIOToIOWeightValue: 10..1000 onto cgroup v2's 1..10000.
uint64_t io_weight(uint64_t blkio_weight) {
  return 1 + (blkio_weight - 10) * 9999 / 990;
}

void plan_v1(const Resources& r, std::vector<CgroupWrite>& w) {
  if (r.memory_swappiness >= 0)
    w.push_back({"memory", "memory.swappiness", std::to_string(r.memory_swappiness)});
  if (r.cpu_rt_period > 0) // the period first: a runtime must fit in it
    w.push_back({"cpu", "cpu.rt_period_us", std::to_string(r.cpu_rt_period)});
  if (r.cpu_rt_runtime != 0)
    w.push_back({"cpu", "cpu.rt_runtime_us", std::to_string(r.cpu_rt_runtime)});
  if (r.blkio_weight > 0)
    w.push_back({"blkio", "blkio.weight", std::to_string(r.blkio_weight)});
  const std::pair<const std::vector<BlkioDeviceLimit>*, const char*> lists[] = {
      {&r.blkio_weight_device, "blkio.weight_device"},
      {&r.blkio_read_bps, "blkio.throttle.read_bps_device"},
      {&r.blkio_write_bps, "blkio.throttle.write_bps_device"},
      {&r.blkio_read_iops, "blkio.throttle.read_iops_device"},
      {&r.blkio_write_iops, "blkio.throttle.write_iops_device"}};
  for (const auto& [list, file] : lists)
    for (const auto& d : *list)
      w.push_back({"blkio", file, device_key(d) + " " + std::to_string(d.value)});
}

void plan_v2(const Resources& r, std::vector<CgroupWrite>& w) {
  if (r.blkio_weight > 0)
    w.push_back({"", "io.weight", "default " + std::to_string(io_weight(r.blkio_weight))});
  for (const auto& d : r.blkio_weight_device)
    w.push_back({"", "io.weight", device_key(d) + " " + std::to_string(io_weight(d.value))});
  const std::pair<const std::vector<BlkioDeviceLimit>*, const char*> lists[] = {
      {&r.blkio_read_bps, "rbps"},
      {&r.blkio_write_bps, "wbps"},
      {&r.blkio_read_iops, "riops"},
      {&r.blkio_write_iops, "wiops"}};
  for (const auto& [list, key] : lists)
    for (const auto& d : *list)
      w.push_back({"", "io.max", device_key(d) + " " + key + "=" + std::to_string(d.value)});
}

} // namespace

std::vector<CgroupWrite> plan_io_and_realtime(const CgroupLayout& l, const Resources& r) {
  std::vector<CgroupWrite> w;
  if (l.v2)
    plan_v2(r, w);
  else
    plan_v1(r, w);
  return w;
}

} // namespace mydocker::runtime
