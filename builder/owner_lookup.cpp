#include "builder/owner_lookup.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cctype>

#include "common/split.hpp"

namespace mydocker::builder {

namespace {

bool numeric(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// The file's text, at most 1 MiB (a hostile image may make it endless).
std::string read_small(int root, const std::string& path) {
  auto fd = open_in_root(root, path, O_RDONLY | O_NONBLOCK);
  if (!fd)
    return "";
  std::string out;
  char buf[8192];
  for (ssize_t n; out.size() < (1 << 20) && (n = ::read(fd->get(), buf, sizeof buf)) > 0;)
    out.append(buf, size_t(n));
  return out;
}

// The fields of the line of /etc/passwd or /etc/group whose first field is `name`.
std::vector<std::string> find_entry(const std::string& text, const std::string& name) {
  for (const auto& line : split(text, '\n')) {
    auto fields = split(line, ':');
    if (fields.size() >= 4 && fields[0] == name)
      return fields;
  }
  return {};
}

} // namespace

Result<Ownership> lookup_owner(int image_root, const std::string& chown) {
  Ownership out;
  if (chown.empty())
    return out;
  size_t colon = chown.find(':');
  std::string user = chown.substr(0, colon);
  std::string group = colon == std::string::npos ? "" : chown.substr(colon + 1);
  if (numeric(user)) {
    out.uid = static_cast<uid_t>(std::stoul(user));
    out.gid = static_cast<gid_t>(out.uid);
  } else {
    auto fields = find_entry(read_small(image_root, "/etc/passwd"), user);
    if (fields.empty() || !numeric(fields[2]) || !numeric(fields[3]))
      return invalid_argument("unable to convert uid/gid chown string to host mapping: can't "
                              "find uid for user " +
                              user + ": no such user: " + user);
    out.uid = static_cast<uid_t>(std::stoul(fields[2]));
    out.gid = static_cast<gid_t>(std::stoul(fields[3]));
  }
  if (group.empty())
    return out;
  if (numeric(group)) {
    out.gid = static_cast<gid_t>(std::stoul(group));
    return out;
  }
  auto fields = find_entry(read_small(image_root, "/etc/group"), group);
  if (fields.empty() || !numeric(fields[2]))
    return invalid_argument("unable to convert uid/gid chown string to host mapping: can't "
                            "find gid for group " +
                            group + ": no such group: " + group);
  out.gid = static_cast<gid_t>(std::stoul(fields[2]));
  return out;
}

} // namespace mydocker::builder
