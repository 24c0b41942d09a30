#include <catch2/catch.hpp>

#include "api/types/image_config.hpp"

using namespace mydocker;
using namespace mydocker::api;
using nlohmann::json;

namespace {
const std::string kDiff = "sha256:" + std::string(64, 'a');

json valid_config() {
  return {{"architecture", "amd64"},
          {"os", "linux"},
          {"created", "2024-01-02T03:04:05.5Z"},
          {"config",
           {{"Env", {"PATH=/bin"}},
            {"Cmd", {"sh"}},
            {"Labels", {{"a", "b"}}},
            {"ExposedPorts", {{"80/tcp", json::object()}}},
            {"Volumes", nullptr}}},
          {"rootfs", {{"type", "layers"}, {"diff_ids", {kDiff}}}},
          {"history", {{{"created_by", "x"}}, {{"empty_layer", true}}}},
          {"unknown_field", {1, 2, 3}}};
}

std::string error_of(const json& j) {
  auto r = decode_image_config(j.dump());
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::InvalidArgument);
  return r.error().message;
}
} // namespace

TEST_CASE("image config: a valid config decodes, unknown fields ignored, null = zero") {
  auto c = decode_image_config(valid_config().dump());
  REQUIRE(c);
  CHECK(c->os == "linux");
  CHECK(c->config.env == std::vector<std::string>{"PATH=/bin"});
  CHECK(c->config.cmd == std::vector<std::string>{"sh"});
  CHECK(c->config.labels.at("a") == "b");
  CHECK(c->config.exposed_ports == std::vector<std::string>{"80/tcp"});
  CHECK(c->config.volumes.empty());
  CHECK(c->rootfs.diff_ids == std::vector<std::string>{kDiff});
  CHECK(c->history.size() == 2);
  CHECK(c->created_unix_nanos == 1704164645500000000);
}

TEST_CASE("image config: what Docker refuses is refused with the field's name") {
  json j = valid_config();
  j.erase("rootfs");
  CHECK(error_of(j).find("rootfs: missing") != std::string::npos);
  j = valid_config();
  j["config"]["Env"] = 5;
  CHECK(error_of(j).find("config.Env") != std::string::npos);
  j = valid_config();
  j["rootfs"]["diff_ids"] = "x";
  CHECK(error_of(j).find("rootfs.diff_ids") != std::string::npos);
  j = valid_config();
  j["rootfs"]["diff_ids"] = {"sha256:zz"};
  CHECK(error_of(j).find("not a sha256 digest") != std::string::npos);
  j = valid_config();
  j["rootfs"]["type"] = "other";
  CHECK(error_of(j).find("rootfs.type") != std::string::npos);
  j = valid_config();
  j["history"] = {{{"created_by", "a"}}, {{"created_by", "b"}}};
  CHECK(error_of(j).find("too many non-empty layers") != std::string::npos);
  j = valid_config();
  j["created"] = "yesterday";
  CHECK(error_of(j).find("created") != std::string::npos);
  j = valid_config();
  j["config"]["Labels"] = {{"a", 1}};
  CHECK(error_of(j).find("config.Labels.a") != std::string::npos);
  j = valid_config();
  j["config"] = "x";
  CHECK(error_of(j).find("config") != std::string::npos);
  CHECK_FALSE(decode_image_config(std::string_view("{not json")));
  CHECK_FALSE(decode_image_config(std::string_view("[]")));
}

TEST_CASE("image config: the run config encodes as Docker writes it") {
  ImageRunConfig c;
  c.env = {"A=1"};
  c.exposed_ports = {"80/tcp"};
  json j = encode_image_run_config(c);
  CHECK(j == json::parse(R"({"Env":["A=1"],"ExposedPorts":{"80/tcp":{}}})"));
}

// Found by fuzz_image_config (test/fuzz/regressions/image_config/created-year-overflow):
// the year overflowed 64-bit nanoseconds (undefined behaviour); now it is refused.
TEST_CASE("image config: a creation time beyond 64-bit nanoseconds is refused") {
  json j = valid_config();
  j["created"] = "9999-01-02T03:04:05Z";
  CHECK(error_of(j).find("created") != std::string::npos);
  j["created"] = "2262-01-01T00:00:00Z";
  CHECK(decode_image_config(j.dump()));
}
