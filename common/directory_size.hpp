// Bytes used by the files under a directory, as Docker's SizeRw counts them: directory
// entries ignored, a hardlinked file counted once, mount points not crossed.
#pragma once

#include <cstdint>
#include <string>

namespace mydocker {

int64_t directory_size(const std::string& path);

} // namespace mydocker
