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

namespace {

std::string save_to_string(ImageService& store, const std::vector<std::string>& names) {
  TempDir tmp;
  std::string path = tmp.path + "/out.tar";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  REQUIRE(fd >= 0);
  auto saved = store.save(names, fd);
  ::close(fd);
  REQUIRE(saved);
  return read_file(path).value();
}

} // namespace

TEST_CASE("save then remove then load gives the same image back", "[images][root]") {
  TempDir dir;
  auto store = std::move(ImageService::open(dir.path).value());
  std::string tar = TarBuilder().dir("bin").file("bin/hello", "hi").finish();
  auto image = store->import(tar, {"busybox", {"CMD [\"sh\"]"}, "", ""}).value();
  REQUIRE(store->tag("busybox", "busybox:other"));
  std::string archive = save_to_string(*store, {"busybox"}); // the repository: both tags
  auto files = read_outer_archive(archive).value();
  CHECK(files.count("blobs/sha256/" + digest_hex(image.diff_ids[0])));
  CHECK(sha256_digest(files.at("blobs/sha256/" + digest_hex(image.diff_ids[0]))) ==
        image.diff_ids[0]);
  CHECK(json::parse(files.at("manifest.json"))[0]["RepoTags"] ==
        json({"busybox:latest", "busybox:other"}));
  REQUIRE(store->remove(image.id, true, false, nullptr));
  REQUIRE_FALSE(store->inspect("busybox"));

  auto loaded = store->load_archive(archive);
  REQUIRE(loaded);
  CHECK(*loaded ==
        std::vector<std::string>{"Loaded image: busybox:latest", "Loaded image: busybox:other"});
  CHECK(store->inspect("busybox:other").value().id == image.id);
  // Saved again, the archive is byte for byte the same.
  CHECK(save_to_string(*store, {"busybox"}) == archive);

  SECTION("a layer that does not match its diff ID is refused and nothing stays") {
    REQUIRE(store->remove(image.id, true, false, nullptr));
    std::string layer = "blobs/sha256/" + digest_hex(image.diff_ids[0]);
    std::string bad = archive;
    size_t at = bad.find("hi", bad.find(std::string("bin/hello")));
    REQUIRE(at != std::string::npos);
    bad[at] = 'H';
    auto refused = store->load_archive(bad);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("invalid diffID for layer 0") != std::string::npos);
    CHECK(store->list().empty());
    CHECK(fs::is_empty(dir.path + "/layers/l"));
  }
}

TEST_CASE("an OCI layout with a multi-platform index loads the platform it holds",
          "[images][root]") {
  TempDir dir;
  auto store = std::move(ImageService::open(dir.path).value());
  std::string layer = TarBuilder().file("hello", "hi").finish();
  std::string diff = sha256_digest(layer);
  std::string config = json{{"architecture", "amd64"},
                            {"os", "linux"},
                            {"rootfs", {{"type", "layers"}, {"diff_ids", {diff}}}}}
                           .dump();
  std::string manifest = json{{"schemaVersion", 2},
                              {"mediaType", kOciManifestType},
                              {"config", {{"digest", sha256_digest(config)}}},
                              {"layers", {{{"mediaType", kOciLayerType}, {"digest", diff}}}}}
                             .dump();
  json platforms = json::array({{{"digest", sha256_digest(manifest)}},
                                {{"digest", sha256_digest("arm64 manifest, not saved")}}});
  std::string nested = json{{"schemaVersion", 2}, {"manifests", platforms}}.dump();
  json entry = {{"digest", sha256_digest(nested)},
                {"annotations", {{"io.containerd.image.name", "docker.io/library/multi:1"}}}};
  std::string index = json{{"schemaVersion", 2}, {"manifests", {entry}}}.dump();
  std::string archive = TarBuilder()
                            .file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
                            .file("index.json", index)
                            .file(blob_name(sha256_digest(nested)), nested)
                            .file(blob_name(sha256_digest(manifest)), manifest)
                            .file(blob_name(sha256_digest(config)), config)
                            .file(blob_name(diff), layer)
                            .finish();
  auto loaded = store->load_archive(archive);
  REQUIRE(loaded);
  CHECK(*loaded == std::vector<std::string>{"Loaded image: multi:1"});
  CHECK(store->inspect("multi:1").value().id == sha256_digest(config));
}
