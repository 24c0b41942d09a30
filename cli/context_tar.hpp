// The build context as the docker CLI sends it: a plain tar of a directory (regular files,
// directories and symlinks as they are; symlinks never followed), names relative to it.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace mydocker::cli {

class TarBuilder {
public:
  // Adds the tree under `dir` (relative names, '/'-separated).
  Result<void> add_directory(const std::string& dir);
  void add_file(const std::string& name, std::string_view content, unsigned mode = 0644);
  // The tar with its two zero blocks.
  std::string finish();

private:
  void header(const std::string& name, char type, unsigned mode, size_t size,
              const std::string& link, long mtime);
  std::string m_out;
};

} // namespace mydocker::cli
