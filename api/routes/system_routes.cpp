// GET/HEAD /_ping, GET /version, GET /info (moby system_routes.go shapes).
#include <memory>

#include "api/routes/host_facts.hpp"
#include "api/routes/routes.hpp"
#include "api/server/run_blocking.hpp"
#include "api/server/version_gate.hpp"
#include "common/time_format.hpp"

namespace mydocker::api {

using nlohmann::json;

namespace {

const char* BUILD_TIME = __DATE__ " " __TIME__;

json version_body(const HostFacts& host) {
  json details = {{"ApiVersion", MAX_API_VERSION.str()},
                  {"MinAPIVersion", MIN_API_VERSION.str()},
                  {"GitCommit", "unknown"},
                  {"GoVersion", "n/a"},
                  {"Os", "linux"},
                  {"Arch", go_arch(host.architecture)},
                  {"KernelVersion", host.kernel_version},
                  {"BuildTime", BUILD_TIME},
                  {"Experimental", "false"}};
  json body = {
      {"Platform", {{"Name", "mydocker"}}},
      {"Components",
       json::array({{{"Name", "Engine"}, {"Version", MYDOCKER_VERSION}, {"Details", details}}})},
      {"Version", MYDOCKER_VERSION}};
  for (const char* key : {"ApiVersion", "MinAPIVersion", "GitCommit", "GoVersion", "Os", "Arch",
                          "KernelVersion", "BuildTime"})
    body[key] = details[key];
  return body;
}

json commit(const char* id) {
  return {{"ID", id}, {"Expected", id}};
}

json info_body(const HostFacts& host, const SystemConfig& config, const SystemCounts& counts) {
  json cidrs = json::array({"127.0.0.0/8"});
  for (const auto& r : config.insecure_registries)
    cidrs.push_back(r);
  return {{"ID", config.engine_id},
          {"Containers", counts.containers},
          {"ContainersRunning", counts.running},
          {"ContainersPaused", counts.paused},
          {"ContainersStopped", counts.stopped},
          {"Images", counts.images},
          {"Driver", "overlay2"},
          {"DriverStatus", json::array({json::array({"Backing Filesystem", "extfs"}),
                                        json::array({"Supports d_type", "true"})})},
          {"Plugins",
           {{"Volume", {"local"}},
            {"Network", {"bridge", "host", "null"}},
            {"Authorization", nullptr},
            {"Log", {"json-file", "local"}}}},
          {"MemoryLimit", host.memory_limit},
          {"SwapLimit", host.swap_limit},
          {"KernelMemory", false},
          {"KernelMemoryTCP", false},
          {"CpuCfsPeriod", host.cpu_cfs},
          {"CpuCfsQuota", host.cpu_cfs},
          {"CPUShares", host.cpu_shares},
          {"CPUSet", host.cpuset},
          {"PidsLimit", host.pids_limit},
          {"IPv4Forwarding", true},
          {"BridgeNfIptables", false},
          {"BridgeNfIp6tables", false},
          {"Debug", false},
          {"NFd", 0},
          {"OomKillDisable", false},
          {"NGoroutines", 0},
          {"SystemTime", format_rfc3339_nano(now_unix_nanos())},
          {"LoggingDriver", config.logging_driver},
          {"CgroupDriver", "cgroupfs"},
          {"CgroupVersion", host.cgroup_version},
          {"NEventsListener", 0},
          {"KernelVersion", host.kernel_version},
          {"OperatingSystem", host.operating_system},
          {"OSVersion", host.os_version},
          {"OSType", "linux"},
          {"Architecture", host.architecture},
          {"IndexServerAddress", "https://index.docker.io/v1/"},
          {"RegistryConfig",
           {{"AllowNondistributableArtifactsCIDRs", nullptr},
            {"AllowNondistributableArtifactsHostnames", nullptr},
            {"InsecureRegistryCIDRs", cidrs},
            {"IndexConfigs", json::object()},
            {"Mirrors", nullptr}}},
          {"NCPU", host.ncpu},
          {"MemTotal", host.mem_total},
          {"GenericResources", nullptr},
          {"DockerRootDir", config.data_root},
          {"HttpProxy", ""},
          {"HttpsProxy", ""},
          {"NoProxy", ""},
          {"Name", host.hostname},
          {"Labels", json::array()},
          {"ExperimentalBuild", false},
          {"ServerVersion", MYDOCKER_VERSION},
          {"Runtimes", {{"runc", {{"path", "mydocker-shim"}}}}},
          {"DefaultRuntime", "runc"},
          {"Swarm",
           {{"NodeID", ""},
            {"NodeAddr", ""},
            {"LocalNodeState", "inactive"},
            {"ControlAvailable", false},
            {"Error", ""},
            {"RemoteManagers", nullptr}}},
          {"LiveRestoreEnabled", true},
          {"Isolation", ""},
          {"InitBinary", ""},
          {"ContainerdCommit", commit("")},
          {"RuncCommit", commit("")},
          {"InitCommit", commit("")},
          {"SecurityOptions", {"name=seccomp,profile=builtin", "name=cgroupns"}},
          {"CDISpecDirs", json::array()},
          {"Warnings", nullptr}};
}

} // namespace

void add_system_routes(Router& router, SystemConfig config) {
  auto shared = std::make_shared<const SystemConfig>(std::move(config));
  auto facts = std::make_shared<const HostFacts>(read_host_facts());
  router.add("GET", "/_ping", [](Request& req, Responder& res) -> asio::awaitable<void> {
    std::map<std::string, std::string> headers = {
        {"Builder-Version", "1"},
        {"Cache-Control", "no-cache, no-store, must-revalidate"},
        {"Pragma", "no-cache"},
        {"Swarm", "inactive"}};
    co_await res.send(200, "text/plain; charset=utf-8", req.method == "HEAD" ? "" : "OK", headers);
  });
  router.add("GET", "/version", [facts](Request&, Responder& res) -> asio::awaitable<void> {
    json body = version_body(*facts);
    co_await res.send_json(200, body);
  });
  router.add("GET", "/info", [shared, facts](Request&, Responder& res) -> asio::awaitable<void> {
    SystemCounts counts = co_await run_blocking(
        res.blocking_pool(), [&] { return shared->counts ? shared->counts() : SystemCounts{}; });
    json body = info_body(*facts, *shared, counts);
    co_await res.send_json(200, body);
  });
}

} // namespace mydocker::api
