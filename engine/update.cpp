// POST /containers/{id}/update: new limits checked with dockerd's rules and messages, written
// to a running container's cgroups, then stored with its record.
#include <unistd.h>

#include "engine/container/cgroup_limits.hpp"
#include "engine/container/restart_policy.hpp"
#include "engine/container_events.hpp"
#include "engine/container_service.hpp"

namespace mydocker::engine {

namespace {

constexpr int64_t MIN_MEMORY = 6 * 1024 * 1024;

// verifyPlatformContainerResources (update=true): the request on its own.
Result<void> check_request(const api::Resources& r) {
  if (r.memory != 0 && r.memory < MIN_MEMORY)
    return invalid_argument("Minimum memory limit allowed is 6MB");
  if (r.memory > 0 && r.memory_swap > 0 && r.memory_swap < r.memory)
    return invalid_argument(
        "Minimum memoryswap limit should be larger than memory limit, see usage");
  if (r.memory > 0 && r.memory_reservation > 0 && r.memory_reservation > r.memory)
    return invalid_argument(
        "Minimum memory limit can not be less than memory reservation limit, see usage");
  if (r.memory_reservation != 0 && r.memory_reservation < MIN_MEMORY)
    return invalid_argument("Minimum memory reservation allowed is 6MB");
  if (r.nano_cpus > 0 && r.cpu_period > 0)
    return invalid_argument("Conflicting options: Nano CPUs and CPU Period cannot both be set");
  if (r.nano_cpus > 0 && r.cpu_quota > 0)
    return invalid_argument("Conflicting options: Nano CPUs and CPU Quota cannot both be set");
  long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  if (r.nano_cpus < 0 || r.nano_cpus > cpus * 1'000'000'000LL)
    return invalid_argument("Range of CPUs is from 0.01 to " + std::to_string(cpus) +
                            ".00, as there are only " + std::to_string(cpus) + " CPUs available");
  if (r.cpu_period != 0 && (r.cpu_period < 1000 || r.cpu_period > 1000000))
    return invalid_argument("CPU cfs period can not be less than 1ms (i.e. 1000) or larger than "
                            "1s (i.e. 1000000)");
  if (r.cpu_quota > 0 && r.cpu_quota < 1000)
    return invalid_argument("CPU cfs quota can not be less than 1ms (i.e. 1000)");
  return {};
}

// container.UpdateContainer: against what the container has; merges into `have`.
Result<void> merge_resources(api::Resources& have, const api::Resources& r) {
  if (r.nano_cpus > 0 && have.cpu_period > 0)
    return conflict("Conflicting options: CPU Period cannot be updated as NanoCPUs has already "
                    "been set");
  if (r.nano_cpus > 0 && have.cpu_quota > 0)
    return conflict("Conflicting options: CPU Quota cannot be updated as NanoCPUs has already "
                    "been set");
  if ((r.cpu_period > 0 || r.cpu_quota > 0) && have.nano_cpus > 0)
    return conflict(std::string("Conflicting options: ") +
                    (r.cpu_period > 0 ? "CPU Period" : "CPU Quota") +
                    " cannot be updated as NanoCPUs has already been set");
  // dockerd stores twice the memory as the swap limit when only memory was given at create.
  int64_t swap = have.memory_swap == 0 && have.memory > 0 ? have.memory * 2 : have.memory_swap;
  if (r.memory != 0 && r.memory_swap == 0 && (swap == 0 || (swap > 0 && r.memory > swap)))
    return conflict("Memory limit should be smaller than already set memoryswap limit, update "
                    "the memoryswap at the same time");
  auto take = [](auto& field, const auto& value) {
    if (value != std::decay_t<decltype(value)>{})
      field = value;
  };
  take(have.blkio_weight, r.blkio_weight);
  take(have.cpu_shares, r.cpu_shares);
  take(have.nano_cpus, r.nano_cpus);
  take(have.cpu_period, r.cpu_period);
  take(have.cpu_quota, r.cpu_quota);
  take(have.cpuset_cpus, r.cpuset_cpus);
  take(have.cpuset_mems, r.cpuset_mems);
  take(have.memory, r.memory);
  take(have.memory_swap, r.memory_swap);
  take(have.memory_reservation, r.memory_reservation);
  if (r.pids_limit)
    have.pids_limit = r.pids_limit;
  return {};
}

// Only what the request changes: the cgroup files of the other limits stay as they are.
runtime::Resources cgroup_changes(const api::Resources& r) {
  runtime::Resources out = cgroup_limits_of(r);
  out.pids_limit = r.pids_limit ? (*r.pids_limit > 0 ? *r.pids_limit : -1) : 0; // -1: to "max"
  return out;
}

} // namespace

Result<std::vector<std::string>> ContainerService::update(const std::string& ref,
                                                          const api::UpdateConfig& request) {
  TRY_VOID(check_request(request.resources));
  Lock lock;
  auto e = TRY(acquire(ref, lock));
  ContainerRecord& r = e->record;
  auto cannot = [&r](const Error& why) {
    return tl::unexpected(
        Error{why.code, why.sys_errno, "Cannot update container " + r.id + ": " + why.message});
  };
  if (r.state.status == Status::Removing || r.state.status == Status::Dead)
    return conflict("Container is marked for removal and cannot be \"update\"");
  api::HostConfig next = r.host_config;
  if (auto merged = merge_resources(next.resources, request.resources); !merged)
    return cannot(merged.error());
  if (!request.restart_policy.name.empty()) {
    if (r.host_config.auto_remove && request.restart_policy.name != "no")
      return cannot(Error{Errc::InvalidArgument, 0,
                          "Restart policy cannot be updated because AutoRemove is enabled for "
                          "the container"});
    next.restart_policy = request.restart_policy;
    TRY_VOID(validate_restart_policy(next));
  }
  if (has_process(r.state.status)) {
    const std::string id = r.id;
    auto changes = cgroup_changes(request.resources);
    // A few cgroup writes, done like a freeze: with the entry's mutex released.
    auto written = run_unlocked(*e, lock, Busy::Freezing,
                                [&] { return m_runtime.update_resources(id, changes); });
    if (!written)
      return cannot(written.error());
  }
  r.host_config = std::move(next);
  TRY_VOID(store(*e));
  emit_container_event(r, "update");
  return std::vector<std::string>{};
}

} // namespace mydocker::engine
