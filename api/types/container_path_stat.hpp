// X-Docker-Container-Path-Stat (moby container.PathStat): base64 JSON of a path's lstat.
#pragma once

#include <cstdint>
#include <string>

#include "api/types/wire_basics.hpp"

namespace mydocker::api {

struct ContainerPathStat {
  static constexpr const char* go_name = "container.PathStat";
  std::string name;
  int64_t size = 0;
  int64_t mode = 0;  // Go os.FileMode bits (ModeDir 1<<31, ModeSymlink 1<<27, ...) | perm
  std::string mtime; // RFC 3339 with nanoseconds
  std::string link_target;
  template <class S, class V> static void fields(S& s, V& v) {
    v("name", s.name);
    v("size", s.size);
    v("mode", s.mode);
    v("mtime", s.mtime);
    v("linkTarget", s.link_target);
  }
};

// Go's os.FileMode bits the stat uses.
inline constexpr int64_t GO_MODE_DIR = int64_t{1} << 31;
inline constexpr int64_t GO_MODE_SYMLINK = int64_t{1} << 27;
inline constexpr int64_t GO_MODE_DEVICE = int64_t{1} << 26;
inline constexpr int64_t GO_MODE_NAMED_PIPE = int64_t{1} << 25;
inline constexpr int64_t GO_MODE_SOCKET = int64_t{1} << 24;
inline constexpr int64_t GO_MODE_SETUID = int64_t{1} << 23;
inline constexpr int64_t GO_MODE_SETGID = int64_t{1} << 22;
inline constexpr int64_t GO_MODE_CHAR_DEVICE = int64_t{1} << 21;
inline constexpr int64_t GO_MODE_STICKY = int64_t{1} << 20;

} // namespace mydocker::api
