// docker cp's archives of paths inside a container's root (GET/PUT /containers/{id}/archive):
// the tar of one member and the extraction of a tar into one directory. The caller opens
// the directories inside the container root; nothing here follows a symlink out of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace mydocker::layers {

// openat2(root_fd, path, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS): symlinks resolve as if
// `root_fd` were "/", so the result is always inside it.
Result<Fd> open_in_container_root(int root_fd, const std::string& path, int flags);

// Member `name` of `dir_fd` ("." for the directory itself), with everything below it, as a
// tar whose top entry is called `as_name`, written to `out_fd` (a pipe).
Result<void> write_path_tar(int dir_fd, const std::string& name, const std::string& as_name,
                            int out_fd);

struct CopyInOptions {
  bool no_overwrite_dir_non_dir = false;
  std::optional<uint32_t> uid, gid; // every member's owner instead of the tar's (cp -a)
};
// Unpacks an uncompressed tar into `dest_dir_fd`: members, symlinks and hardlinks stay below
// it ("../" and links climbing out are refused), ".wh." names are plain files.
Result<void> extract_into(std::string_view tar, int dest_dir_fd, const CopyInOptions& options);

} // namespace mydocker::layers
