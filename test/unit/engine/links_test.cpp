// --link: the stored form, Docker's variables and /etc/hosts line, the create and start checks.
#include <catch2/catch.hpp>

#include <algorithm>

#include "engine/container/links.hpp"

using namespace mydocker;
using namespace mydocker::engine;

namespace {

std::shared_ptr<ContainerEntry> add(ContainerIndex& index, const std::string& id,
                                    const std::string& name, Status status) {
  auto e = std::make_shared<ContainerEntry>();
  e->record.id = id;
  e->record.name = name;
  e->record.state.status = status;
  e->record.config.hostname = id.substr(0, 12);
  e->record.config.env = {"PATH=/bin", "FOO=bar"};
  e->record.config.exposed_ports["8080/tcp"] = {};
  e->record.config.exposed_ports["53/udp"] = {};
  e->record.networking_config.endpoints_config["bridge"].ip_address = "172.17.0.5";
  e->publish();
  REQUIRE(index.reserve_name(name, id));
  index.insert(id, e);
  return e;
}

} // namespace

TEST_CASE("link requests and stored links parse as dockerd writes them") {
  CHECK(parse_link_request("db").alias == "db");
  CHECK(parse_link_request("db:data").target == "db");
  CHECK(parse_link_request("db:data").alias == "data");
  Link stored = parse_stored_link("/db:/web/data");
  CHECK((stored.target == "db" && stored.alias == "data"));
  CHECK(parse_stored_link("db:data").target.empty());
}

TEST_CASE("create stores /target:/this/alias with the target's name, or dockerd's 400") {
  ContainerIndex index;
  add(index, std::string(64, 'a'), "db", Status::Running);
  std::vector<std::string> links = {"db:data", "aaaa"};
  REQUIRE(resolve_links(index, "web", links));
  CHECK(links == std::vector<std::string>{"/db:/web/data", "/db:/web/aaaa"});
  std::vector<std::string> missing = {"nope:x"};
  auto refused = resolve_links(index, "web", missing);
  REQUIRE(!refused);
  CHECK(refused.error().code == Errc::InvalidArgument);
  CHECK(refused.error().message == "could not get container for nope: No such container: nope");
}

TEST_CASE("Docker's link variables and hosts line") {
  LinkTarget t{"db", "aaaaaaaaaaaa", "172.17.0.5", {"8080/tcp", "53/udp"}, {"PATH=/x", "FOO=b=c"}};
  CHECK(link_env("web", "my-db", t) ==
        std::vector<std::string>{
            "MY_DB_NAME=/web/my-db", "MY_DB_PORT=udp://172.17.0.5:53",
            "MY_DB_PORT_53_UDP=udp://172.17.0.5:53", "MY_DB_PORT_53_UDP_ADDR=172.17.0.5",
            "MY_DB_PORT_53_UDP_PORT=53", "MY_DB_PORT_53_UDP_PROTO=udp",
            "MY_DB_PORT_8080_TCP=tcp://172.17.0.5:8080", "MY_DB_PORT_8080_TCP_ADDR=172.17.0.5",
            "MY_DB_PORT_8080_TCP_PORT=8080", "MY_DB_PORT_8080_TCP_PROTO=tcp", "MY_DB_ENV_FOO=b=c"});
  CHECK(link_hosts_entry("my-db", t) == "my-db aaaaaaaaaaaa db:172.17.0.5");
  CHECK(link_hosts_entry("db", t) == "db aaaaaaaaaaaa:172.17.0.5");
  t.ip.clear();
  CHECK(link_hosts_entry("db", t).empty());
}

TEST_CASE("start: a stopped target is dockerd's 500, a running one adds lines and variables") {
  ContainerIndex index;
  add(index, std::string(64, 'a'), "db", Status::Running);
  add(index, std::string(64, 'b'), "old", Status::Exited);
  ContainerRecord r;
  r.name = "web";
  r.host_config.network_mode = "bridge";
  r.host_config.links = {"/db:/web/data"};
  std::vector<std::string> env = {"DATA_ENV_FOO=mine"}, hosts;
  REQUIRE(apply_links(index, r, env, hosts));
  CHECK(env.front() == "DATA_NAME=/web/data");
  CHECK(std::count(env.begin(), env.end(), "DATA_ENV_FOO=mine") == 1);
  CHECK(std::find(env.begin(), env.end(), "DATA_ENV_FOO=bar") == env.end()); // -e wins
  CHECK(hosts == std::vector<std::string>{"data aaaaaaaaaaaa db:172.17.0.5"});
  r.host_config.links = {"/old:/web/old"};
  auto refused = apply_links(index, r, env, hosts);
  REQUIRE(!refused);
  CHECK(refused.error().message == "Cannot link to a non running container: /old AS /web/old");
}

TEST_CASE("create by network mode: host and container refuse, user networks keep them as given") {
  ContainerIndex index;
  api::HostConfig hc;
  api::NetworkingConfig nc;
  hc.links = {"db:data"};
  hc.network_mode = "host";
  CHECK(place_links(index, "web", hc, nc).error().message ==
        "conflicting options: host type networking can't be used with links. This would result "
        "in undefined behavior");
  hc.network_mode = "container:abc";
  CHECK(place_links(index, "web", hc, nc).error().message ==
        "conflicting options: container type network can't be used with links. This would "
        "result in undefined behavior");
  hc.network_mode = "mynet"; // the target need not exist yet there
  REQUIRE(place_links(index, "web", hc, nc));
  CHECK(hc.links.empty());
  CHECK(nc.endpoints_config["mynet"].links == std::vector<std::string>{"db:data"});
}
