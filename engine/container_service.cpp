// ContainerService: records, lookup, create, wait.
#include "engine/container_service.hpp"

#include <sys/stat.h>

#include <filesystem>

#include "common/atomic_file.hpp"
#include "common/log.hpp"
#include "common/random_id.hpp"
#include "common/scope_guard.hpp"
#include "common/time_format.hpp"
#include "engine/container/create_config.hpp"
#include "engine/container/names.hpp"
#include "engine/container/restart_policy.hpp"
#include "engine/volume_binds.hpp"

namespace mydocker::engine {

using nlohmann::json;
namespace fs = std::filesystem;

ContainerService::ContainerService(EngineConfig config, layers::ImageService& images)
    : m_config(std::move(config)), m_images(images),
      m_runtime(
          runtime::RuntimeConfig{m_config.exec_root, m_config.shim_path, m_config.cgroup_parent}),
      m_monitor(std::make_unique<ExitMonitor>()), m_delayed(std::make_unique<DelayedCalls>()) {}

ContainerService::~ContainerService() {
  m_monitor.reset(); // no more exits, so nothing schedules a restart
  m_delayed.reset();
}

Result<void> ContainerService::save(const ContainerRecord& r) {
  // Env may hold secrets: root only, as Docker's config.v2.json.
  return write_file_atomic(container_dir(m_config, r.id) + "/config.v2.json", to_json(r).dump(),
                           0600);
}

Result<void> ContainerService::init() {
  TRY_VOID(make_dirs(m_config.data_root + "/containers"));
  if (::chmod((m_config.data_root + "/containers").c_str(), 0700) != 0)
    return sys_error("chmod " + m_config.data_root + "/containers");
  std::error_code ec;
  std::vector<std::shared_ptr<Entry>> running, stopped;
  for (auto& dir : fs::directory_iterator(m_config.data_root + "/containers", ec)) {
    auto text = read_file(dir.path().string() + "/config.v2.json");
    auto j = text ? json::parse(*text, nullptr, false) : json();
    if (!j.is_object())
      continue; // a create that crashed before its record was written
    auto entry = std::make_shared<Entry>();
    entry->record = record_from_json(j);
    if (entry->record.state.status == Status::Running ||
        entry->record.state.status == Status::Paused)
      running.push_back(entry);
    else
      stopped.push_back(entry);
    m_containers[entry->record.id] = entry;
    if (m_volumes) // references live in memory: taken again for every stored container
      (void)take_volumes(*m_volumes, entry->record.host_config.binds, entry->record.id);
  }
  // Containers outlive the daemon: re-watch live shims, settle the ones that ended meanwhile.
  for (auto& entry : running)
    watch(entry);
  restart_after_daemon_start(stopped);
  return {};
}

Result<std::shared_ptr<ContainerService::Entry>> ContainerService::find(const std::string& ref) {
  if (ref.empty())
    return not_found("No such container: " + ref);
  if (auto it = m_containers.find(ref); it != m_containers.end())
    return it->second;
  std::string name = ref[0] == '/' ? ref.substr(1) : ref;
  for (auto& [id, e] : m_containers)
    if (e->record.name == name)
      return e;
  std::shared_ptr<Entry> match;
  for (auto& [id, e] : m_containers)
    if (id.rfind(ref, 0) == 0) {
      if (match)
        return invalid_argument("multiple IDs found with provided prefix: " + ref);
      match = e;
    }
  if (!match)
    return not_found("No such container: " + ref);
  return match;
}

Result<ContainerRecord> ContainerService::snapshot(const std::string& ref) {
  std::lock_guard lock(m_mutex);
  auto e = TRY(find(ref));
  return e->record;
}

Result<std::string> ContainerService::create(const std::string& requested_name,
                                             const api::CreateBody& body) {
  if (body.config.image.empty())
    return invalid_argument("Config cannot be empty in order to create a container");
  const std::string& image_ref = body.config.image;
  layers::Image image = TRY(m_images.inspect(image_ref));
  std::string name = requested_name.empty() ? "" : TRY(validate_name(requested_name));
  ContainerRecord r;
  r.id = random_hex_id();
  r.created = now_unix_nanos();
  r.image = image_ref;
  r.image_id = image.id;
  TRY_VOID(merge_create_config(body, image, r));
  TRY_VOID(validate_restart_policy(r.host_config));
  TRY_VOID(validate_host_config(r.host_config));
  // LogConfig.Type "" takes the daemon's default driver; stored as it resolved.
  api::LogConfig& log_config = r.host_config.log_config;
  auto log = TRY(resolve_log_config(log_config.type, log_config.config, m_config.log_defaults));
  log_config = {log.type, log.config};
  std::string dir = container_dir(m_config, r.id);
  r.log_path = dir + "/" + r.id + "-json.log";
  std::unique_lock lock(m_mutex);
  auto taken = [this](const std::string& n) {
    for (auto& [id, e] : m_containers)
      if (e->record.name == n)
        return true;
    return false;
  };
  // Generated names retry, then take a digit like Docker's namesgenerator.
  for (int attempt = 0; name.empty() || (requested_name.empty() && taken(name)); ++attempt)
    name = generate_name() + (attempt >= 10 ? std::to_string(attempt) : "");
  r.name = name;
  for (auto& [id, e] : m_containers)
    if (e->record.name == name)
      return conflict(
          "Conflict. The container name \"/" + name + "\" is already in use by container \"" + id +
          "\". You have to remove (or rename) that container to be able to reuse that name.");
  if (m_volumes)
    TRY_VOID(take_volumes(*m_volumes, r.host_config.binds, r.id));
  Rollback undo_volumes;
  if (m_volumes)
    undo_volumes.add([&] { release_volumes(*m_volumes, r.host_config.binds, r.id); });
  TRY_VOID(make_dirs(dir));
  if (::chmod(dir.c_str(), 0700) != 0)
    return sys_error("chmod " + dir);
  TRY_VOID(write_container_files(dir, r));
  TRY(m_images.create_container_layer(r.id, image.id));
  TRY_VOID(save(r));
  undo_volumes.dismiss();
  auto entry = std::make_shared<Entry>();
  entry->record = std::move(r);
  m_containers[entry->record.id] = entry;
  return entry->record.id;
}

std::vector<std::function<void()>> ContainerService::take_waiters(Entry& e, bool removed) {
  std::vector<std::function<void()>> fire;
  int code = e.record.state.exit_code;
  auto& w = e.waiters;
  for (auto it = w.begin(); it != w.end();) {
    if (removed || it->first != WaitCondition::Removed) {
      fire.push_back([cb = std::move(it->second), code] { cb(code); });
      it = w.erase(it);
    } else {
      ++it;
    }
  }
  return fire;
}

Result<void> ContainerService::wait(const std::string& ref, WaitCondition condition,
                                    std::function<void(int)> done) {
  std::unique_lock lock(m_mutex);
  auto e = TRY(find(ref));
  Status s = e->record.state.status;
  bool running = s == Status::Running || s == Status::Paused || s == Status::Restarting;
  if (condition == WaitCondition::NotRunning && !running) {
    int code = e->record.state.exit_code;
    lock.unlock();
    done(code);
    return {};
  }
  e->waiters.emplace_back(condition, std::move(done));
  return {};
}

std::optional<std::string> ContainerService::container_using_image(const std::string& image_id) {
  std::lock_guard lock(m_mutex);
  for (auto& [id, e] : m_containers)
    if (e->record.image_id == image_id)
      return id;
  return std::nullopt;
}

int ContainerService::count(std::optional<Status> status) {
  std::lock_guard lock(m_mutex);
  int n = 0;
  for (auto& [id, e] : m_containers)
    n += !status || e->record.state.status == *status;
  return n;
}

} // namespace mydocker::engine
