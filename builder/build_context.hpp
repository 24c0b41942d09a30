// The build context on disk: the client's tar unpacked (confined) into a temp dir, the
// .dockerignore rules applied, the Dockerfile read from inside it.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace mydocker::builder {

class BuildContext {
public:
  // Unpacks `tar` into a new directory under `tmp_root`; removed again by the destructor.
  static Result<BuildContext> unpack(std::string_view tar, const std::string& tmp_root);
  BuildContext(BuildContext&& other) noexcept : m_dir(std::move(other.m_dir)) {
    other.m_dir.clear();
  }
  BuildContext(const BuildContext&) = delete;
  ~BuildContext();
  const std::string& dir() const { return m_dir; }
  // The Dockerfile at `path` (inside the context; symlinks resolved inside it). Docker's
  // texts when it is missing.
  Result<std::string> read_dockerfile(const std::string& path) const;
  // Removes what .dockerignore excludes (the Dockerfile and .dockerignore themselves too
  // when listed: COPY never sees them then).
  Result<void> apply_dockerignore();

private:
  explicit BuildContext(std::string dir) : m_dir(std::move(dir)) {}
  std::string m_dir;
};

} // namespace mydocker::builder
