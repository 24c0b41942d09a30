// Writes a directory tree as a tar stream (libarchive, PAX): the reverse of extract_tar.
// Deterministic: entries in lexical order, numeric owners only, no atime/ctime, so the same
// tree always gives the same bytes (and the same diff ID).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace mydocker::layers {

enum class WhiteoutMode {
  None,    // a merged tree (export): every node as it is
  Overlay, // an overlayfs upper dir: 0:0 char devices -> ".wh.NAME", opaque dirs -> ".wh..wh..opq"
};

// Receives the tar bytes in order; an error stops the walk.
using TarSink = std::function<Result<void>(std::string_view)>;

struct TarStats {
  int64_t entries = 0;
  int64_t bytes = 0; // tar bytes written
};

// Walks `root_fd` (a directory fd; may be a detached mount) and writes every member below it.
Result<TarStats> write_tree_tar(int root_fd, WhiteoutMode mode, const TarSink& sink);
// One member `name` of `dir_fd` (a directory: with everything below it) written as `as_name`
// (docker cp's archives: the member under the base name the client asked for; "." allowed).
Result<TarStats> write_entry_tar(int dir_fd, const std::string& name, const std::string& as_name,
                                 const TarSink& sink);
// The tar of a directory path, in memory.
Result<std::string> tree_tar(const std::string& dir, WhiteoutMode mode);
// Writes to an fd (a pipe or file), looping over short writes.
Result<void> write_all_fd(int fd, std::string_view data);

} // namespace mydocker::layers
