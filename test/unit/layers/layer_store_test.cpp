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

TEST_CASE("gzip output is deterministic and round-trips", "[layers]") {
  std::string data(3 << 20, 'x'); // several zlib steps
  data += "tail";
  auto a = gzip_compress(data);
  auto b = gzip_compress(data);
  REQUIRE(a);
  CHECK(*a == *b);
  CHECK(decompress(*a).value() == data);
}
