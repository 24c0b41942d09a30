// gzip / bzip2 / xz / zstd / plain input inflated by libarchive (declared in extract.hpp).
#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "layers/archive/archive_error.hpp"
#include "layers/archive/extract.hpp"

namespace mydocker::layers {

namespace {
using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;
} // namespace

Result<std::string> decompress(std::string_view input) {
  ArchivePtr a(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_raw(a.get());
  if (archive_read_open_memory(a.get(), input.data(), input.size()) != ARCHIVE_OK)
    return invalid_argument(std::string("invalid archive: ") + archive_error_text(a.get()));
  archive_entry* entry;
  if (archive_read_next_header(a.get(), &entry) != ARCHIVE_OK)
    return std::string(); // empty input
  std::string out;
  char buf[65536];
  la_ssize_t n;
  while ((n = archive_read_data(a.get(), buf, sizeof buf)) > 0)
    out.append(buf, static_cast<size_t>(n));
  if (n < 0)
    return invalid_argument(std::string("invalid archive: ") + archive_error_text(a.get()));
  return out;
}

Result<int64_t> decompress_file(const std::string& path,
                                const std::function<Result<void>(std::string_view)>& sink) {
  ArchivePtr a(archive_read_new(), archive_read_free);
  archive_read_support_filter_all(a.get());
  archive_read_support_format_raw(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
    return invalid_argument(std::string("invalid archive: ") + archive_error_text(a.get()));
  archive_entry* entry;
  if (archive_read_next_header(a.get(), &entry) != ARCHIVE_OK)
    return int64_t{0}; // empty file
  int64_t total = 0;
  char buf[1 << 16];
  la_ssize_t n;
  while ((n = archive_read_data(a.get(), buf, sizeof buf)) > 0) {
    TRY_VOID(sink(std::string_view(buf, static_cast<size_t>(n))));
    total += n;
  }
  if (n < 0)
    return invalid_argument(std::string("invalid archive: ") + archive_error_text(a.get()));
  return total;
}

} // namespace mydocker::layers
