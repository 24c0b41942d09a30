// gzip compression of layer tars (zlib). The output is deterministic (no name, mtime 0),
// so the same tar always gives the same blob digest: a pushed layer keeps its digest.
#pragma once

#include <cstdint>
#include <functional>
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
// The same for a stream, written to the file `to` in pieces (a layer may be gigabytes).
// `source` points *buffer at its next bytes and returns their count, 0 at the end, -1 on an
// error (libarchive's read callback contract, as BlobTarReader::next).
using ByteSource = std::function<long(const void** buffer)>;
Result<GzipFile> gzip_to_file(const ByteSource& source, const std::string& to, int level = 1);

} // namespace mydocker::layers
