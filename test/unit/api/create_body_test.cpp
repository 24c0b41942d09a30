#include <catch2/catch.hpp>

#include "api/types/container_codec.hpp"
#include "api/types/create_body.hpp"
#include "api/types/exec_types.hpp"
#include "api/types/json_decode.hpp"
#include "api/types/json_encode.hpp"
#include "api/types/network_types.hpp"
#include "api/types/volume_types.hpp"

using namespace mydocker;
using nlohmann::json;

namespace {

// docker CLI 28 `docker create` with many flags (engine-api.md §6).
const char* CLI_BODY = R"({"Hostname":"myhost","User":"1000","AttachStdout":true,
 "AttachStderr":true,"ExposedPorts":{"80/tcp":{},"9000/tcp":{}},"Env":["A=1"],
 "Cmd":["-c","echo hi"],"Image":"busybox","Volumes":{},"WorkingDir":"/srv",
 "Entrypoint":["/bin/sh"],"OnBuild":null,"Labels":{"k":"v"},"Unknown":{"x":1},
 "HostConfig":{"Binds":["v1:/data","/tmp:/host:ro"],"LogConfig":{"Type":"","Config":{}},
  "NetworkMode":"n1","PortBindings":{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"8080"}]},
  "RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3},"AutoRemove":false,
  "ConsoleSize":[0,0],"CapAdd":["CAP_NET_ADMIN"],"CapDrop":null,
  "SecurityOpt":["no-new-privileges"],"Tmpfs":{"/run":"size=64m"},"Memory":67108864,
  "NanoCpus":1500000000,"MemorySwappiness":-1,"PidsLimit":100,"GroupAdd":["10","audio"],
  "Mounts":[{"Type":"bind","Source":"/tmp","Target":"/host2","ReadOnly":true}],"Init":true},
 "NetworkingConfig":{"EndpointsConfig":{"n1":{"Aliases":["web1"],"IPAMConfig":null,
  "MacAddress":"","DriverOpts":null}}}})";

std::string error_of(const json& body) {
  auto decoded = api::decode_create_body(body);
  REQUIRE_FALSE(decoded);
  CHECK(decoded.error().code == Errc::InvalidArgument);
  return decoded.error().message;
}

} // namespace

TEST_CASE("create body from the docker CLI decodes every field", "[api][types]") {
  auto body = api::decode_create_body(json::parse(CLI_BODY));
  REQUIRE(body);
  const auto& c = body->config;
  CHECK(c.hostname == "myhost");
  CHECK(c.cmd == api::StrSlice{"-c", "echo hi"});
  CHECK(c.entrypoint == api::StrSlice{"/bin/sh"});
  CHECK(c.exposed_ports.count("9000/tcp") == 1);
  CHECK(c.labels.at("k") == "v");
  const auto& h = body->host_config;
  CHECK(h.log_config.type.empty()); // the daemon's default driver, resolved at create
  CHECK(h.network_mode == "n1");
  CHECK(h.port_bindings.at("80/tcp").at(0).host_port == "8080");
  CHECK(h.restart_policy.maximum_retry_count == 3);
  CHECK(h.cap_add == api::StrSlice{"CAP_NET_ADMIN"});
  CHECK(h.tmpfs.at("/run") == "size=64m");
  CHECK(h.resources.memory == 67108864);
  CHECK_FALSE(h.resources.memory_swappiness); // -1 = unset
  CHECK(h.resources.pids_limit == 100);
  CHECK(h.group_add == std::vector<std::string>{"10", "audio"});
  CHECK(h.mounts.at(0).read_only);
  CHECK(h.init == true);
  CHECK(h.runtime == "runc");
  CHECK(body->networking_config.endpoints_config.at("n1").aliases.at(0) == "web1");
}

TEST_CASE("docker-py shapes: strings for lists, bare capabilities, nulls", "[api][types]") {
  auto body = api::decode_create_body(json::parse(R"({"Image":"busybox","Cmd":"echo hi",
    "Entrypoint":null,"Env":null,"Labels":null,"HostConfig":{"CapAdd":"net_admin",
    "CapDrop":["MKNOD"],"NetworkMode":"default","RestartPolicy":null,"Memory":null,
    "LogConfig":null},"NetworkingConfig":{"EndpointsConfig":{"default":{}}}})"));
  REQUIRE(body);
  CHECK(body->config.cmd == api::StrSlice{"echo hi"});
  CHECK_FALSE(body->config.entrypoint);
  CHECK(body->config.env.empty());
  CHECK(body->host_config.cap_add == api::StrSlice{"CAP_NET_ADMIN"});
  CHECK(body->host_config.cap_drop == api::StrSlice{"CAP_MKNOD"});
  CHECK(body->host_config.network_mode == "bridge");
  CHECK(body->host_config.restart_policy.name == "no");
  CHECK(body->host_config.log_config.type.empty());
  CHECK(body->host_config.resources.memory == 0);
  CHECK(body->networking_config.endpoints_config.count("bridge") == 1);
  CHECK(body->networking_config.endpoints_config.count("default") == 0);
}

