// File operations of COPY/ADD confined to root directory fds: every path is resolved with
// openat2(RESOLVE_IN_ROOT), so a symlink in the context or in the image can never lead
// outside its root; entries below a copied directory are never followed.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace mydocker::builder {

// openat2(root, path, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS).
Result<Fd> open_in_root(int root_fd, const std::string& path, int flags, mode_t mode = 0);

// The names in a directory fd, sorted (a dup is read: `dir` stays usable).
Result<std::vector<std::string>> list_dir(int dir);

struct Ownership {
  uid_t uid = 0;
  gid_t gid = 0;
  std::optional<mode_t> mode; // --chmod; otherwise the source's
};

// mkdir -p of `path` inside root (new directories 0755, owned as `owner`); the directory fd.
Result<Fd> make_dirs_in_root(int root_fd, const std::string& path, const Ownership& owner);
// Copies the file, symlink or directory tree `src_path` of src_root to dst_dir/dst_name.
Result<void> copy_tree(int src_root, const std::string& src_path, int dst_dir,
                       const std::string& dst_name, const Ownership& owner);
// Copies what the directory `src_path` holds into dst_dir.
Result<void> copy_dir_into(int src_root, const std::string& src_path, int dst_dir,
                           const Ownership& owner);
// The sorted paths under root (relative, no leading '/') matching a Go filepath.Match
// pattern element by element.
Result<std::vector<std::string>> glob_in_root(int root_fd, const std::string& pattern);
// A checksum of the tree at `path` (names, types, modes, contents, link targets).
Result<std::string> tree_checksum(int root_fd, const std::string& path);

} // namespace mydocker::builder
