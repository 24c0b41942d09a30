// Unpacks a layer tar into a directory without ever leaving it: parents are resolved
// with openat2(RESOLVE_IN_ROOT), members are created relative to their parent's fd and
// never followed, hardlinks must point inside. Whiteouts become overlayfs whiteouts.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace mydocker::layers {

struct ExtractStats {
  int64_t size = 0; // bytes of regular file content
  int64_t entries = 0;
};

// `tar` is an uncompressed tar stream.
Result<ExtractStats> extract_tar(std::string_view tar, const std::string& root_dir);

// The same, pulling the tar through `source`: it points *buffer at the next bytes and returns
// their count, 0 at the end, -1 on an error (libarchive's read callback contract).
using TarSource = std::function<long(const void** buffer)>;
Result<ExtractStats> extract_tar_stream(const TarSource& source, const std::string& root_dir);

// docker cp's extraction (PUT /containers/{id}/archive) into an open directory.
struct ExtractOptions {
  bool overlay_whiteouts = true;         // ".wh." names become overlayfs whiteouts (layers)
  bool no_overwrite_dir_non_dir = false; // refuse replacing a dir by a non-dir and back
  std::optional<uint32_t> uid, gid;      // owner of every member instead of the tar's
};
Result<ExtractStats> extract_tar_stream_at(const TarSource& source, int root_fd,
                                           const ExtractOptions& options);

// gzip / bzip2 / xz / zstd / plain input -> the uncompressed bytes (sniffed by libarchive).
Result<std::string> decompress(std::string_view input);
// The same for a file, in pieces: `sink` sees the uncompressed bytes in order. Returns their
// count. For big layers that should never be in memory at once.
Result<int64_t> decompress_file(const std::string& path,
                                const std::function<Result<void>(std::string_view)>& sink);

} // namespace mydocker::layers