TEST_CASE("wrongly typed fields are refused naming the field", "[api][types]") {
  CHECK(error_of(json::parse(R"({"Image":"b","HostConfig":{"Memory":"abc"}})")) ==
        "json: cannot unmarshal string into Go struct field HostConfig.Memory of type int64");
  CHECK(error_of(json::parse(R"({"Image":"b","Cmd":5})")) ==
        "json: cannot unmarshal number 5 into Go struct field Config.Cmd of type "
        "strslice.StrSlice");
  CHECK_THAT(error_of(json::parse(R"({"Image":"b","Env":[1]})")), Catch::Contains("Config.Env"));
  CHECK_THAT(error_of(json::parse(R"({"Image":"b","HostConfig":{"RestartPolicy":
      {"MaximumRetryCount":"3"}}})")),
             Catch::Contains("HostConfig.RestartPolicy.MaximumRetryCount of type int"));
  CHECK_THAT(error_of(json::parse(R"({"Image":"b","HostConfig":{"Privileged":"yes"}})")),
             Catch::Contains("HostConfig.Privileged of type bool"));
  CHECK_THAT(error_of(json::parse(R"({"Image":"b","HostConfig":{"CpuShares":1.5}})")),
             Catch::Contains("number 1.5"));
  CHECK_THAT(error_of(json::parse(R"({"Image":"b","HostConfig":{"BlkioWeight":70000}})")),
             Catch::Contains("HostConfig.BlkioWeight of type uint16"));
  CHECK_THAT(error_of(json::parse(R"({"Image":"b","HostConfig":[]})")),
             Catch::Contains("HostConfig of type container.HostConfig"));
  CHECK(error_of(json::parse("[1]")) == "Config cannot be empty in order to create a container");
}

TEST_CASE("encoding writes every key with Docker's zero values", "[api][types]") {
  json hc = api::to_json(api::HostConfig{});
  CHECK(hc["Binds"].is_null());
  CHECK(hc["Dns"] == json::array());
  CHECK(hc["ConsoleSize"] == json::array({0, 0}));
  CHECK(hc["PortBindings"] == json::object());
  CHECK(hc["LogConfig"] == json::parse(R"({"Type":"","Config":{}})"));
  CHECK(hc["Memory"] == 0);
  CHECK(hc["PidsLimit"].is_null());
  CHECK(hc["MemorySwappiness"].is_null());
  CHECK(hc["DeviceRequests"].is_null());
  CHECK(hc["Ulimits"] == json::array());
  CHECK_FALSE(hc.contains("Init")); // omitempty
  CHECK_FALSE(hc.contains("Tmpfs"));
  json c = api::to_json(api::ContainerConfig{});
  for (const char* key : {"Env", "Cmd", "Entrypoint", "Volumes", "OnBuild"})
    CHECK(c[key].is_null());
  CHECK(c["Labels"] == json::object());
  CHECK(c["Tty"] == false);
  CHECK_FALSE(c.contains("StopTimeout"));
}

TEST_CASE("an encoded body decodes to the same struct", "[api][types]") {
  auto body = api::decode_create_body(json::parse(CLI_BODY));
  REQUIRE(body);
  api::HostConfig again;
  REQUIRE_FALSE(api::from_json(api::to_json(body->host_config), again));
  CHECK(api::to_json(again) == api::to_json(body->host_config));
  api::ContainerConfig config;
  REQUIRE_FALSE(api::from_json(api::to_json(body->config), config));
  CHECK(api::to_json(config) == api::to_json(body->config));
}

TEST_CASE("network, volume and exec objects round-trip", "[api][types]") {
  api::NetworkCreateBody n;
  REQUIRE_FALSE(
      api::decode_into(json::parse(R"({"Name":"n1","IPAM":{"Config":[{"Subnet":"10.9.0.0/24"}]}})"),
                       n, "NetworkCreateRequest"));
  CHECK(n.ipam->config.at(0).subnet == "10.9.0.0/24");
  CHECK(n.driver == "bridge");
  json inspect = api::encode(api::NetworkInspect{});
  CHECK(inspect["Containers"] == json::object());
  CHECK(inspect["ConfigFrom"] == json::parse(R"({"Network":""})"));
  CHECK(api::encode(api::VolumeList{})["Warnings"].is_null());
  api::ExecCreateBody e;
  REQUIRE_FALSE(api::decode_into(json::parse(R"({"Cmd":"sh","Tty":true})"), e, "ExecOptions"));
  CHECK(e.cmd == api::StrSlice{"sh"});
  CHECK(api::encode(api::ExecInspect{})["ExitCode"].is_null());
}
