#include "layers/archive/gzip.hpp"

#include <zlib.h>

#include <algorithm>

namespace mydocker::layers {

Result<std::string> gzip_compress(std::string_view data, int level) {
  z_stream z{};
  // windowBits 15 + 16: a gzip wrapper; zlib writes mtime 0 and no file name.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return internal_error("gzip: deflateInit2 failed");
  std::string out;
  size_t in_pos = 0;
  int r = Z_OK;
  constexpr size_t step = 1 << 20; // zlib counts in 32 bits: feed big tars in pieces
  while (r != Z_STREAM_END) {
    size_t n = std::min(step, data.size() - in_pos);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data() + in_pos));
    z.avail_in = static_cast<uInt>(n);
    in_pos += n;
    int flush = in_pos == data.size() ? Z_FINISH : Z_NO_FLUSH;
    do {
      size_t old = out.size();
      out.resize(old + step);
      z.next_out = reinterpret_cast<Bytef*>(out.data() + old);
      z.avail_out = static_cast<uInt>(step);
      r = deflate(&z, flush);
      out.resize(old + step - z.avail_out);
    } while (z.avail_out == 0 || (flush == Z_FINISH && r == Z_OK));
    if (r == Z_STREAM_ERROR || (flush == Z_FINISH && r != Z_STREAM_END)) {
      deflateEnd(&z);
      return internal_error("gzip: deflate failed");
    }
  }
  deflateEnd(&z);
  return out;
}

} // namespace mydocker::layers
