#include <catch2/catch.hpp>

#include "cli/run_network_options.hpp"
#include "cli/run_options.hpp"

using namespace mydocker::cli;
using nlohmann::json;

static json body_of(const std::vector<std::string>& args) {
  auto parsed = parse_args(args, run_flags(), true);
  REQUIRE(parsed);
  auto body = create_body(*parsed);
  REQUIRE(body);
  return *body;
}

TEST_CASE("the -p forms become ExposedPorts and PortBindings as the docker CLI sends them",
          "[run_network_options]") {
  json b = body_of({"-p", "8080:80", "-p", "127.0.0.1::53/udp", "-p", "9000", "-p",
                    "10.0.0.1:81:81/tcp", "busybox"});
  CHECK(b["ExposedPorts"] == json{{"80/tcp", json::object()},
                                  {"53/udp", json::object()},
                                  {"9000/tcp", json::object()},
                                  {"81/tcp", json::object()}});
  const json& pb = b["HostConfig"]["PortBindings"];
  CHECK(pb["80/tcp"] == json::array({{{"HostIp", ""}, {"HostPort", "8080"}}}));
  CHECK(pb["53/udp"] == json::array({{{"HostIp", "127.0.0.1"}, {"HostPort", ""}}}));
  CHECK(pb["9000/tcp"] == json::array({{{"HostIp", ""}, {"HostPort", ""}}}));
  CHECK(pb["81/tcp"] == json::array({{{"HostIp", "10.0.0.1"}, {"HostPort", "81"}}}));
}

TEST_CASE("the --network, --ip, --network-alias, --dns and -P", "[run_network_options]") {
  json b = body_of({"--network", "n1", "--ip", "10.9.0.5", "--network-alias", "web", "--dns",
                    "10.0.0.2", "-P", "busybox"});
  CHECK(b["HostConfig"]["NetworkMode"] == "n1");
  CHECK(b["HostConfig"]["PublishAllPorts"] == true);
  CHECK(b["HostConfig"]["Dns"] == json::array({"10.0.0.2"}));
  const json& ep = b["NetworkingConfig"]["EndpointsConfig"]["n1"];
  CHECK(ep["IPAMConfig"]["IPv4Address"] == "10.9.0.5");
  CHECK(ep["Aliases"] == json::array({"web"}));
  CHECK(body_of({"busybox"})["HostConfig"]["NetworkMode"] == "default");
}

TEST_CASE("a bad -p is refused before any request", "[run_network_options]") {
  auto parsed = parse_args({"-p", "80:http", "busybox"}, run_flags(), true);
  REQUIRE(parsed);
  CHECK(!create_body(*parsed));
}
