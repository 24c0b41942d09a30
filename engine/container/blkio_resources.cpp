#include "engine/container/blkio_resources.hpp"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cctype>
#include <cstring>

namespace mydocker::engine {

namespace {

// moby verifyPlatformContainerResources: an unsupported list is dropped with this warning.
template <class T>
void discard_unless(bool supported, std::vector<T>& list, const std::string& warning,
                    std::vector<std::string>& warnings) {
  if (list.empty() || supported)
    return;
  warnings.push_back(warning);
  list.clear();
}

Result<void> check_realtime(const api::Resources& r, const runtime::CgroupSupport& s) {
  if ((r.cpu_realtime_period > 0 || r.cpu_realtime_runtime > 0) && !s.cpu_realtime)
    return invalid_argument("Your kernel does not support CPU real-time scheduler");
  if (r.cpu_realtime_runtime != 0 && r.cpu_realtime_period != 0 &&
      r.cpu_realtime_period < r.cpu_realtime_runtime)
    return internal_error("cpu real-time runtime cannot be higher than cpu real-time period");
  return {};
}

Result<runtime::BlkioDeviceLimit> limit_of(const std::string& path, uint64_t value) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    std::string why = std::strerror(errno);
    why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
    return internal_error("stat " + path + ": " + why);
  }
  return runtime::BlkioDeviceLimit{static_cast<int64_t>(major(st.st_rdev)),
                                   static_cast<int64_t>(minor(st.st_rdev)), value};
}

Result<void> add_throttles(const std::vector<api::ThrottleDevice>& in,
                           std::vector<runtime::BlkioDeviceLimit>& out) {
  for (const auto& t : in)
    out.push_back(TRY(limit_of(t.path, t.rate)));
  return {};
}

} // namespace

Result<std::vector<std::string>> adapt_io_resources(api::Resources& r,
                                                    const runtime::CgroupSupport& s) {
  std::vector<std::string> warnings;
  if (r.memory_swappiness == -1)
    r.memory_swappiness.reset(); // the CLI's "unset"
  if (r.memory_swappiness && !s.memory_swappiness) {
    warnings.push_back("Your kernel does not support memory swappiness capabilities or the cgroup "
                       "is not mounted. Memory swappiness discarded.");
    r.memory_swappiness.reset();
  }
  if (r.memory_swappiness && (*r.memory_swappiness < 0 || *r.memory_swappiness > 100))
    return invalid_argument("Invalid value: " + std::to_string(*r.memory_swappiness) +
                            ", valid memory swappiness range is 0-100");
  TRY_VOID(check_realtime(r, s));
  if (r.blkio_weight > 0 && !s.blkio_weight) {
    warnings.push_back("Your kernel does not support Block I/O weight or the cgroup is not "
                       "mounted. Weight discarded.");
    r.blkio_weight = 0;
  }
  if (r.blkio_weight > 0 && (r.blkio_weight < 10 || r.blkio_weight > 1000))
    return invalid_argument("Range of blkio weight is from 10 to 1000");
  discard_unless(s.blkio_weight_device, r.blkio_weight_device,
                 "Your kernel does not support Block I/O weight_device or the cgroup is not "
                 "mounted. Weight-device discarded.",
                 warnings);
  const char* tail = " limit or the cgroup is not mounted. Block I/O ";
  discard_unless(s.blkio_read_bps, r.blkio_device_read_bps,
                 std::string("Your kernel does not support BPS Block I/O read") + tail +
                     "BPS read limit discarded.",
                 warnings);
  discard_unless(s.blkio_write_bps, r.blkio_device_write_bps,
                 std::string("Your kernel does not support BPS Block I/O write") + tail +
                     "BPS write limit discarded.",
                 warnings);
  discard_unless(s.blkio_read_iops, r.blkio_device_read_iops,
                 std::string("Your kernel does not support IOPS Block read") + tail +
                     "IOPS read limit discarded.",
                 warnings);
  discard_unless(s.blkio_write_iops, r.blkio_device_write_iops,
                 std::string("Your kernel does not support IOPS Block write") + tail +
                     "IOPS write limit discarded.",
                 warnings);
  return warnings;
}

Result<void> add_io_limits(const api::Resources& r, runtime::Resources& out) {
  out.memory_swappiness = r.memory_swappiness.value_or(-1);
  out.blkio_weight = r.blkio_weight;
  for (const auto& w : r.blkio_weight_device)
    out.blkio_weight_device.push_back(TRY(limit_of(w.path, w.weight)));
  TRY_VOID(add_throttles(r.blkio_device_read_bps, out.blkio_read_bps));
  TRY_VOID(add_throttles(r.blkio_device_write_bps, out.blkio_write_bps));
  TRY_VOID(add_throttles(r.blkio_device_read_iops, out.blkio_read_iops));
  TRY_VOID(add_throttles(r.blkio_device_write_iops, out.blkio_write_iops));
  out.cpu_rt_period = r.cpu_realtime_period;
  out.cpu_rt_runtime = r.cpu_realtime_runtime;
  return {};
}

} // namespace mydocker::engine
