#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "layers/digest.hpp"
#include "layers/image_service.hpp"
#include "tar_builder.hpp"

using namespace mydocker;
using namespace mydocker::layers;
namespace fs = std::filesystem;

namespace {
void write(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary) << data;
}
} // namespace

TEST_CASE("a store holding a bad image record lists the others and removes it", "[images]") {
  TempDir dir;
  auto store = ImageService::open(dir.path).value();
  auto good = store->import(TarBuilder().file("f", "x").finish(), {"good", {}, "", ""});
  REQUIRE(good);
  // As an older version (or a hand) could have left it: no rootfs.
  std::string bad = R"({"os":"linux","config":{"Env":["A=1"]}})";
  std::string bad_id = sha256_digest(bad);
  write(dir.path + "/image/imagedb/sha256/" + digest_hex(bad_id), bad);
  REQUIRE(store->tag(good->id, "x:1")); // an unrelated change still works

  auto listed = store->list();
  REQUIRE(listed.size() == 1);
  CHECK(listed[0].id == good->id);
  auto inspected = store->inspect(bad_id);
  REQUIRE_FALSE(inspected);
  CHECK(inspected.error().message.find("rootfs") != std::string::npos);

  auto removed = store->remove(bad_id.substr(7, 12), false, false, nullptr);
  REQUIRE(removed);
  CHECK(removed->dump().find(bad_id) != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path + "/image/imagedb/sha256/" + digest_hex(bad_id)));
  CHECK(store->list().size() == 1);
}

TEST_CASE("a corrupt tag file or layer record never stops the store from opening", "[images]") {
  TempDir dir;
  std::string good_id;
  {
    auto store = ImageService::open(dir.path).value();
    auto image = store->import(TarBuilder().file("f", "x").finish(), {"good", {}, "", ""});
    REQUIRE(image);
    good_id = image->id;
    write(dir.path + "/layers/" + digest_hex(image->diff_ids[0]) + "/layer.json",
          R"({"diff_id": 5, "size": "big"})");
  }
  write(dir.path + "/image/repositories.json", R"({"good:latest": 7, "other:1": )");
  auto reopened = ImageService::open(dir.path);
  REQUIRE(reopened);
  auto images = (*reopened)->list();
  REQUIRE(images.size() == 1);
  CHECK(images[0].id == good_id);
  CHECK(images[0].repo_tags.empty()); // the tag file was set aside
  CHECK(fs::exists(dir.path + "/image/repositories.json.corrupt"));
}
