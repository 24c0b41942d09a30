// Docker's HostConfig (moby api/types/container/hostconfig.go): how the host runs a container.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/types/host_resources.hpp"
#include "api/types/mount_spec.hpp"
#include "api/types/wire_basics.hpp"

namespace mydocker::api {

struct RestartPolicy {
  static constexpr const char* go_name = "container.RestartPolicy";
  std::string name; // "" = no (decode_create_body fills "no")
  int maximum_retry_count = 0;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Name", s.name);
    v("MaximumRetryCount", s.maximum_retry_count);
  }
};

struct LogConfig {
  static constexpr const char* go_name = "container.LogConfig";
  std::string type; // "" = the daemon's default driver
  std::map<std::string, std::string> config;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Type", s.type);
    v("Config", s.config, Empty::Value);
  }
};

struct PortBinding {
  static constexpr const char* go_name = "nat.PortBinding";
  std::string host_ip;   // "" = all addresses
  std::string host_port; // "" = ephemeral
  template <class S, class V> static void fields(S& s, V& v) {
    v("HostIp", s.host_ip);
    v("HostPort", s.host_port);
  }
};

using PortMap = std::map<std::string, std::vector<PortBinding>>; // "80/tcp" -> bindings

struct HostConfig {
  static constexpr const char* go_name = "container.HostConfig";
  std::vector<std::string> binds;
  std::string container_id_file;
  LogConfig log_config;
  std::string network_mode;
  PortMap port_bindings;
  RestartPolicy restart_policy;
  bool auto_remove = false;
  std::string volume_driver;
  std::vector<std::string> volumes_from;
  std::vector<uint64_t> console_size{0, 0}; // height, width
  std::map<std::string, std::string> annotations;
  StrSlice cap_add; // "CAP_X" (decode_create_body normalises "x" and "X")
  StrSlice cap_drop;
  std::string cgroupns_mode;
  std::vector<std::string> dns;
  std::vector<std::string> dns_options;
  std::vector<std::string> dns_search;
  std::vector<std::string> extra_hosts;
  std::vector<std::string> group_add; // group names or numbers
  std::string ipc_mode;
  std::string cgroup;
  std::vector<std::string> links;
  int oom_score_adj = 0;
  std::string pid_mode;
  bool privileged = false;
  bool publish_all_ports = false;
  bool readonly_rootfs = false;
  std::vector<std::string> security_opt;
  std::map<std::string, std::string> storage_opt;
  std::map<std::string, std::string> tmpfs; // destination -> options
  std::string uts_mode;
  std::string userns_mode;
  int64_t shm_size = 0;
  std::map<std::string, std::string> sysctls;
  std::string runtime;
  std::string isolation;
  Resources resources;
  std::vector<MountSpec> mounts;
  std::vector<std::string> masked_paths;
  std::vector<std::string> readonly_paths;
  std::optional<bool> init;

  template <class S, class V> static void fields(S& s, V& v) {
    v("Binds", s.binds);
    v("ContainerIDFile", s.container_id_file);
    v("LogConfig", s.log_config);
    v("NetworkMode", s.network_mode);
    v("PortBindings", s.port_bindings, Empty::Value);
    v("RestartPolicy", s.restart_policy);
    v("AutoRemove", s.auto_remove);
    v("VolumeDriver", s.volume_driver);
    v("VolumesFrom", s.volumes_from);
    v("ConsoleSize", s.console_size, Empty::Value);
    v("Annotations", s.annotations, Empty::Omit);
    v("CapAdd", s.cap_add);
    v("CapDrop", s.cap_drop);
    v("CgroupnsMode", s.cgroupns_mode);
    v("Dns", s.dns, Empty::Value);
    v("DnsOptions", s.dns_options, Empty::Value);
    v("DnsSearch", s.dns_search, Empty::Value);
    v("ExtraHosts", s.extra_hosts);
    v("GroupAdd", s.group_add);
    v("IpcMode", s.ipc_mode);
    v("Cgroup", s.cgroup);
    v("Links", s.links);
    v("OomScoreAdj", s.oom_score_adj);
    v("PidMode", s.pid_mode);
    v("Privileged", s.privileged);
    v("PublishAllPorts", s.publish_all_ports);
    v("ReadonlyRootfs", s.readonly_rootfs);
    v("SecurityOpt", s.security_opt);
    v("StorageOpt", s.storage_opt, Empty::Omit);
    v("Tmpfs", s.tmpfs, Empty::Omit);
    v("UTSMode", s.uts_mode);
    v("UsernsMode", s.userns_mode);
    v("ShmSize", s.shm_size);
    v("Sysctls", s.sysctls, Empty::Omit);
    v("Runtime", s.runtime, Empty::Omit);
    v("Isolation", s.isolation);
    Resources::fields(s.resources, v);
    v("Mounts", s.mounts, Empty::Omit);
    v("MaskedPaths", s.masked_paths);
    v("ReadonlyPaths", s.readonly_paths);
    v("Init", s.init, Empty::Omit);
  }
};

} // namespace mydocker::api
