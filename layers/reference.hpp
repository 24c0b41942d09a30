// Image references the way Docker reads them: "busybox", "busybox:1", "localhost:5000/a/b:1",
// "name@sha256:...". Stored and shown in the familiar form ("busybox:latest").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace mydocker::layers {

struct Reference {
  std::string domain;     // "docker.io" when none was given
  std::string repository; // path without the domain: "library/busybox", "team/app"
  std::string tag;        // "latest" when neither tag nor digest was given
  std::string digest;     // "sha256:..." or ""

  // "busybox", "localhost:5000/team/app": the repository as Docker displays it.
  std::string familiar_name() const;
  // "busybox:latest" or "busybox@sha256:..."
  std::string familiar_string() const;
  // "docker.io/library/busybox"
  std::string full_name() const;
};

// InvalidArgument with Docker's "invalid reference format[: ...]" texts.
Result<Reference> parse_reference(std::string_view text);
// "repo" + "tag" query pair of /images/create and /tag (tag may be empty -> latest).
Result<Reference> parse_repo_tag(std::string_view repo, std::string_view tag);

} // namespace mydocker::layers
