// The path rules of docker cp (moby pkg/archive copy.go and the docker CLI's cp.go), pure
// or on the local filesystem: where a copy lands and under which name.
#pragma once

#include <string>
#include <utility>

#include "common/result.hpp"

namespace mydocker::cli::cp {

struct CopyInfo {
  std::string path;
  bool exists = false;
  bool is_dir = false;
  std::string rebase_name;
};

struct Prepared {
  std::string dir;      // where the tar is unpacked
  std::string new_base; // the name its top entry takes ("" = as it is)
};

bool ends_with(const std::string& s, const std::string& tail);
// Go's filepath.Clean (relative paths kept relative).
std::string clean(const std::string& path);
// moby's SplitPathDirEntry ("/a/b/." keeps "." as the entry).
std::pair<std::string, std::string> split_dir_entry(const std::string& path);
// Go's filepath.Base.
std::string base_of(const std::string& path);
std::string join(const std::string& dir, const std::string& name);
// An absolute local path that keeps a trailing "/" or "/." (docker's resolveLocalPath).
std::string local_path(const std::string& path);
// moby's GetRebaseName: `resolved` with the "/" or "/." of `path`, and the name to restore.
std::pair<std::string, std::string> rebase_name(const std::string& path, std::string resolved);
// moby's PrepareArchiveCopy.
Result<Prepared> prepare_copy(const CopyInfo& src, const CopyInfo& dst);
// moby's CopyInfoDestinationPath: a symlink at the destination is followed (up to 10).
Result<CopyInfo> local_destination(std::string path);
// moby's CopyInfoSourcePath: symlinks before the last element resolved (all with -L).
Result<CopyInfo> local_source(const std::string& path, bool follow);
// A client-side failure: printed as it is, without "Error response from daemon: ".
tl::unexpected<Error> cli_error(const std::string& message);

} // namespace mydocker::cli::cp
