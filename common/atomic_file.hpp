// Crash-safe file writes: temp file, fsync, rename, fsync dir (design.md §5.8).
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace mydocker {

Result<void> write_file_atomic(const std::string& path, std::string_view data,
                               unsigned mode = 0644);
// Temp file + rename, no fsync: atomic against process crashes (kill -9), not power loss.
// For runtime state under the exec-root (tmpfs on real hosts) and files rebuilt at start.
Result<void> write_file_replace(const std::string& path, std::string_view data,
                                unsigned mode = 0644);
Result<std::string> read_file(const std::string& path);
Result<void> fsync_dir(const std::string& dir);
// mkdir -p; existing directories are fine.
Result<void> make_dirs(const std::string& path, unsigned mode = 0755);

} // namespace mydocker
