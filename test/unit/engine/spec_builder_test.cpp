#include <catch2/catch.hpp>

#include <algorithm>

#include "engine/container/spec_builder.hpp"

using namespace mydocker;
using engine::ContainerRecord;

namespace {

ContainerRecord record() {
  ContainerRecord r;
  r.id = std::string(64, 'c');
  r.path = "sh";
  r.args = {"-c", "true"};
  r.config.hostname = "web";
  r.config.env = {"PATH=/bin"};
  r.log_path = "/log";
  return r;
}

layers::ContainerLayer layer() {
  return {{"/lower"}, "/layers", {"l/A"}, "/upper", "/work", "/merged"};
}

bool has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

} // namespace

TEST_CASE("the default spec has Docker's security defaults", "[engine]") {
  auto spec = engine::build_runtime_spec(record(), layer(), "/c");
  REQUIRE(spec);
  CHECK(spec->hostname == "web");
  CHECK(spec->process.args == std::vector<std::string>{"sh", "-c", "true"});
  CHECK(spec->process.cwd == "/");
  CHECK(spec->process.capabilities.size() == 14);
  CHECK(has(spec->masked_paths, "/proc/kcore"));
  CHECK(has(spec->readonly_paths, "/proc/sys"));
  CHECK_FALSE(spec->rootfs.read_only);
  CHECK(spec->mounts.size() == 3);
  CHECK(spec->mounts[0].destination == "/etc/hostname");
  CHECK(spec->stop_signal == "SIGTERM");
  CHECK(spec->resources.memory == 0);
  CHECK(spec->resources.pids_limit == 0);
}

TEST_CASE("HostConfig fields reach the runtime spec", "[engine]") {
  auto r = record();
  auto& hc = r.host_config;
  hc.cap_add = {"NET_ADMIN", "CAP_SYS_TIME"};
  hc.cap_drop = {"mknod"};
  hc.group_add = {"1234", "audio"};
  hc.security_opt = {"no-new-privileges"};
  hc.readonly_rootfs = true;
  hc.resources.memory = 64 << 20;
  hc.resources.nano_cpus = 1'500'000'000;
  hc.resources.pids_limit = 100;
  hc.resources.cpuset_mems = "0";
  hc.resources.ulimits = {{"nofile", 100, 200}};
  r.config.user = "0:0";
  r.config.working_dir = "/srv";
  r.config.stop_signal = "SIGINT";
  auto spec = engine::build_runtime_spec(r, layer(), "/c");
  REQUIRE(spec);
  const auto& p = spec->process;
  CHECK(has(p.capabilities, "CAP_NET_ADMIN"));
  CHECK(has(p.capabilities, "CAP_SYS_TIME"));
  CHECK_FALSE(has(p.capabilities, "CAP_MKNOD"));
  CHECK(p.group_add == std::vector<std::string>{"1234", "audio"});
  CHECK(p.additional_gids.empty()); // numbers and names resolve inside the container
  CHECK(p.user == "0:0");
  CHECK(p.no_new_privileges);
  CHECK(p.cwd == "/srv");
  REQUIRE(p.rlimits.size() == 1);
  CHECK(p.rlimits[0].soft == 100);
  CHECK(p.rlimits[0].hard == 200);
  CHECK(spec->rootfs.read_only);
  CHECK(spec->resources.memory == 64 << 20);
  CHECK(spec->resources.nano_cpus == 1'500'000'000);
  CHECK(spec->resources.pids_limit == 100);
  CHECK(spec->resources.cpuset_mems == "0");
  CHECK(spec->stop_signal == "SIGINT");
  CHECK_FALSE(spec->init);
  r.host_config.init = true;
  CHECK(engine::build_runtime_spec(r, layer(), "/c")->init);
}

TEST_CASE("privileged drops the masks; CapDrop ALL drops every capability", "[engine]") {
  auto r = record();
  r.host_config.privileged = true;
  r.host_config.cap_drop = {"ALL"};
  r.host_config.cap_add = {"CAP_CHOWN"};
  auto spec = engine::build_runtime_spec(r, layer(), "/c");
  REQUIRE(spec);
  CHECK(spec->privileged);
  CHECK(spec->masked_paths.empty());
  CHECK(spec->readonly_paths.empty());
  CHECK(spec->process.capabilities == std::vector<std::string>{"CAP_CHOWN"});
}
