// Filesystem operations confined to one root directory fd (private to layers/archive).
#pragma once

#include <string>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace mydocker::layers {

// openat2(root, path, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS): symlinks resolve as if
// `root` were "/", so nothing can lead outside it.
Result<Fd> open_in_root(int root_fd, const std::string& path, int flags);
// Opens (creating as needed, mode 0755) the directory `path` inside root.
Result<Fd> make_dirs_in_root(int root_fd, const std::string& path);
// Removes whatever is at parent/name (a directory only when empty).
Result<void> remove_existing(int parent_fd, const std::string& name);

} // namespace mydocker::layers
