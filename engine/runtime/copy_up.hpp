// Copy-up of a new volume: the image's content at the mount point copied into the volume's
// empty directory, owners, modes, times and symlinks kept (Docker's copyExistingContents).
// Runs in the container's init before the volume is bound; every name is opened relative to
// a directory fd with O_NOFOLLOW, so no symlink on either side leads elsewhere.
#pragma once

#include <string>

namespace mydocker::runtime {

// Copies the tree under the directory `from` into `to`; "" on success, else the error.
std::string copy_tree(int from_dir, int to_dir);
// True when the directory holds no entry but "." and "..".
bool directory_is_empty(int dir);
// Owner, mode and times of the directory `from` given to `to`.
std::string copy_attributes(int from_dir, int to_dir);

} // namespace mydocker::runtime
