// Docker's rules for the `path` of /containers/{id}/archive (moby ResolvePath): pure text.
#pragma once

#include <cstdint>
#include <string>

#include <sys/stat.h>

#include "api/types/container_path_stat.hpp"

namespace mydocker::engine {

struct ContainerPath {
  std::string given; // as the client sent it (Docker's 404 names it so)
  std::string abs;   // "/" + the path cleaned, keeping a trailing "/" or "/." ("/etc/.")
  std::string dir;   // abs up to its last "/" ("/etc/")
  std::string base;  // after it: "" for "/etc/", "." for "/etc/.", "passwd" for "/etc/passwd"
  std::string name;  // Go's filepath.Base(abs): the name the stat and the tar use
};

// A relative path is taken from "/" ("etc" is "/etc"), as Docker does.
ContainerPath split_container_path(const std::string& path);
// Go's filepath.Clean of an absolute path.
std::string clean_absolute(const std::string& path);
// st_mode as Go's os.FileMode.
int64_t go_file_mode(mode_t mode);
api::ContainerPathStat path_stat(const std::string& name, const struct stat& st);

} // namespace mydocker::engine
