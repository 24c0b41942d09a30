// VolumeService: open/load, create, inspect, remove (list, prune, references: volume_usage.cpp).
#include "volumes/volume_service.hpp"

#include <sys/stat.h>

#include <filesystem>

#include "common/atomic_file.hpp"
#include "common/event_bus.hpp"
#include "common/log.hpp"
#include "common/random_id.hpp"
#include "common/time_format.hpp"
#include "volumes/local/volume_record.hpp"

namespace mydocker::volumes {

namespace fs = std::filesystem;

namespace {

// Leftovers of a create or remove cut short by a crash start with '.', which no name can.
constexpr const char* PENDING_PREFIX = ".pending-";

Result<void> make_dir(const std::string& path, unsigned mode) {
  if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST)
    return sys_error("mkdir " + path);
  if (::chmod(path.c_str(), mode) != 0) // the umask must not weaken or widen it
    return sys_error("chmod " + path);
  return {};
}

std::string rfc3339_seconds_now() {
  std::string text = format_rfc3339_nano(now_unix_nanos() / 1000000000 * 1000000000);
  return text;
}

} // namespace

Result<std::unique_ptr<VolumeService>> VolumeService::open(const std::string& data_root,
                                                           std::unique_ptr<DeviceMounter> mounter) {
  TRY_VOID(make_dirs(data_root, 0711));
  std::string root = data_root + "/volumes";
  TRY_VOID(make_dir(root, 0701));
  std::unique_ptr<VolumeService> service(new VolumeService(root, std::move(mounter)));
  TRY_VOID(service->load());
  return service;
}

// Every directory with a _data is a volume (as Docker's local driver); a missing or damaged
// record keeps the volume with what is known.
Result<void> VolumeService::load() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(m_root, ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(PENDING_PREFIX, 0) == 0) {
      fs::remove_all(entry.path(), ec);
      continue;
    }
    if (!entry.is_directory() || !fs::is_directory(entry.path() / local::DATA_DIR))
      continue;
    auto text = read_file(dir_of(name) + "/" + local::RECORD_FILE);
    Volume v;
    v.info = text ? local::decode_record(*text) : api::VolumeInspect{};
    v.info.name = name;
    v.info.mountpoint = dir_of(name) + "/" + local::DATA_DIR;
    m_volumes[name] = std::move(v);
  }
  if (ec)
    return make_error(Errc::Internal, "read " + m_root + ": " + ec.message());
  return {};
}

// Built in a pending directory and renamed into place: a crash leaves no half volume.
Result<api::VolumeInspect> VolumeService::create(const api::VolumeCreateBody& body) {
  std::string name = body.name.empty() ? random_hex_id() : body.name;
  auto checked = local::validate_name(name).and_then(
      [&] { return local::validate_options(body.driver_opts); });
  if (!checked)
    return make_error(checked.error().code, "create " + name + ": " + checked.error().message);
  if (!body.driver.empty() && body.driver != "local")
    return not_found("error looking up volume plugin " + body.driver + ": plugin \"" + body.driver +
                     "\" not found");
  std::lock_guard lock(m_mutex);
  if (auto it = m_volumes.find(name); it != m_volumes.end())
    return it->second.info;
  Volume v;
  v.info.name = name;
  v.info.created_at = rfc3339_seconds_now();
  v.info.labels = body.labels;
  if (body.name.empty()) // Docker: a generated name makes an anonymous volume
    v.info.labels[ANONYMOUS_LABEL] = "";
  v.info.options = body.driver_opts;
  v.info.mountpoint = dir_of(name) + "/" + local::DATA_DIR;
  std::string pending = m_root + "/" + PENDING_PREFIX + random_hex_id(8);
  TRY_VOID(make_dir(pending, 0701));
  auto built = make_dir(pending + "/" + local::DATA_DIR, 0755).and_then([&] {
    return write_file_atomic(pending + "/" + local::RECORD_FILE, local::encode_record(v.info),
                             0600);
  });
  if (built && ::rename(pending.c_str(), dir_of(name).c_str()) != 0)
    built = sys_error("rename " + pending);
  if (!built) {
    std::error_code ec;
    fs::remove_all(pending, ec);
    return tl::unexpected(built.error().with_context("create " + name));
  }
  TRY_VOID(fsync_dir(m_root));
  events::publish_volume("create", name, body.driver);
  return m_volumes.emplace(name, std::move(v)).first->second.info;
}

Result<api::VolumeInspect> VolumeService::inspect(const std::string& name) const {
  std::lock_guard lock(m_mutex);
  auto it = m_volumes.find(name);
  if (it == m_volumes.end())
    return not_found("get " + name + ": no such volume");
  return it->second.info;
}

Result<void> VolumeService::remove(const std::string& name, bool force) {
  std::lock_guard lock(m_mutex);
  auto it = m_volumes.find(name);
  if (it == m_volumes.end()) {
    if (force)
      return {};
    return not_found("get " + name + ": no such volume");
  }
  if (!it->second.users.empty()) {
    std::string ids;
    for (const auto& id : it->second.users)
      ids += (ids.empty() ? "" : " ") + id;
    return conflict("remove " + name + ": volume is in use - [" + ids + "]");
  }
  return remove_locked(name);
}

// Renamed away first so a crash never leaves a half-deleted volume that still lists.
Result<void> VolumeService::remove_locked(const std::string& name) {
  if (local::has_device(m_volumes[name].info.options))
    (void)m_mounter->unmount(dir_of(name) + "/" + local::DATA_DIR); // never delete through it
  std::string doomed = m_root + "/" + PENDING_PREFIX + random_hex_id(8);
  if (::rename(dir_of(name).c_str(), doomed.c_str()) != 0 && errno != ENOENT)
    return sys_error("remove " + name);
  m_volumes.erase(name);
  events::publish_volume("destroy", name, "local");
  std::error_code ec;
  fs::remove_all(doomed, ec);
  if (ec)
    log::warn("remove volume " + name + ": " + ec.message());
  return {};
}

} // namespace mydocker::volumes
