#include <catch2/catch.hpp>

#include <filesystem>

#include "common/atomic_file.hpp"
#include "layers/archive/extract.hpp"
#include "layers/archive/gzip.hpp"
#include "layers/digest.hpp"
#include "layers/layer_store.hpp"
#include "tar_builder.hpp"

using namespace mydocker;
using namespace mydocker::layers;
namespace fs = std::filesystem;

TEST_CASE("a created layer keeps a gzip blob of its exact tar", "[layers][root]") {
  TempDir dir;
  LayerStore store(dir.path + "/layers");
  REQUIRE(store.init());
  std::string tar = TarBuilder().dir("etc").file("etc/motd", "hello").finish();
  auto layer = store.create(tar, "");
  REQUIRE(layer);
  CHECK(layer->diff_id == sha256_digest(tar));
  CHECK(layer->blob_media_type == kGzipLayerType);
  std::string blob = read_file(store.blob_path(layer->chain_id)).value();
  CHECK(sha256_digest(blob) == layer->blob_digest);
  CHECK(static_cast<int64_t>(blob.size()) == layer->blob_size);
  CHECK(decompress(blob).value() == tar);
  CHECK(store.get(layer->chain_id).value().blob_digest == layer->blob_digest);
}

TEST_CASE("a blob is verified against its diff ID before it becomes a layer", "[layers][root]") {
  TempDir dir;
  LayerStore store(dir.path + "/layers");
  REQUIRE(store.init());
  std::string tar = TarBuilder().file("a", "1").finish();
  std::string blob = gzip_compress(tar).value();
  std::string file = dir.path + "/download";
  REQUIRE(write_file_atomic(file, blob));

  auto wrong = store.create_from_blob(file, kGzipLayerType, "", sha256_digest("other"));
  REQUIRE_FALSE(wrong);
  CHECK(wrong.error().message.find("diff ID mismatch") != std::string::npos);
  CHECK(std::distance(fs::directory_iterator(dir.path + "/layers"), fs::directory_iterator{}) ==
        1); // only l/

  auto ok = store.create_from_blob(file, kGzipLayerType, "", sha256_digest(tar));
  REQUIRE(ok);
  CHECK(ok->blob_digest == sha256_digest(blob));
  CHECK_FALSE(fs::exists(file)); // moved into the layer
  CHECK(read_file(store.blob_path(ok->chain_id)).value() == blob);
  CHECK(read_file(store.diff_dir(ok->chain_id) + "/a").value() == "1");
}

TEST_CASE("streamed blobs: plain tar, padding, several gzip members, corrupt data",
          "[layers][root]") {
  TempDir dir;
  LayerStore store(dir.path + "/layers");
  REQUIRE(store.init());
  std::string file = dir.path + "/download";
  // Extra zero blocks after the end-of-archive marker still belong to the diff ID.
  std::string tar = TarBuilder().dir("d").file("d/x", std::string(300000, 'x')).finish();
  tar += std::string(10240, '\0');

  SECTION("plain tar") {
    REQUIRE(write_file_atomic(file, tar));
    auto layer = store.create_from_blob(file, "application/vnd.oci.image.layer.v1.tar", "",
                                        sha256_digest(tar));
    REQUIRE(layer);
    CHECK(layer->blob_digest == sha256_digest(tar));
    CHECK(read_file(store.diff_dir(layer->chain_id) + "/d/x").value().size() == 300000);
  }
  SECTION("two gzip members back to back") {
    std::string blob =
        gzip_compress(tar.substr(0, 5000)).value() + gzip_compress(tar.substr(5000)).value();
    REQUIRE(write_file_atomic(file, blob));
    auto layer = store.create_from_blob(file, kGzipLayerType, "", sha256_digest(tar));
    REQUIRE(layer);
    CHECK(layer->blob_digest == sha256_digest(blob));
    CHECK(layer->blob_size == static_cast<int64_t>(blob.size()));
  }
  SECTION("truncated gzip is refused and leaves no layer") {
    std::string blob = gzip_compress(tar).value();
    REQUIRE(write_file_atomic(file, blob.substr(0, blob.size() / 2)));
    auto layer = store.create_from_blob(file, kGzipLayerType, "", sha256_digest(tar));
    REQUIRE_FALSE(layer);
    for (const auto& entry : fs::directory_iterator(dir.path + "/layers"))
      CHECK(entry.path().filename() == "l"); // the short-link dir only, no layer, no temp dir
  }
}
