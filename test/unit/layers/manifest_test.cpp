#include <catch2/catch.hpp>

#include "layers/digest.hpp"
#include "layers/registry/distribution.hpp"
#include "layers/registry/manifest.hpp"
#include "layers/registry/progress.hpp"

using namespace mydocker;
using namespace mydocker::layers;
using namespace mydocker::layers::registry;
using nlohmann::json;

namespace {
std::string d(char c) {
  return "sha256:" + std::string(64, c);
}

json index_fixture() {
  return json::parse(R"({"schemaVersion":2,
    "mediaType":"application/vnd.docker.distribution.manifest.list.v2+json","manifests":[
    {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":1,
     "digest":")" + d('a') +
                     R"(","platform":{"architecture":"arm","os":"linux","variant":"v6"}},
    {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":1,
     "digest":")" + d('b') +
                     R"(","platform":{"architecture":"arm","os":"linux","variant":"v7"}},
    {"mediaType":"application/vnd.docker.distribution.manifest.v2+json","size":1,
     "digest":")" + d('c') +
                     R"(","platform":{"architecture":"amd64","os":"linux"}},
    {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,
     "digest":")" + d('e') +
                     R"(","platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]})");
}
} // namespace

TEST_CASE("platforms: parse and default", "[registry]") {
  CHECK(parse_platform("").value().str() == "linux/amd64");
  CHECK(parse_platform("linux/arm64/v8").value().str() == "linux/arm64/v8");
  CHECK(parse_platform("linux/x86_64").value().str() == "linux/amd64");
  CHECK(parse_platform("arm64").value().str() == "linux/arm64");
  CHECK_FALSE(parse_platform("linux//v7"));
  CHECK_FALSE(parse_platform("a/b/c/d"));
}

TEST_CASE("platform selection from a manifest list", "[registry]") {
  json index = index_fixture();
  CHECK(is_index("", index));
  CHECK(select_platform(index, {}).value().digest == d('c'));
  CHECK(select_platform(index, parse_platform("linux/arm/v7").value()).value().digest == d('b'));
  // No variant asked: the first entry of the architecture.
  CHECK(select_platform(index, parse_platform("linux/arm").value()).value().digest == d('a'));
  CHECK(select_platform(index, parse_platform("linux/arm64").value()).value().digest == d('e'));
  auto none = select_platform(index, parse_platform("windows/amd64").value());
  REQUIRE_FALSE(none);
  CHECK(none.error().code == Errc::NotFound);
  CHECK(none.error().message ==
        "no matching manifest for windows/amd64 in the manifest list entries");
}

TEST_CASE("manifests: Docker schema2 and OCI parse, schema1 refused", "[registry]") {
  json oci = {{"schemaVersion", 2},
              {"mediaType", kOciManifest},
              {"config",
               {{"mediaType", "application/vnd.oci.image.config.v1+json"},
                {"digest", d('1')},
                {"size", 10}}},
              {"layers", json::array({{{"mediaType", "application/vnd.oci.image.layer.v1.tar+zstd"},
                                       {"digest", d('2')},
                                       {"size", 20}}})}};
  CHECK_FALSE(is_index(kOciManifest, oci));
  auto m = parse_manifest(kOciManifest, oci);
  REQUIRE(m);
  CHECK(m->config.digest == d('1'));
  REQUIRE(m->layers.size() == 1);
  CHECK(m->layers[0].media_type == "application/vnd.oci.image.layer.v1.tar+zstd");
  CHECK(m->layers[0].size == 20);
  CHECK_FALSE(parse_manifest("application/vnd.docker.distribution.manifest.v1+prettyjws",
                             json{{"schemaVersion", 1}, {"fsLayers", json::array()}}));
  CHECK(is_index(kOciIndex, json::object()));
}

TEST_CASE("pushed manifests are dockerd's bytes", "[registry]") {
  std::string m = docker_manifest_json(
      {kDockerConfig, d('1'), 1469, {}},
      {{"application/vnd.docker.image.rootfs.diff.tar.gzip", d('2'), 2227, {}}});
  CHECK(m == "{\n   \"schemaVersion\": 2,\n"
             "   \"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\",\n"
             "   \"config\": {\n"
             "      \"mediaType\": \"application/vnd.docker.container.image.v1+json\",\n"
             "      \"size\": 1469,\n      \"digest\": \"" +
                 d('1') +
                 "\"\n   },\n"
                 "   \"layers\": [\n      {\n"
                 "         \"mediaType\": \"application/vnd.docker.image.rootfs.diff.tar.gzip\",\n"
                 "         \"size\": 2227,\n         \"digest\": \"" +
                 d('2') + "\"\n      }\n   ]\n}");
}

TEST_CASE("pull errors carry Docker's texts", "[registry]") {
  Reference ref = parse_reference("localhost:5000/x:1").value();
  Error manifest = pull_error(
      ref, 404, R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]})");
  CHECK(manifest.code == Errc::NotFound);
  CHECK(manifest.message ==
        "manifest for localhost:5000/x:1 not found: manifest unknown: manifest unknown");
  Error denied = pull_error(
      parse_reference("x").value(), 401,
      R"({"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]})");
  CHECK(denied.code == Errc::NotFound);
  CHECK(denied.message == "pull access denied for x, repository does not exist or may require "
                          "'docker login': denied: requested access to the resource is denied");
  Error unauthorized = pull_error(ref, 401, "");
  CHECK(unauthorized.code == Errc::Unauthorized);
  CHECK(unauthorized.message == "unauthorized: authentication required");
}

TEST_CASE("progress messages and bars as dockerd sends them", "[registry]") {
  CHECK(layer_step("Pull complete", "abc").dump() ==
        R"({"id":"abc","progressDetail":{},"status":"Pull complete"})");
  auto m = layer_progress("Downloading", "abc", 500000, 1000000);
  CHECK(m["progressDetail"]["current"] == 500000);
  CHECK(m["progressDetail"]["total"] == 1000000);
  CHECK(m["progress"] == "[=========================>                         ]    500kB/1MB");
  CHECK(progress_bar(1000000, 1000000) ==
        "[==================================================>]      1MB/1MB");
  CHECK(message("Digest: x").dump() == R"({"status":"Digest: x"})");
  CHECK(layer_short_id("sha256:0123456789abcdef0123") == "0123456789ab");
  Throttle t;
  CHECK(t.ready(1, 10));
  CHECK_FALSE(t.ready(2, 10));  // within the interval
  CHECK(t.ready(10, 10));       // the final update always
  CHECK_FALSE(t.ready(10, 10)); // once
}
