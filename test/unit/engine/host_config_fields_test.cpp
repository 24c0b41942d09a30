#include <catch2/catch.hpp>

#include "engine/container/create_config.hpp"
#include "engine/container/etc_files.hpp"
#include "engine/container/tmpfs_mounts.hpp"

using namespace mydocker;

namespace {

std::string refusal(const api::HostConfig& hc) {
  auto r = engine::validate_host_config(hc);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::InvalidArgument);
  return r.error().message;
}

} // namespace

TEST_CASE("add-host entries follow the default /etc/hosts lines", "[engine]") {
  auto hosts = engine::hosts_file_content({"db:10.0.0.5", "v6:[fd00::1]", "eq=1.2.3.4"});
  REQUIRE(hosts);
  CHECK(hosts->rfind("127.0.0.1\tlocalhost\n", 0) == 0);
  CHECK(hosts->find("\n10.0.0.5\tdb\nfd00::1\tv6\n1.2.3.4\teq\n") != std::string::npos);
  CHECK_FALSE(engine::hosts_file_content({"nocolon"}));
  api::HostConfig hc;
  hc.extra_hosts = {"x:host-gateway"};
  CHECK(refusal(hc) == "--add-host host-gateway is not supported by mydocker");
}

TEST_CASE("resolv.conf keeps the host's settings without loopback resolvers", "[engine]") {
  std::string host = "search corp\nnameserver 127.0.0.53\nnameserver 10.1.1.1\noptions edns0\n";
  CHECK(engine::resolv_conf_content(host, {}) ==
        "search corp\nnameserver 10.1.1.1\noptions edns0\n");
  CHECK(engine::resolv_conf_content("nameserver 127.0.0.1\n", {}) ==
        "nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
}

TEST_CASE("dns, dns-search and dns-option replace the host's lines", "[engine]") {
  std::string host = "search corp\nnameserver 10.1.1.1\noptions edns0\n";
  engine::DnsSettings dns{{"1.1.1.1", "9.9.9.9"}, {"a.example", "b.example"}, {"ndots:2"}};
  CHECK(engine::resolv_conf_content(host, dns) ==
        "search a.example b.example\nnameserver 1.1.1.1\nnameserver 9.9.9.9\noptions ndots:2\n");
  engine::DnsSettings servers_only{{"1.1.1.1"}, {}, {}}; // dockerd keeps the host's others
  CHECK(engine::resolv_conf_content("# c\nsearch corp\nnameserver 10.1.1.1\noptions edns0\n",
                                    servers_only) ==
        "search corp\nnameserver 1.1.1.1\noptions edns0\n");
  engine::DnsSettings no_search{{}, {"."}, {}};
  CHECK(engine::resolv_conf_content(host, no_search) == "nameserver 10.1.1.1\noptions edns0\n");
}

TEST_CASE("fields that are not honoured are refused naming the flag", "[engine]") {
  api::HostConfig hc;
  CHECK(engine::validate_host_config(hc));
  hc.ipc_mode = "private";
  hc.cgroupns_mode = "private";
  hc.isolation = "default";
  hc.shm_size = 64 * 1024 * 1024;
  hc.volume_driver = "local";
  hc.pid_mode = "host"; // namespace modes: namespace_modes_test.cpp
  hc.uts_mode = "host";
  hc.ipc_mode = "container:x";
  CHECK(engine::validate_host_config(hc));

  auto with = [](auto set) {
    api::HostConfig h;
    set(h);
    return refusal(h);
  };
  api::HostConfig honoured; // --cgroupns host and --link: engine/container/namespace_modes, links
  honoured.cgroupns_mode = "host";
  honoured.links = {"db:db"};
  CHECK(engine::validate_host_config(honoured));
  CHECK(with([](auto& h) { h.tmpfs["run"] = ""; }) ==
        "invalid mount config for type \"tmpfs\": invalid mount path: 'run' mount path must be "
        "absolute");
  CHECK(with([](auto& h) { h.resources.memory_reservation = 1 << 20; }) ==
        "Minimum memory reservation allowed is 6MB");
  CHECK(with([](auto& h) {
          h.resources.memory = 8 << 20;
          h.resources.memory_reservation = 16 << 20;
        }) == "Minimum memory limit can not be less than memory reservation limit, see usage");
  CHECK(with([](auto& h) { h.isolation = "hyperv"; }) ==
        "invalid isolation: \"hyperv\" - linux only supports 'default'");
  CHECK(with([](auto& h) { h.cgroupns_mode = "foo"; }) == "invalid cgroup namespace mode: foo");
  CHECK(with([](auto& h) { h.oom_score_adj = 2000; }) ==
        "Invalid value 2000, range for oom score adj is [-1000, 1000]");
  CHECK(with([](auto& h) { h.shm_size = -1; }) == "SHM size can not be less than 0");
}

TEST_CASE("GPU requests are refused as Docker does without a device driver", "[engine]") {
  api::HostConfig hc;
  api::DeviceRequest gpu;
  gpu.count = -1;
  gpu.capabilities = {{"gpu"}};
  hc.resources.device_requests.push_back(gpu);
  CHECK(refusal(hc) == "could not select device driver \"\" with capabilities: [[gpu]]");
}

TEST_CASE("tmpfs mounts take Docker's defaults unless overridden", "[engine]") {
  api::HostConfig hc;
  hc.tmpfs["/run"] = "";
  hc.tmpfs["/x"] = "exec,size=1m,mode=700,size=2m";
  auto mounts = engine::tmpfs_mounts(hc);
  REQUIRE(mounts);
  REQUIRE(mounts->size() == 2);
  CHECK((*mounts)[0].type == "tmpfs");
  CHECK((*mounts)[0].destination == "/run");
  CHECK((*mounts)[0].options == std::vector<std::string>{"noexec", "nosuid", "nodev"});
  CHECK((*mounts)[1].options == std::vector<std::string>{"nosuid", "nodev", "mode=700", "size=2m"});
}

TEST_CASE("shm size replaces the default /dev/shm only when it differs", "[engine]") {
  api::HostConfig hc;
  hc.shm_size = 64 * 1024 * 1024;
  CHECK(engine::tmpfs_mounts(hc)->empty());
  hc.shm_size = 128 * 1024 * 1024;
  auto mounts = engine::tmpfs_mounts(hc);
  REQUIRE(mounts->size() == 1);
  CHECK((*mounts)[0].destination == "/dev/shm");
  CHECK((*mounts)[0].options.back() == "size=134217728");
}
