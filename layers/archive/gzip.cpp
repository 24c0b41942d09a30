#include "layers/archive/gzip.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "common/fd.hpp"
#include "layers/archive/tar_writer.hpp"
#include "layers/digest.hpp"

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

namespace mydocker::layers {

namespace {

struct Deflater {
  z_stream z{};
  bool ready = false;
  ~Deflater() {
    if (ready)
      deflateEnd(&z);
  }
};

// Deflates `len` bytes (flush Z_FINISH at the end) and writes what comes out.
Result<void> deflate_to(Deflater& d, const char* data, size_t len, int flush, int out_fd,
                        Sha256& hash, int64_t& size) {
  static thread_local std::vector<char> out(1 << 20);
  d.z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
  d.z.avail_in = static_cast<uInt>(len);
  int r;
  do {
    d.z.next_out = reinterpret_cast<Bytef*>(out.data());
    d.z.avail_out = static_cast<uInt>(out.size());
    r = deflate(&d.z, flush);
    if (r == Z_STREAM_ERROR)
      return internal_error("gzip: deflate failed");
    std::string_view chunk(out.data(), out.size() - d.z.avail_out);
    hash.update(chunk);
    size += static_cast<int64_t>(chunk.size());
    TRY_VOID(write_all_fd(out_fd, chunk));
  } while (d.z.avail_out == 0 || (flush == Z_FINISH && r != Z_STREAM_END));
  return {};
}

} // namespace

Result<GzipFile> gzip_to_file(const ByteSource& source, const std::string& to, int level) {
  Fd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (!out)
    return sys_error("create " + to);
  Deflater d;
  if (deflateInit2(&d.z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return internal_error("gzip: deflateInit2 failed");
  d.ready = true;
  Sha256 hash;
  GzipFile result;
  for (;;) {
    const void* data = nullptr;
    long n = source(&data);
    if (n < 0)
      return internal_error("gzip: reading the layer failed");
    TRY_VOID(deflate_to(d, static_cast<const char*>(data), static_cast<size_t>(n),
                        n == 0 ? Z_FINISH : Z_NO_FLUSH, out.get(), hash, result.size));
    if (n == 0)
      break;
  }
  result.digest = hash.digest();
  return result;
}

} // namespace mydocker::layers
