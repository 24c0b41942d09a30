// gzip compression of layer tars (zlib). The output is deterministic (no name, mtime 0),
// so the same tar always gives the same blob digest: a pushed layer keeps its digest.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace mydocker::layers {

// Fast level: layers are compressed once, when they are created, and again never.
Result<std::string> gzip_compress(std::string_view data, int level = 1);

struct GzipFile {
  std::string digest; // sha256 of the compressed file
  int64_t size = 0;
};
// The same from file to file, in pieces (a layer may be gigabytes).
Result<GzipFile> gzip_file(const std::string& from, const std::string& to, int level = 1);

} // namespace mydocker::layers
