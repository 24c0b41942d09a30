// --device mappings, --sysctl checks and the block I/O / realtime adaptations (issue 10).
#include <catch2/catch.hpp>

#include "engine/container/blkio_resources.hpp"
#include "engine/container/device_mappings.hpp"
#include "engine/container/sysctls.hpp"

using namespace mydocker;

TEST_CASE("a device mapping takes the host node's type, numbers, mode and owner") {
  auto devices = engine::container_devices({{"/dev/null", "/dev/mynull", "rw"}}, {"c 10:237 rwm"});
  REQUIRE(devices);
  REQUIRE(devices->nodes.size() == 1);
  const auto& n = devices->nodes[0];
  CHECK((n.path == "/dev/mynull" && n.type == "c" && n.major == 1 && n.minor == 3));
  CHECK((n.file_mode == 0666 && n.uid == 0 && n.gid == 0));
  REQUIRE(devices->rules.size() == 2);
  CHECK((devices->rules[0].type == "c" && devices->rules[0].major == 1 &&
         devices->rules[0].minor == 3 && devices->rules[0].access == "rw"));
  CHECK((devices->rules[1].major == 10 && devices->rules[1].minor == 237));
  auto same_path = engine::container_devices({{"/dev/zero", "", ""}}, {});
  REQUIRE(same_path);
  CHECK(same_path->nodes[0].path == "/dev/zero");
  CHECK(same_path->rules[0].access == "rwm");
}

TEST_CASE("a missing path or a file that is no device fails in dockerd's words") {
  auto missing = engine::container_devices({{"/dev/nope", "/dev/x", "rwm"}}, {});
  REQUIRE(!missing);
  CHECK(missing.error().code == Errc::Internal);
  CHECK(missing.error().message == "error gathering device information while adding custom "
                                   "device \"/dev/nope\": no such file or directory");
  auto file = engine::container_devices({{"/etc/passwd", "/dev/x", "rwm"}}, {});
  REQUIRE(!file);
  CHECK(file.error().message == "error gathering device information while adding custom device "
                                "\"/etc/passwd\": not a device node");
  CHECK(!engine::container_devices({{"/dev/null", "/dev/x", "rwz"}}, {}));
  CHECK(!engine::container_devices({}, {"x 1:3 rwm"}));
}

TEST_CASE("sysctls are checked against the container's own namespaces as runc does") {
  api::HostConfig hc;
  hc.sysctls = {{"net.ipv4.ip_forward", "1"},
                {"kernel.shmmax", "1"},
                {"fs.mqueue.msg_max", "2"},
                {"kernel.domainname", "x"}};
  CHECK(engine::check_sysctls(hc));
  auto refused = [](api::HostConfig h) {
    auto r = engine::check_sysctls(h);
    REQUIRE(!r);
    CHECK(r.error().code == Errc::Internal);
    return r.error().message;
  };
  api::HostConfig host_ipc;
  host_ipc.ipc_mode = "host";
  host_ipc.sysctls = {{"kernel.shmmax", "1"}};
  CHECK(refused(host_ipc) == "failed to create task for container: sysctl \"kernel.shmmax\" is "
                             "not allowed in the hosts ipc namespace: unknown");
  api::HostConfig host_net;
  host_net.network_mode = "host";
  host_net.sysctls = {{"net.ipv4.ip_forward", "1"}};
  CHECK(refused(host_net) == "failed to create task for container: sysctl "
                             "\"net.ipv4.ip_forward\" not allowed in host network namespace: "
                             "unknown");
  api::HostConfig panic;
  panic.sysctls = {{"kernel.panic", "1"}};
  CHECK(refused(panic) == "failed to create task for container: sysctl \"kernel.panic\" is not "
                          "in a separate kernel namespace: unknown");
  api::HostConfig hostname;
  hostname.sysctls = {{"kernel.hostname", "x"}};
  CHECK(refused(hostname).find("conflicts with the OCI \"hostname\" field") != std::string::npos);
}

TEST_CASE("limits the host's cgroups lack are discarded with Docker's warnings") {
  runtime::CgroupSupport none;
  api::Resources r;
  r.blkio_weight = 300;
  r.blkio_weight_device = {{"/dev/null", 200}};
  r.blkio_device_read_bps = {{"/dev/null", 1024}};
  r.memory_swappiness = 30;
  auto warnings = engine::adapt_io_resources(r, none);
  REQUIRE(warnings);
  CHECK(warnings->size() == 4);
  CHECK(warnings->front() == "Your kernel does not support memory swappiness capabilities or "
                             "the cgroup is not mounted. Memory swappiness discarded.");
  CHECK((r.blkio_weight == 0 && r.blkio_weight_device.empty() && !r.memory_swappiness));
  CHECK(r.blkio_device_read_bps.empty());
  api::Resources rt;
  rt.cpu_realtime_runtime = 1000;
  CHECK(engine::adapt_io_resources(rt, none).error().message ==
        "Your kernel does not support CPU real-time scheduler");
}

TEST_CASE("supported limits are kept and range-checked") {
  runtime::CgroupSupport all{true, true, true, true, true, true, true, true};
  api::Resources r;
  r.memory_swappiness = -1;
  r.blkio_device_write_iops = {{"/dev/null", 100}};
  REQUIRE(engine::adapt_io_resources(r, all)->empty());
  CHECK(!r.memory_swappiness);
  CHECK(r.blkio_device_write_iops.size() == 1);
  api::Resources bad;
  bad.memory_swappiness = 200;
  CHECK(engine::adapt_io_resources(bad, all).error().message ==
        "Invalid value: 200, valid memory swappiness range is 0-100");
  api::Resources weight;
  weight.blkio_weight = 5;
  CHECK(engine::adapt_io_resources(weight, all).error().message ==
        "Range of blkio weight is from 10 to 1000");
  api::Resources rt;
  rt.cpu_realtime_period = 1000;
  rt.cpu_realtime_runtime = 2000;
  auto higher = engine::adapt_io_resources(rt, all);
  CHECK(higher.error().code == Errc::Internal);
  runtime::Resources out;
  REQUIRE(engine::add_io_limits(r, out));
  REQUIRE(out.blkio_write_iops.size() == 1);
  CHECK((out.blkio_write_iops[0].major == 1 && out.blkio_write_iops[0].minor == 3));
  CHECK(out.memory_swappiness == -1);
  api::Resources missing;
  missing.blkio_device_read_bps = {{"/dev/nope", 1}};
  CHECK(engine::add_io_limits(missing, out).error().message ==
        "stat /dev/nope: no such file or directory");
}
