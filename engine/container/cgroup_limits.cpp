#include "engine/container/cgroup_limits.hpp"

namespace mydocker::engine {

runtime::Resources cgroup_limits_of(const api::Resources& r) {
  runtime::Resources out;
  out.memory = r.memory;
  out.memory_swap = r.memory_swap;
  out.memory_reservation = r.memory_reservation;
  out.nano_cpus = r.nano_cpus;
  out.cpu_shares = r.cpu_shares;
  out.cpu_period = r.cpu_period;
  out.cpu_quota = r.cpu_quota;
  out.cpuset_cpus = r.cpuset_cpus;
  out.cpuset_mems = r.cpuset_mems;
  return out;
}

} // namespace mydocker::engine
