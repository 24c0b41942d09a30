#include "engine/container/json_defaults.hpp"

namespace mydocker::engine {

using nlohmann::json;

namespace {

json fill(json given, const json& defaults) {
  if (!given.is_object())
    given = json::object();
  for (const auto& [key, value] : defaults.items())
    if (!given.contains(key))
      given[key] = value;
  return given;
}

} // namespace

json with_host_config_defaults(json host_config) {
  static const json defaults = json::parse(R"({
    "Binds": null, "ContainerIDFile": "", "NetworkMode": "bridge", "PortBindings": {},
    "AutoRemove": false, "VolumeDriver": "", "VolumesFrom": null, "ConsoleSize": [0, 0],
    "CapAdd": null, "CapDrop": null, "CgroupnsMode": "", "Dns": [], "DnsOptions": [],
    "DnsSearch": [], "ExtraHosts": null, "GroupAdd": null, "IpcMode": "", "Cgroup": "",
    "Links": null, "OomScoreAdj": 0, "PidMode": "", "Privileged": false,
    "PublishAllPorts": false, "ReadonlyRootfs": false, "SecurityOpt": null, "UTSMode": "",
    "UsernsMode": "", "ShmSize": 0, "Isolation": "", "CpuShares": 0, "Memory": 0,
    "NanoCpus": 0, "CgroupParent": "", "BlkioWeight": 0, "BlkioWeightDevice": [],
    "BlkioDeviceReadBps": [], "BlkioDeviceWriteBps": [], "BlkioDeviceReadIOps": [],
    "BlkioDeviceWriteIOps": [], "CpuPeriod": 0, "CpuQuota": 0, "CpuRealtimePeriod": 0,
    "CpuRealtimeRuntime": 0, "CpusetCpus": "", "CpusetMems": "", "Devices": [],
    "DeviceCgroupRules": null, "DeviceRequests": null, "MemoryReservation": 0,
    "MemorySwap": 0, "MemorySwappiness": null, "OomKillDisable": false, "PidsLimit": null,
    "Ulimits": [], "CpuCount": 0, "CpuPercent": 0, "IOMaximumIOps": 0,
    "IOMaximumBandwidth": 0, "MaskedPaths": null, "ReadonlyPaths": null})");
  return fill(std::move(host_config), defaults);
}

json with_config_defaults(json config) {
  static const json defaults = json::parse(R"({
    "Hostname": "", "Domainname": "", "User": "", "AttachStdin": false,
    "AttachStdout": false, "AttachStderr": false, "Tty": false, "OpenStdin": false,
    "StdinOnce": false, "Env": null, "Cmd": null, "Image": "", "Volumes": null,
    "WorkingDir": "", "Entrypoint": null, "OnBuild": null, "Labels": {}})");
  return fill(std::move(config), defaults);
}

} // namespace mydocker::engine
