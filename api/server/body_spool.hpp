// Files that hold large request bodies (uploads) while their handler runs.
#pragma once

#include <cstddef>
#include <string>
#include <utility>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace mydocker::api {

// A new private file in `dir`: its fd and path.
Result<std::pair<Fd, std::string>> open_spool_file(const std::string& dir);
// false on any write error (disk full included).
bool write_all(int fd, const char* data, size_t size);

} // namespace mydocker::api
