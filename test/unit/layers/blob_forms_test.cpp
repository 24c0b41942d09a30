#include <catch2/catch.hpp>

#include <archive.h>
#include <archive_entry.h>

#include "common/atomic_file.hpp"
#include "layers/archive/extract.hpp"
#include "layers/archive/gzip.hpp"
#include "layers/digest.hpp"
#include "layers/layer_store.hpp"
#include "tar_builder.hpp"

using namespace mydocker;
using namespace mydocker::layers;

namespace {

// `data` compressed by a libarchive filter (xz, zstd, ...), as a raw stream.
std::string compressed(int (*add_filter)(archive*), const std::string& data) {
  std::string out(data.size() + 4096, '\0');
  size_t used = 0;
  archive* a = archive_write_new();
  add_filter(a);
  archive_write_set_format_raw(a);
  archive_write_set_bytes_in_last_block(a, 1);
  REQUIRE(archive_write_open_memory(a, out.data(), out.size(), &used) == ARCHIVE_OK);
  archive_entry* e = archive_entry_new();
  archive_entry_set_filetype(e, AE_IFREG);
  archive_write_header(a, e);
  archive_write_data(a, data.data(), data.size());
  archive_entry_free(e);
  archive_write_free(a);
  out.resize(used);
  return out;
}

LayerInfo stored(LayerStore& store, const TempDir& dir, const std::string& blob) {
  std::string file = dir.path + "/blob-" + std::to_string(blob.size());
  REQUIRE(write_file_atomic(file, blob));
  auto layer =
      store.create_from_blob(file, layer_media_type_of(blob), "", "", BlobForm::GzipPlainTar);
  REQUIRE(layer);
  return *layer;
}

} // namespace

TEST_CASE("loaded or imported blobs: plain, xz and bzip2 tars are stored as gzip of the tar, "
          "gzip and zstd as given",
          "[layers]") {
  TempDir dir;
  LayerStore store(dir.path + "/layers");
  REQUIRE(store.init());
  std::string tar = TarBuilder().dir("etc").file("etc/motd", std::string(100000, 'm')).finish();
  for (auto add : {archive_write_add_filter_none, archive_write_add_filter_xz,
                   archive_write_add_filter_bzip2}) {
    LayerInfo layer =
        stored(store, dir, add == archive_write_add_filter_none ? tar : compressed(add, tar));
    CHECK(layer.diff_id == sha256_digest(tar));
    CHECK(layer.blob_media_type == kGzipLayerType);
    std::string blob = read_file(store.blob_path(layer.chain_id)).value();
    CHECK(sha256_digest(blob) == layer.blob_digest);
    CHECK(decompress(blob).value() == tar);
    REQUIRE(store.remove(layer.chain_id));
  }
  std::string zst = compressed(archive_write_add_filter_zstd, tar);
  LayerInfo layer = stored(store, dir, zst);
  CHECK(layer.diff_id == sha256_digest(tar));
  CHECK(layer.blob_media_type == "application/vnd.docker.image.rootfs.diff.tar.zstd");
  CHECK(layer.blob_digest == sha256_digest(zst));
}
