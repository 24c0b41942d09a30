// runc's GetExecUser and GetAdditionalGroups rules, on the texts of passwd and group.
#include "engine/runtime/user_lookup.hpp"

#include "common/split.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>

#include "common/fd.hpp"

namespace mydocker::runtime {

namespace {

struct Entry {
  std::string name;
  uint32_t id = 0;                  // uid (passwd) or gid (group)
  uint32_t gid = 0;                 // passwd: primary group
  std::vector<std::string> members; // group: user names
};

// passwd/group fields: a trailing ':' is an empty last field (a group with no members).
std::vector<std::string> fields(const std::string& s, char sep) {
  std::vector<std::string> out = split(s, sep);
  if (!s.empty() && s.back() == sep)
    out.emplace_back();
  return out;
}

// A decimal id in runc's range (0 .. 2^31-1); nullopt for anything else.
std::optional<uint32_t> parse_id(const std::string& text) {
  if (text.empty() || text.size() > 10 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  uint64_t value = std::stoull(text);
  return value <= 0x7fffffffULL ? std::optional<uint32_t>(static_cast<uint32_t>(value))
                                : std::nullopt;
}

// passwd: name:x:uid:gid:...; group: name:x:gid:member,member. Malformed lines skipped.
std::vector<Entry> parse_entries(const std::optional<std::string>& text, bool is_group) {
  std::vector<Entry> out;
  std::istringstream in(text.value_or(""));
  for (std::string line; std::getline(in, line);) {
    auto f = fields(line, ':');
    if (line.empty() || line[0] == '#' || f.size() < (is_group ? 3u : 4u))
      continue;
    auto id = parse_id(f[2]);
    auto gid = is_group ? id : parse_id(f[3]);
    if (!id || !gid)
      continue;
    Entry e{f[0], *id, *gid, {}};
    if (is_group && f.size() > 3)
      for (const auto& m : fields(f[3], ','))
        if (!m.empty())
          e.members.push_back(m);
    out.push_back(std::move(e));
  }
  return out;
}

const Entry* find_entry(const std::vector<Entry>& entries, const std::string& name_or_id) {
  auto id = parse_id(name_or_id);
  for (const auto& e : entries)
    if (id ? e.id == *id : e.name == name_or_id)
      return &e;
  return nullptr;
}

Result<uint32_t> explicit_group(const std::vector<Entry>& groups, const std::string& arg) {
  if (const Entry* g = find_entry(groups, arg))
    return g->id;
  if (auto id = parse_id(arg))
    return *id;
  return internal_error("unable to find group " + arg + ": no matching entries in group file");
}

// --group-add: a group's name or number; an unknown number is taken as it is.
Result<uint32_t> added_group(const std::vector<Entry>& groups, const std::string& arg) {
  for (const auto& g : groups)
    if (g.name == arg || std::to_string(g.id) == arg)
      return g.id;
  if (auto id = parse_id(arg))
    return *id;
  return internal_error("Unable to find group " + arg + ": no matching entries in group file");
}

} // namespace

Result<ResolvedUser> resolve_user(const std::string& user,
                                  const std::vector<std::string>& group_add,
                                  const std::optional<std::string>& passwd,
                                  const std::optional<std::string>& group) {
  size_t colon = user.find(':');
  std::string user_arg = user.substr(0, colon);
  std::string group_arg = colon == std::string::npos ? "" : user.substr(colon + 1);
  auto users = parse_entries(passwd, false);
  auto groups = parse_entries(group, true);
  ResolvedUser out;
  const Entry* who = find_entry(users, user_arg.empty() ? "0" : user_arg);
  if (who) {
    out.uid = who->id;
    out.gid = who->gid;
  } else if (auto id = parse_id(user_arg)) {
    out.uid = *id;
  } else if (!user_arg.empty()) {
    return internal_error("unable to find user " + user_arg +
                          ": no matching entries in passwd file");
  }
  if (!group_arg.empty())
    out.gid = TRY(explicit_group(groups, group_arg));
  else if (who)
    for (const auto& g : groups) // supplementary groups only in the implicit form
      if (std::find(g.members.begin(), g.members.end(), who->name) != g.members.end())
        out.additional_gids.push_back(g.id);
  for (const auto& arg : group_add) {
    uint32_t gid = TRY(added_group(groups, arg));
    if (std::find(out.additional_gids.begin(), out.additional_gids.end(), gid) ==
        out.additional_gids.end())
      out.additional_gids.push_back(gid);
  }
  return out;
}

std::optional<std::string> read_regular_file(const std::string& path, size_t limit) {
  Fd probe(::open(path.c_str(), O_PATH | O_CLOEXEC));
  struct stat st {};
  if (!probe || ::fstat(probe.get(), &st) != 0 || !S_ISREG(st.st_mode))
    return std::nullopt;
  // Reopened through the probe: the file checked is the file read.
  std::string via = "/proc/self/fd/" + std::to_string(probe.get());
  Fd fd(::open(via.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (!fd)
    return std::nullopt;
  std::string text;
  char buf[8192];
  while (text.size() < limit) {
    ssize_t n = ::read(fd.get(), buf, std::min(sizeof buf, limit - text.size()));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

} // namespace mydocker::runtime
