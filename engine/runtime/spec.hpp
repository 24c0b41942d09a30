// The runtime spec: everything the shim needs to build one container, decided by the
// engine (pure data, JSON-serialisable; written to <exec-root>/containers/<id>/spec.json).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace mydocker::runtime {

struct OverlayRootfs {
  std::vector<std::string> lower_dirs; // top-most first, as overlayfs wants
  // Short relative names of the same layers under lower_root, used when the absolute list
  // would overflow the one page of mount options (many layers).
  std::string lower_root;
  std::vector<std::string> lower_links;
  std::string upper_dir;
  std::string work_dir;
  std::string merged_dir; // mount point (inside the container's own mount namespace)
  bool read_only = false; // --read-only
};

struct MountEntry {
  std::string type; // "bind", "tmpfs", "proc", ...
  std::string source;
  std::string destination;          // inside the container
  std::vector<std::string> options; // "ro", "nosuid", "rbind", "size=64m", "mode=1777"...
};

struct Rlimit {
  std::string type; // "nofile", "nproc", ... (as docker's --ulimit)
  uint64_t soft = 0;
  uint64_t hard = 0;
};

// One device cgroup rule, as Docker's --device-cgroup-rule "c 1:3 rwm" (-1 = '*').
struct DeviceRule {
  bool allow = true;
  std::string type = "a"; // "a" all, "c" char, "b" block
  int64_t major = -1;
  int64_t minor = -1;
  std::string access = "rwm";
};

// --device: a node the init makes in the container like the host's (engine/runtime/device_nodes).
struct DeviceNode {
  std::string path;       // inside the container
  std::string type = "c"; // "c" char, "b" block
  int64_t major = 0;
  int64_t minor = 0;
  uint32_t file_mode = 0666; // permission bits of the host's node
  uint32_t uid = 0;
  uint32_t gid = 0;
};

// One block device's weight or throttle (--blkio-weight-device, --device-read-bps, ...).
struct BlkioDeviceLimit {
  int64_t major = 0;
  int64_t minor = 0;
  uint64_t value = 0;
};

struct Resources {
  int64_t memory = 0;      // bytes, 0 = unlimited
  int64_t memory_swap = 0; // bytes incl. memory, -1 unlimited, 0 = unset
  int64_t nano_cpus = 0;   // --cpus * 1e9
  int64_t cpu_shares = 0;
  int64_t cpu_period = 0;
  int64_t cpu_quota = 0;
  std::string cpuset_cpus;
  std::string cpuset_mems;
  int64_t pids_limit = 0; // <= 0 unlimited
  // --memory-reservation: soft limit in bytes, 0 = none; --oom-kill-disable (cgroup v1 only).
  int64_t memory_reservation = 0;
  bool oom_kill_disable = false;
  // Rules added after Docker's defaults (--device-cgroup-rule, --device); see device_rules.hpp.
  std::vector<DeviceRule> devices;
  // issue 10: set only where the host's cgroups have the files (engine/container/blkio_resources).
  int64_t memory_swappiness = -1; // 0-100, -1 = the kernel's
  uint16_t blkio_weight = 0;      // 10-1000, 0 = none
  std::vector<BlkioDeviceLimit> blkio_weight_device, blkio_read_bps, blkio_write_bps,
      blkio_read_iops, blkio_write_iops;
  int64_t cpu_rt_period = 0; // microseconds, 0 = unset
  int64_t cpu_rt_runtime = 0;
};

struct ProcessSpec {
  std::vector<std::string> args; // args[0] resolved against PATH by the shim child
  std::vector<std::string> env;  // "K=V"
  std::string cwd = "/";
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::vector<uint32_t> additional_gids;
  // Docker's User ("name", "uid:gid", ...) and GroupAdd, resolved inside the container's
  // root by its init (user_lookup.hpp); when both are empty uid/gid above are used as given.
  std::string user;
  std::vector<std::string> group_add;
  bool tty = false;
  bool open_stdin = false;
  uint32_t console_height = 0; // initial terminal size (HostConfig.ConsoleSize), 0 = unset
  uint32_t console_width = 0;
  // Attaches waiting for this start (docker run): the shim keeps the output from the start for
  // them and, should it end first, waits a little for them to subscribe (shim/io_relay).
  int attachers = 0;
  bool no_new_privileges = false;
  std::vector<std::string> capabilities; // "CAP_CHOWN", ... effective = bounding = permitted
  std::vector<Rlimit> rlimits;
};

// How the shim keeps the container's output (decided by engine/container/log_options).
struct LogSpec {
  std::string driver = "json-file";         // json-file; local (kept in json-file format); none
  int64_t max_size = -1;                    // bytes per file before it rotates, -1 = unbounded
  int max_file = 1;                         // files kept in total, the current one included
  bool compress = false;                    // rotated files are gzipped (path.N.gz)
  std::map<std::string, std::string> attrs; // "attrs" of every record (labels, env, tag)
};

struct Spec {
  std::string id; // container ID (64 hex)
  std::string hostname;
  ProcessSpec process;
  OverlayRootfs rootfs;
  std::vector<MountEntry> mounts; // after /proc, /dev, /sys defaults
  std::vector<std::string> masked_paths;
  std::vector<std::string> readonly_paths;
  bool privileged = false;
  Resources resources;
  std::string cgroup_parent = "mydocker"; // relative to the daemon's cgroup in each hierarchy
  std::vector<std::string> cgroup_procs;  // cgroup.procs files the shim puts the init into
  std::string log_path;                   // json-file log written by the shim
  LogSpec log;
  std::string stop_signal = "SIGTERM";
  // Namespaces to join instead of creating ("net" -> "/proc/<pid>/ns/net"); empty = new.
  std::map<std::string, std::string> join_namespaces;
  std::string seccomp_bpf; // compiled seccomp filter (struct sock_filter[], hex); empty = none
  bool init = false;       // --init: a tiny reaper stays PID 1 (engine/runtime/tiny_init.hpp)
  // --oom-score-adj, written by the init; a negative one needs CAP_SYS_RESOURCE.
  int oom_score_adj = 0;
  std::vector<DeviceNode> device_nodes;       // --device (their cgroup rules are in resources)
  std::map<std::string, std::string> sysctls; // --sysctl, of the container's own namespaces
  std::string domainname;                     // --domainname (private UTS namespace only)
  // --ipc: a tmpfs at /dev/shm unless "none" or container:X; for container:X the mount
  // namespace whose /dev/shm the shim binds in (engine/runtime/shm_donor.hpp).
  bool dev_shm = true;
  std::string shm_donor_mnt_ns;
};

void to_json(nlohmann::json& j, const Spec& s);
void from_json(const nlohmann::json& j, Spec& s);

} // namespace mydocker::runtime
