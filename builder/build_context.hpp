// The build context: the client's tar read into an in-memory index (no disk work for a
// cached build), unpacked (confined) into a temp dir only when a step needs its files or
// when it cannot be indexed; the .dockerignore rules applied; the Dockerfile read from it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "builder/context_index.hpp"
#include "builder/dockerignore.hpp"
#include "common/result.hpp"

namespace mydocker::builder {

class BuildContext {
public:
  // `tar` must outlive the context. `dockerfile` is the path the request names.
  static Result<BuildContext> open(std::string_view tar, const std::string& tmp_root,
                                   const std::string& dockerfile);
  BuildContext(BuildContext&& other) noexcept;
  BuildContext(const BuildContext&) = delete;
  ~BuildContext();
  // The Dockerfile at `path` (inside the context; symlinks resolved inside it). Docker's
  // texts when it is missing.
  Result<std::string> read_dockerfile(const std::string& path) const;
  // Applies .dockerignore (the Dockerfile and .dockerignore themselves too when listed:
  // COPY never sees them then).
  Result<void> apply_dockerignore();
  // The in-memory index; null when the context could only be unpacked.
  const ContextIndex* index() const { return m_index ? &*m_index : nullptr; }
  // The unpacked directory, unpacked on the first call.
  Result<std::string> dir();

private:
  BuildContext(std::string_view tar, std::string dir) : m_tar(tar), m_dir(std::move(dir)) {}
  Result<void> unpack();
  Result<std::optional<std::string>> read_on_disk(const std::string& path) const;
  Result<void> ignore_on_disk(const IgnoreRules& rules);

  std::string_view m_tar;
  std::string m_dir;
  bool m_unpacked = false;
  std::optional<ContextIndex> m_index;
  std::optional<IgnoreRules> m_rules; // applied again after a late unpack
};

} // namespace mydocker::builder
