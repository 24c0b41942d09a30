#include <catch2/catch.hpp>

#include "engine/container/create_config.hpp"

using namespace mydocker;
using engine::ContainerRecord;
using nlohmann::json;

namespace {

layers::Image busybox() {
  layers::Image image;
  image.id = "sha256:" + std::string(64, 'a');
  image.config.env = {"PATH=/bin", "HOME=/root"};
  image.config.cmd = {"sh"};
  image.config.working_dir = "/home";
  image.config.user = "1000";
  image.config.stop_signal = "SIGQUIT";
  image.config.labels = {{"from", "image"}, {"both", "image"}};
  image.config.exposed_ports = {"80/tcp"};
  return image;
}

Result<ContainerRecord> merged(const char* body_text, const layers::Image& image = busybox()) {
  auto body = api::decode_create_body(json::parse(body_text));
  REQUIRE(body);
  ContainerRecord r;
  r.id = std::string(64, 'b');
  r.image = "busybox";
  TRY_VOID(engine::merge_create_config(*body, image, r));
  return r;
}

} // namespace

TEST_CASE("merge takes the image's command, env, dir, user and labels", "[engine]") {
  auto r = merged(R"({"Image":"busybox","Env":["HOME=/x","A=1"],"Labels":{"both":"body"}})");
  REQUIRE(r);
  CHECK(r->path == "sh");
  CHECK(r->args.empty());
  CHECK(r->config.cmd == api::StrSlice{"sh"});
  CHECK_FALSE(r->config.entrypoint);
  CHECK(r->config.env == std::vector<std::string>{"PATH=/bin", "HOME=/x", "A=1"});
  CHECK(r->config.working_dir == "/home");
  CHECK(r->config.user == "1000");
  CHECK(r->config.hostname == std::string(12, 'b'));
  CHECK(r->config.stop_signal == "SIGQUIT");
  CHECK(r->config.labels ==
        std::map<std::string, std::string>{{"from", "image"}, {"both", "body"}});
  CHECK(r->config.image == "busybox");
  CHECK(r->config.exposed_ports.count("80/tcp") == 1);
  CHECK_FALSE(r->config.volumes); // the image has none: stays null
  CHECK(r->host_config.network_mode == "bridge");
}

TEST_CASE("merge: a given entrypoint drops the image's cmd, [\"\"] clears it", "[engine]") {
  auto image = busybox();
  image.config.entrypoint = {"/entry"};
  auto r = merged(R"({"Image":"busybox","Entrypoint":"/bin/echo"})", image);
  REQUIRE(r);
  CHECK(r->path == "/bin/echo");
  CHECK(r->args.empty());
  CHECK(r->config.cmd.empty());
  r = merged(R"({"Image":"busybox","Entrypoint":[""],"Cmd":["ls","-l"]})", image);
  REQUIRE(r);
  CHECK(r->path == "ls");
  CHECK(r->args == std::vector<std::string>{"-l"});
  CHECK_FALSE(r->config.entrypoint);
  r = merged(R"({"Image":"busybox","Cmd":["x"]})", image);
  REQUIRE(r);
  CHECK(r->path == "/entry");
  CHECK(r->args == std::vector<std::string>{"x"});
}

TEST_CASE("merge refuses a container without a command", "[engine]") {
  auto image = busybox();
  image.config.cmd.clear();
  auto r = merged(R"({"Image":"busybox"})", image);
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "no command specified");
}

TEST_CASE("unknown capabilities are refused with Docker's text", "[engine]") {
  api::HostConfig hc;
  hc.cap_add = {"net_admin", "CAP_BPF", "ALL"};
  hc.cap_drop = {"MKNOD"};
  CHECK(engine::validate_host_config(hc));
  hc.cap_drop = {"foo"};
  auto refused = engine::validate_host_config(hc);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message == "unknown capability: \"CAP_FOO\"");
}

TEST_CASE("only the runc runtime is accepted", "[engine]") {
  api::HostConfig hc;
  CHECK(engine::validate_host_config(hc));
  hc.runtime = "runc";
  CHECK(engine::validate_host_config(hc));
  hc.runtime = "kata";
  auto refused = engine::validate_host_config(hc);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == Errc::InvalidArgument);
  CHECK(refused.error().message == "unknown or invalid runtime name: kata");
}
