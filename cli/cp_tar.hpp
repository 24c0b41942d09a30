// The host side of `mydocker cp` (libarchive): a local file or tree as a tar whose top entry
// is renamed, and a tar from a container unpacked into a local directory (no "..", never
// through a symlink, files owned by the caller as the docker CLI does).
#pragma once

#include <cstdio>
#include <string>

#include "common/result.hpp"

namespace mydocker::cli {

// Member `base` of `dir` (symlinks not followed; "." = the directory itself) and everything
// below it, its top name replaced by `rebase` when not empty.
Result<std::string> tar_local_path(const std::string& dir, const std::string& base,
                                   const std::string& rebase);

// Unpacks the tar in `tar_file` (read from its start) into `dest_dir`, renaming a leading
// `old_base` to `new_base` (both empty: names as they are).
Result<void> untar_into(std::FILE* tar_file, const std::string& dest_dir,
                        const std::string& old_base, const std::string& new_base);

} // namespace mydocker::cli
