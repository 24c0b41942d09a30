// JSON form of the runtime spec (spec.json in the container's state dir).
#include "engine/runtime/spec.hpp"

namespace mydocker::runtime {

using nlohmann::json;

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(OverlayRootfs, lower_dirs, lower_root, lower_links,
                                                upper_dir, work_dir, merged_dir, read_only)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(MountEntry, type, source, destination, options)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Rlimit, type, soft, hard)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DeviceRule, allow, type, major, minor, access)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DeviceNode, path, type, major, minor, file_mode,
                                                uid, gid)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(BlkioDeviceLimit, major, minor, value)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(
    Resources, memory, memory_swap, nano_cpus, cpu_shares, cpu_period, cpu_quota, cpuset_cpus,
    cpuset_mems, pids_limit, devices, memory_reservation, oom_kill_disable, memory_swappiness,
    blkio_weight, blkio_weight_device, blkio_read_bps, blkio_write_bps, blkio_read_iops,
    blkio_write_iops, cpu_rt_period, cpu_rt_runtime)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ProcessSpec, args, env, cwd, uid, gid,
                                                additional_gids, tty, open_stdin, no_new_privileges,
                                                capabilities, rlimits, user, group_add,
                                                console_height, console_width, attachers)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(LogSpec, driver, max_size, max_file, compress,
                                                attrs)

void to_json(json& j, const Spec& s) {
  j = {{"id", s.id},
       {"hostname", s.hostname},
       {"process", s.process},
       {"rootfs", s.rootfs},
       {"mounts", s.mounts},
       {"masked_paths", s.masked_paths},
       {"readonly_paths", s.readonly_paths},
       {"privileged", s.privileged},
       {"resources", s.resources},
       {"cgroup_parent", s.cgroup_parent},
       {"cgroup_procs", s.cgroup_procs},
       {"log_path", s.log_path},
       {"log", s.log},
       {"stop_signal", s.stop_signal},
       {"join_namespaces", s.join_namespaces},
       {"seccomp_bpf", s.seccomp_bpf},
       {"init", s.init},
       {"oom_score_adj", s.oom_score_adj},
       {"device_nodes", s.device_nodes},
       {"sysctls", s.sysctls},
       {"domainname", s.domainname},
       {"dev_shm", s.dev_shm},
       {"shm_donor_mnt_ns", s.shm_donor_mnt_ns}};
}

void from_json(const json& j, Spec& s) {
  Spec defaults;
  s.id = j.value("id", defaults.id);
  s.hostname = j.value("hostname", defaults.hostname);
  s.process = j.value("process", defaults.process);
  s.rootfs = j.value("rootfs", defaults.rootfs);
  s.mounts = j.value("mounts", defaults.mounts);
  s.masked_paths = j.value("masked_paths", defaults.masked_paths);
  s.readonly_paths = j.value("readonly_paths", defaults.readonly_paths);
  s.privileged = j.value("privileged", defaults.privileged);
  s.resources = j.value("resources", defaults.resources);
  s.cgroup_parent = j.value("cgroup_parent", defaults.cgroup_parent);
  s.cgroup_procs = j.value("cgroup_procs", defaults.cgroup_procs);
  s.log_path = j.value("log_path", defaults.log_path);
  s.log = j.value("log", defaults.log);
  s.stop_signal = j.value("stop_signal", defaults.stop_signal);
  s.join_namespaces = j.value("join_namespaces", defaults.join_namespaces);
  s.seccomp_bpf = j.value("seccomp_bpf", defaults.seccomp_bpf);
  s.init = j.value("init", defaults.init);
  s.oom_score_adj = j.value("oom_score_adj", defaults.oom_score_adj);
  s.device_nodes = j.value("device_nodes", defaults.device_nodes);
  s.sysctls = j.value("sysctls", defaults.sysctls);
  s.domainname = j.value("domainname", defaults.domainname);
  s.dev_shm = j.value("dev_shm", defaults.dev_shm);
  s.shm_donor_mnt_ns = j.value("shm_donor_mnt_ns", defaults.shm_donor_mnt_ns);
}

} // namespace mydocker::runtime
