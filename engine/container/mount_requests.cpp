#include "engine/container/mount_requests.hpp"

#include <set>

#include "common/split.hpp"

namespace mydocker::engine {

namespace {

const std::set<std::string> PROPAGATIONS = {"private", "rprivate", "shared",
                                            "rshared", "slave",    "rslave"};

std::string mount_config_error(const std::string& type, const std::string& why) {
  return "invalid mount config for type \"" + type + "\": " + why;
}

// Docker's checks of a destination: absolute and not "/"; "" when fine.
std::string destination_error(const std::string& target) {
  if (target.empty() || target[0] != '/')
    return "invalid mount path: '" + target + "' mount path must be absolute";
  if (clean_mount_path(target) == "/")
    return "invalid specification: destination can't be '/'";
  return "";
}

bool has_word(const std::string& mode, const std::string& word) {
  for (const auto& w : split(mode, ','))
    if (w == word)
      return true;
  return false;
}

std::string propagation_in(const std::string& mode) {
  for (const auto& w : split(mode, ','))
    if (PROPAGATIONS.count(w))
      return w;
  return "";
}

ContainerMount anonymous_volume(const std::string& destination) {
  ContainerMount m;
  m.type = "volume";
  m.destination = destination;
  m.anonymous = true;
  return m;
}

} // namespace

std::string clean_mount_path(const std::string& path) {
  std::vector<std::string> parts;
  for (const auto& p : split(path, '/')) {
    if (p.empty() || p == ".")
      continue;
    if (p == "..") {
      if (!parts.empty())
        parts.pop_back();
      continue;
    }
    parts.push_back(p);
  }
  std::string out;
  for (const auto& p : parts)
    out += "/" + p;
  return out.empty() ? "/" : out;
}

bool valid_mount_mode(const std::string& mode) {
  const std::set<std::string> kinds[] = {
      {"rw", "ro"}, {"z", "Z"}, PROPAGATIONS, {"nocopy"}, {"consistent", "cached", "delegated"}};
  int counts[5] = {0, 0, 0, 0, 0};
  for (const auto& word : split(mode, ',')) {
    int kind = 0;
    while (kind < 5 && !kinds[kind].count(word))
      ++kind;
    if (kind == 5 || ++counts[kind] > 1)
      return false;
  }
  return true;
}

Result<ContainerMount> parse_bind(const std::string& raw) {
  auto parts = split(raw, ':');
  if (parts.empty() || parts.size() > 3 || (parts.size() == 2 && valid_mount_mode(parts[1])))
    return invalid_argument("invalid volume specification: '" + raw + "'");
  if (parts.size() == 1) {
    if (auto e = destination_error(parts[0]); !e.empty())
      return invalid_argument("invalid volume specification: '" + raw +
                              "': " + mount_config_error("volume", e));
    return anonymous_volume(parts[0]);
  }
  ContainerMount m;
  m.source = parts[0];
  m.destination = parts[1];
  m.mode = parts.size() == 3 ? parts[2] : "";
  if (m.source.empty())
    return invalid_argument("invalid volume specification: '" + raw + "'");
  if (!valid_mount_mode(m.mode))
    return invalid_argument("invalid mode: " + m.mode);
  m.type = m.source[0] == '/' ? "bind" : "volume";
  if (auto e = destination_error(m.destination); !e.empty())
    return invalid_argument("invalid volume specification: '" + raw +
                            "': " + mount_config_error(m.type, e));
  m.read_only = has_word(m.mode, "ro");
  if (m.type == "bind") {
    m.propagation = propagation_in(m.mode).empty() ? "rprivate" : propagation_in(m.mode);
    m.create_source = true;
  } else {
    m.no_copy = has_word(m.mode, "nocopy");
    if (m.mode.empty())
      m.mode = "z";
  }
  return m;
}

namespace {

// The fields a type must not have ("field VolumeOptions must not be specified").
std::string extra_field(const api::MountSpec& s) {
  if (s.type != "bind" && s.bind_options)
    return "BindOptions";
  if (s.type != "volume" && s.volume_options)
    return "VolumeOptions";
  if (s.type != "tmpfs" && s.tmpfs_options)
    return "TmpfsOptions";
  if (s.type == "tmpfs" && !s.source.empty())
    return "Source";
  return "";
}

Result<ContainerMount> bind_of(const api::MountSpec& s, const MountContext& ctx) {
  ContainerMount m;
  m.type = "bind";
  m.source = s.source;
  m.propagation = "rprivate";
  if (s.source.empty())
    return invalid_argument(mount_config_error("bind", "field Source must not be empty"));
  if (s.bind_options && !s.bind_options->propagation.empty()) {
    if (!PROPAGATIONS.count(s.bind_options->propagation))
      return invalid_argument(
          mount_config_error("bind", "invalid propagation mode: " + s.bind_options->propagation));
    m.propagation = s.bind_options->propagation;
  }
  if (s.source[0] != '/')
    return invalid_argument(mount_config_error("bind", "invalid mount path: '" + s.source +
                                                           "' mount path must be absolute"));
  m.create_source = s.bind_options && s.bind_options->create_mountpoint;
  if (!m.create_source && !ctx.host_path_exists(s.source))
    return invalid_argument(
        mount_config_error("bind", "bind source path does not exist: " + s.source));
  return m;
}

Result<ContainerMount> volume_of(const api::MountSpec& s) {
  ContainerMount m = s.source.empty() ? anonymous_volume(s.target) : ContainerMount{};
  m.type = "volume";
  m.source = s.source;
  m.mode = "z";
  if (s.read_only && m.anonymous)
    return invalid_argument(
        mount_config_error("volume", "must not set ReadOnly mode when using anonymous volumes"));
  if (const auto& o = s.volume_options) {
    if (!o->subpath.empty())
      return invalid_argument("volume subpath is not supported by mydocker");
    m.no_copy = o->no_copy;
    m.labels = o->labels;
    if (o->driver_config && !o->driver_config->name.empty() && o->driver_config->name != "local")
      return invalid_argument("volume driver " + o->driver_config->name +
                              " is not supported by mydocker");
    if (o->driver_config)
      m.driver_options = o->driver_config->options;
  }
  return m;
}

ContainerMount tmpfs_of(const api::MountSpec& s) {
  ContainerMount m;
  m.type = "tmpfs";
  m.tmpfs_options = {"noexec", "nosuid", "nodev"};
  if (s.tmpfs_options && s.tmpfs_options->size_bytes > 0)
    m.tmpfs_options.push_back("size=" + std::to_string(s.tmpfs_options->size_bytes));
  if (s.tmpfs_options && s.tmpfs_options->mode != 0) {
    char mode[16];
    std::snprintf(mode, sizeof mode, "mode=%o", s.tmpfs_options->mode & 07777);
    m.tmpfs_options.push_back(mode);
  }
  return m;
}

} // namespace

Result<ContainerMount> parse_mount_spec(const api::MountSpec& s, const MountContext& ctx) {
  if (s.type != "bind" && s.type != "volume" && s.type != "tmpfs")
    return invalid_argument(mount_config_error(s.type, "mount type unknown"));
  if (s.target.empty())
    return invalid_argument(mount_config_error(s.type, "field Target must not be empty"));
  if (auto e = destination_error(s.target); !e.empty())
    return invalid_argument(mount_config_error(s.type, e));
  if (auto extra = extra_field(s); !extra.empty())
    return invalid_argument(
        mount_config_error(s.type, "field " + extra + " must not be specified"));
  ContainerMount m = s.type == "bind"     ? TRY(bind_of(s, ctx))
                     : s.type == "volume" ? TRY(volume_of(s))
                                          : tmpfs_of(s);
  m.destination = s.target;
  m.read_only = s.read_only;
  if (m.type == "tmpfs" && m.read_only)
    m.tmpfs_options.push_back("ro");
  return m;
}

} // namespace mydocker::engine
