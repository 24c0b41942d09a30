#include <catch2/catch.hpp>

#include "api/types/manifest.hpp"

using namespace mydocker;
using namespace mydocker::api;
using nlohmann::json;

namespace {
std::string d(char c) {
  return "sha256:" + std::string(64, c);
}

json manifest() {
  return {{"schemaVersion", 2},
          {"mediaType", "application/vnd.docker.distribution.manifest.v2+json"},
          {"config", {{"mediaType", "x"}, {"size", 10}, {"digest", d('a')}}},
          {"layers", {{{"mediaType", "y"}, {"size", 20}, {"digest", d('b')}}}}};
}
} // namespace

TEST_CASE("manifest: schema2 decodes, and no layers, bad digests or wrong types are refused") {
  auto m = decode_image_manifest_json(manifest());
  REQUIRE(m);
  CHECK(m->config.digest == d('a'));
  REQUIRE(m->layers.size() == 1);
  CHECK(m->layers[0].size == 20);

  json j = manifest();
  j["layers"] = json::array();
  CHECK(decode_image_manifest_json(j).error().message.find("no layers") != std::string::npos);
  j = manifest();
  j["layers"][0]["digest"] = "sha256:abc";
  CHECK(decode_image_manifest_json(j).error().message.find("layers[0].digest") !=
        std::string::npos);
  j = manifest();
  j["layers"][0]["size"] = "big";
  CHECK(decode_image_manifest_json(j).error().message.find("layers[0]") != std::string::npos);
  j = manifest();
  j["layers"][0]["size"] = -1;
  CHECK_FALSE(decode_image_manifest_json(j));
  j = manifest();
  j["config"] = 3;
  CHECK_FALSE(decode_image_manifest_json(j));
  j = manifest();
  j.erase("config");
  CHECK_FALSE(decode_image_manifest_json(j));
  j = manifest();
  j["schemaVersion"] = 1;
  CHECK(decode_image_manifest_json(j).error().message.find("Schema 1") != std::string::npos);
  CHECK_FALSE(decode_image_manifest(std::string_view("nope")));
}

TEST_CASE("index: entries with platforms decode, bad entries are refused") {
  json index = {{"schemaVersion", 2},
                {"manifests",
                 {{{"digest", d('c')},
                   {"size", 1},
                   {"platform", {{"os", "linux"}, {"architecture", "amd64"}}},
                   {"annotations", {{"k", "v"}}}}}}};
  CHECK(is_image_index("", index));
  auto i = decode_image_index_json(index);
  REQUIRE(i);
  REQUIRE(i->manifests.size() == 1);
  CHECK(i->manifests[0].platform->architecture == "amd64");
  CHECK(i->manifests[0].annotations.at("k") == "v");
  index["manifests"][0]["platform"] = "linux";
  CHECK_FALSE(decode_image_index_json(index));
  index["manifests"] = {{{"digest", 5}}};
  CHECK_FALSE(decode_image_index_json(index));
}

TEST_CASE("save manifest.json: entries decode, wrong shapes are refused") {
  auto ok = decode_save_manifest(R"([{"Config":"c.json","RepoTags":["a:1"],"Layers":["l.tar"]}])");
  REQUIRE(ok);
  CHECK(ok->at(0).layers == std::vector<std::string>{"l.tar"});
  CHECK_FALSE(decode_save_manifest("{}"));
  CHECK_FALSE(decode_save_manifest(R"([{"RepoTags":["a"]}])"));
  CHECK_FALSE(decode_save_manifest(R"([{"Config":"c","Layers":"l"}])"));
  CHECK_FALSE(decode_save_manifest(R"([5])"));
}
