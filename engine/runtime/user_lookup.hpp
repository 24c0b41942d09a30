// User and groups of a container's process, resolved from the container's own /etc/passwd
// and /etc/group as runc and Docker do: "uid", "name", "uid:gid", "name:group",
// "uid:groupname"; supplementary groups of a named user from /etc/group; --group-add
// entries by number or name. Pure: the files' contents are parameters.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace mydocker::runtime {

struct ResolvedUser {
  uint32_t uid = 0;
  uint32_t gid = 0;
  std::vector<uint32_t> additional_gids;
};

// `passwd`/`group`: the files' text, nullopt when missing (or not a regular file).
// Errors in Docker's words: "unable to find user X: no matching entries in passwd file".
Result<ResolvedUser> resolve_user(const std::string& user,
                                  const std::vector<std::string>& group_add,
                                  const std::optional<std::string>& passwd,
                                  const std::optional<std::string>& group);

// At most `limit` bytes of a regular file; nullopt when missing or not a regular file
// (a FIFO, a device, a directory): never blocks and never opens a device.
std::optional<std::string> read_regular_file(const std::string& path, size_t limit = 1 << 20);

} // namespace mydocker::runtime
