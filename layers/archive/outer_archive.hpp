// The outer tar of `docker load` read into memory with its links resolved. Hostile names
// (absolute, "..", links that leave the archive) are refused before anything is stored.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace mydocker::layers {

// Clean path -> content of every regular file (symlinks and hardlinks resolved to files).
using ArchiveFiles = std::map<std::string, std::string>;

// `input` may be gzip, bzip2, xz or zstd compressed.
Result<ArchiveFiles> read_outer_archive(std::string_view input);

} // namespace mydocker::layers
