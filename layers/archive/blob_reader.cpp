#include "layers/archive/blob_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mydocker::layers {

namespace {
constexpr size_t kChunk = 1 << 20;
} // namespace

Result<std::optional<std::unique_ptr<BlobTarReader>>> BlobTarReader::open(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd)
    return sys_error("open " + path);
  unsigned char magic[262] = {};
  ssize_t n = ::pread(fd.get(), magic, sizeof magic, 0);
  if (n < 0)
    return sys_error("read " + path);
  bool gzip = n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  bool tar = n == sizeof magic && std::memcmp(magic + 257, "ustar", 5) == 0;
  if (!gzip && !tar)
    return std::optional<std::unique_ptr<BlobTarReader>>{};
  auto reader = std::unique_ptr<BlobTarReader>(new BlobTarReader(std::move(fd), gzip));
  if (gzip && inflateInit2(&reader->m_z, 15 + 32) != Z_OK)
    return internal_error("gzip: inflateInit2 failed");
  return std::optional<std::unique_ptr<BlobTarReader>>{std::move(reader)};
}

BlobTarReader::BlobTarReader(Fd fd, bool gzip)
    : m_fd(std::move(fd)), m_gzip(gzip), m_in(kChunk), m_out(kChunk) {}

BlobTarReader::~BlobTarReader() {
  if (m_gzip)
    inflateEnd(&m_z);
}

long BlobTarReader::fail(Error e) {
  m_error = std::move(e);
  return -1;
}

// Refills m_in from the file (hashing the blob bytes); 0 at the end of the file.
long BlobTarReader::read_input() {
  ssize_t n;
  do
    n = ::read(m_fd.get(), m_in.data(), m_in.size());
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return fail(Error{Errc::Internal, errno, std::string("read layer blob: ") + strerror(errno)});
  m_blob_hash.update({m_in.data(), static_cast<size_t>(n)});
  m_blob_size += n;
  m_in_len = static_cast<size_t>(n);
  m_input_done = n == 0;
  return n;
}

long BlobTarReader::next(const void** buffer) {
  if (m_error)
    return -1;
  if (!m_gzip) {
    long n = read_input();
    if (n > 0)
      m_tar_hash.update({m_in.data(), static_cast<size_t>(n)});
    *buffer = m_in.data();
    return n;
  }
  while (!m_z_end) {
    if (m_member_end) { // gzip allows several members back to back (Go reads them all)
      if (m_z.avail_in == 0) {
        long n = m_input_done ? 0 : read_input();
        if (n < 0)
          return -1;
        if (n == 0) {
          m_z_end = true;
          break;
        }
        m_z.next_in = reinterpret_cast<Bytef*>(m_in.data());
        m_z.avail_in = static_cast<uInt>(n);
      }
      inflateReset(&m_z);
      m_member_end = false;
    }
    if (m_z.avail_in == 0 && !m_input_done) {
      if (read_input() < 0)
        return -1;
      m_z.next_in = reinterpret_cast<Bytef*>(m_in.data());
      m_z.avail_in = static_cast<uInt>(m_in_len);
    }
    m_z.next_out = reinterpret_cast<Bytef*>(m_out.data());
    m_z.avail_out = static_cast<uInt>(m_out.size());
    int r = inflate(&m_z, Z_NO_FLUSH);
    if (r == Z_STREAM_END)
      m_member_end = true;
    else if (r != Z_OK && r != Z_BUF_ERROR)
      return fail(Error{Errc::InvalidArgument, 0, "invalid gzip layer: inflate failed"});
    size_t produced = m_out.size() - m_z.avail_out;
    if (produced > 0) {
      m_tar_hash.update({m_out.data(), produced});
      *buffer = m_out.data();
      return static_cast<long>(produced);
    }
    if (m_input_done && m_z.avail_in == 0 && !m_z_end)
      return fail(Error{Errc::InvalidArgument, 0, "invalid gzip layer: unexpected end of data"});
  }
  return 0;
}

Result<void> BlobTarReader::drain() {
  const void* ignored;
  long n;
  while ((n = next(&ignored)) > 0) {
  }
  if (n < 0)
    return tl::unexpected(*m_error);
  // The rest of the file after the gzip stream (nothing, normally) still counts for the blob.
  while (!m_input_done)
    if (read_input() < 0)
      return tl::unexpected(*m_error);
  return {};
}

} // namespace mydocker::layers
