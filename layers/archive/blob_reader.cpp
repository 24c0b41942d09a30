#include "layers/archive/blob_reader.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>
#include <cstring>

#include "layers/archive/archive_error.hpp"

namespace mydocker::layers {

namespace {
constexpr size_t kChunk = 1 << 20;
} // namespace

Result<std::unique_ptr<BlobTarReader>> BlobTarReader::open(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd)
    return sys_error("open " + path);
  unsigned char magic[262] = {};
  ssize_t n = ::pread(fd.get(), magic, sizeof magic, 0);
  if (n < 0)
    return sys_error("read " + path);
  bool gzip = n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  bool tar = n == sizeof magic && std::memcmp(magic + 257, "ustar", 5) == 0;
  Mode mode = gzip ? Mode::Gzip : tar ? Mode::Plain : Mode::Filtered;
  auto reader = std::unique_ptr<BlobTarReader>(new BlobTarReader(std::move(fd), mode));
  if (gzip && inflateInit2(&reader->m_z, 15 + 32) != Z_OK)
    return internal_error("gzip: inflateInit2 failed");
  if (mode == Mode::Filtered)
    TRY_VOID(reader->open_filter());
  return reader;
}

BlobTarReader::BlobTarReader(Fd fd, Mode mode)
    : m_fd(std::move(fd)), m_mode(mode), m_in(kChunk), m_out(kChunk) {}

BlobTarReader::~BlobTarReader() {
  if (m_mode == Mode::Gzip)
    inflateEnd(&m_z);
  if (m_archive)
    archive_read_free(m_archive);
}

// libarchive sniffs the compression and inflates in pieces; its input comes through
// read_input, so the blob digest still sees every byte of the file.
Result<void> BlobTarReader::open_filter() {
  m_archive = archive_read_new();
  archive_read_support_filter_all(m_archive);
  archive_read_support_format_raw(m_archive);
  auto read = [](archive*, void* self, const void** buffer) -> la_ssize_t {
    auto* r = static_cast<BlobTarReader*>(self);
    long n = r->m_input_done ? 0 : r->read_input();
    *buffer = r->m_in.data();
    return n;
  };
  if (archive_read_open(m_archive, this, nullptr, read, nullptr) != ARCHIVE_OK)
    return invalid_argument(std::string("invalid layer: ") + archive_error_text(m_archive));
  archive_entry* entry;
  int r = archive_read_next_header(m_archive, &entry);
  if (r == ARCHIVE_EOF)
    m_z_end = true; // an empty blob
  else if (r != ARCHIVE_OK)
    return invalid_argument(std::string("invalid layer: ") + archive_error_text(m_archive));
  return {};
}

long BlobTarReader::next_filtered(const void** buffer) {
  if (m_z_end)
    return 0;
  la_ssize_t n = archive_read_data(m_archive, m_out.data(), m_out.size());
  if (n < 0)
    return fail(Error{Errc::InvalidArgument, 0,
                      std::string("invalid layer: ") + archive_error_text(m_archive)});
  m_tar_hash.update({m_out.data(), static_cast<size_t>(n)});
  *buffer = m_out.data();
  return static_cast<long>(n);
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
  if (m_mode == Mode::Filtered)
    return next_filtered(buffer);
  if (m_mode == Mode::Plain) {
    long n = m_input_done ? 0 : read_input();
    if (n > 0)
      m_tar_hash.update({m_in.data(), static_cast<size_t>(n)});
    *buffer = m_in.data();
    return n;
  }
  return next_gzip(buffer);
}

long BlobTarReader::next_gzip(const void** buffer) {
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
