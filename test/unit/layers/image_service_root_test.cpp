#include <catch2/catch.hpp>

#include <filesystem>

#include "layers/image_service.hpp"
#include "tar_builder.hpp"

using namespace mydocker;
using namespace mydocker::layers;
namespace fs = std::filesystem;

namespace {
std::unique_ptr<ImageService> open_store(const std::string& root) {
  auto s = ImageService::open(root);
  REQUIRE(s);
  return std::move(*s);
}
} // namespace

TEST_CASE("import, tag, inspect and remove share layers exactly", "[images][root]") {
  TempDir dir;
  auto store = open_store(dir.path);
  std::string tar = TarBuilder().dir("bin").file("bin/hello", "hi").finish();
  auto a = store->import(tar, {"busybox", {"CMD [\"sh\"]"}, "", ""});
  REQUIRE(a);
  CHECK(a->repo_tags == std::vector<std::string>{"busybox:latest"});
  CHECK(a->config.cmd == std::vector<std::string>{"sh"});
  REQUIRE(store->tag("busybox", "other/name:2"));
  CHECK(store->inspect("other/name:2").value().id == a->id);
  CHECK(store->inspect(a->id.substr(7, 12)).value().id == a->id);
  CHECK(store->inspect("nosuch").error().message == "No such image: nosuch:latest");

  // A second image from the same tar shares the one layer directory.
  auto b = store->import(tar, {"second", {}, "", ""});
  REQUIRE(b);
  CHECK(b->diff_ids == a->diff_ids);
  size_t layer_dirs =
      std::distance(fs::directory_iterator(dir.path + "/layers"), fs::directory_iterator{});
  CHECK(layer_dirs == 2); // the layer and l/ (short links)

  // Removing by ID with two tags needs force; by name it untags.
  auto refused = store->remove(a->id, false, false, nullptr);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().code == Errc::Conflict);
  REQUIRE(store->remove("other/name:2", false, false, nullptr));
  auto gone = store->remove("busybox", false, false, nullptr);
  REQUIRE(gone);
  CHECK(gone->dump().find("Deleted") != std::string::npos);
  // The layer stays while `second` uses it, and goes with it.
  CHECK(std::distance(fs::directory_iterator(dir.path + "/layers"), fs::directory_iterator{}) == 2);
  REQUIRE(store->remove("second", false, false, nullptr));
  CHECK(std::distance(fs::directory_iterator(dir.path + "/layers"), fs::directory_iterator{}) == 1);
  CHECK(fs::is_empty(dir.path + "/layers/l"));
}

TEST_CASE("an image in use by a container is not deleted without force", "[images][root]") {
  TempDir dir;
  auto store = open_store(dir.path);
  auto image = store->import(TarBuilder().file("f", "x").finish(), {"app", {}, "", ""});
  REQUIRE(image);
  auto layer = store->create_container_layer(std::string(64, 'c'), image->id);
  REQUIRE(layer);
  CHECK(layer->lower_dirs.size() == 1);
  CHECK(fs::exists(layer->upper_dir));
  auto used_by = [](const std::string&) {
    return std::optional<std::string>(std::string(64, 'c'));
  };
  auto r = store->remove("app", false, false, used_by);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find(
            "(must force) - container cccccccccccc is using its referenced image") !=
        std::string::npos);
  REQUIRE(store->remove_container_layer(std::string(64, 'c')));
  CHECK_FALSE(fs::exists(layer->upper_dir));
}

TEST_CASE("state survives reopening the store", "[images][root]") {
  TempDir dir;
  std::string id;
  {
    auto store = open_store(dir.path);
    id = store->import(TarBuilder().file("f", "x").finish(), {"keep:1", {}, "", ""}).value().id;
  }
  auto reopened = open_store(dir.path);
  CHECK(reopened->inspect("keep:1").value().id == id);
  CHECK(reopened->list().size() == 1);
}
