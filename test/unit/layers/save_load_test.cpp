#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

#include "common/atomic_file.hpp"
#include "layers/archive/outer_archive.hpp"
#include "layers/archive/save_layout.hpp"
#include "layers/digest.hpp"
#include "layers/image_service.hpp"
#include "tar_builder.hpp"

using namespace mydocker;
using namespace mydocker::layers;
using nlohmann::json;
namespace fs = std::filesystem;

TEST_CASE("the save layout names configs, layers and manifests as Docker 25 does", "[archive]") {
  std::string diff = sha256_digest("layer");
  SavedImage image{sha256_digest("config"), 6, {"busybox:latest", "team/app:1"}, {{diff, 5}}};
  SavedImage untagged{sha256_digest("other"), 5, {}, {}};
  auto files = save_layout({image, untagged}).files;
  json manifest = json::parse(files.at("manifest.json"));
  REQUIRE(manifest.size() == 2);
  CHECK(manifest[0]["Config"] == "blobs/sha256/" + digest_hex(image.config_digest));
  CHECK(manifest[0]["RepoTags"] == json({"busybox:latest", "team/app:1"}));
  CHECK(manifest[0]["Layers"] == json({"blobs/sha256/" + digest_hex(diff)}));
  CHECK(manifest[1]["RepoTags"] == json::array());
  CHECK(json::parse(files.at("oci-layout")) == json({{"imageLayoutVersion", "1.0.0"}}));
  CHECK(json::parse(files.at("repositories"))["busybox"]["latest"] == digest_hex(diff));

  json index = json::parse(files.at("index.json"));
  CHECK(index["mediaType"] == kOciIndexType);
  REQUIRE(index["manifests"].size() == 3); // one per tag, one bare for the untagged image
  const json& first = index["manifests"][0];
  CHECK(first["annotations"]["io.containerd.image.name"] == "docker.io/library/busybox:latest");
  CHECK(first["annotations"]["org.opencontainers.image.ref.name"] == "latest");
  CHECK_FALSE(index["manifests"][2].contains("annotations"));
  std::string blob = files.at(blob_name(first["digest"]));
  CHECK(sha256_digest(blob) == first["digest"]);
  json oci = json::parse(blob);
  CHECK(oci["config"]["digest"] == image.config_digest);
  CHECK(oci["config"]["size"] == 6);
  CHECK(oci["layers"][0] == json({{"mediaType", kOciLayerType}, {"digest", diff}, {"size", 5}}));
}

TEST_CASE("the outer archive of a load refuses names and links that leave it", "[archive]") {
  auto refused = [](const std::string& tar) {
    auto r = read_outer_archive(tar);
    return !r && r.error().code == Errc::InvalidArgument;
  };
  CHECK(refused(TarBuilder().file("../x", "1").finish()));
  CHECK(refused(TarBuilder().file("/etc/x", "1").finish()));
  CHECK(refused(TarBuilder().symlink("manifest.json", "/etc/passwd").finish()));
  CHECK(refused(TarBuilder().dir("a").symlink("a/m", "../../etc/passwd").finish()));
  CHECK(refused(TarBuilder().hardlink("m", "../outside").finish()));
  CHECK(refused(TarBuilder().symlink("m", "missing").finish()));
  std::string tar = TarBuilder()
                        .file("1/layer.tar", "data")
                        .symlink("2/layer.tar", "../1/layer.tar")
                        .hardlink("3/layer.tar", "1/layer.tar")
                        .finish();
  auto ok = read_outer_archive(tar);
  REQUIRE(ok);
  // An uncompressed archive is not copied: its files are views into the input.
  const char* at = ok->at("1/layer.tar").data();
  CHECK((at >= tar.data() && at < tar.data() + tar.size()));
  CHECK(ok->at("2/layer.tar") == "data");
  CHECK(ok->at("3/layer.tar") == "data");
}
