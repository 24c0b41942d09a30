// ContainerService: records, the locking helpers, create, wait.
#include "engine/container_service.hpp"

#include <sys/stat.h>

#include <filesystem>

#include "common/atomic_file.hpp"
#include "common/log.hpp"
#include "common/random_id.hpp"
#include "common/scope_guard.hpp"
#include "common/time_format.hpp"
#include "engine/container/blkio_resources.hpp"
#include "engine/container/create_config.hpp"
#include "engine/container/create_warnings.hpp"
#include "engine/container/links.hpp"
#include "engine/container/names.hpp"
#include "engine/container/namespace_modes.hpp"
#include "engine/container/restart_policy.hpp"
#include "engine/container_events.hpp"
#include "engine/volume_binds.hpp"

namespace mydocker::engine {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Takes `name` (the one asked for, or a generated one) for container `id` in the index.
Result<void> reserve_name(ContainerIndex& index, std::string& name, const std::string& id) {
  if (!name.empty())
    return index.reserve_name(name, id);
  // Generated names retry, then take a digit like Docker's namesgenerator.
  for (int attempt = 0; name.empty(); ++attempt) {
    std::string candidate = generate_name() + (attempt >= 10 ? std::to_string(attempt) : "");
    if (index.reserve_name(candidate, id))
      name = candidate;
  }
  return {};
}

// The container's directory (0700: its record holds Env), its files and its layer.
Result<void> make_container_files(layers::ImageService& images, const std::string& dir,
                                  const ContainerRecord& r) {
  TRY_VOID(make_dirs(dir));
  if (::chmod(dir.c_str(), 0700) != 0)
    return sys_error("chmod " + dir);
  TRY_VOID(write_container_files(dir, r));
  TRY(images.create_container_layer(r.id, r.image_id));
  return {};
}

} // namespace

ContainerService::ContainerService(EngineConfig config, layers::ImageService& images)
    : m_config(std::move(config)), m_images(images),
      m_runtime(
          runtime::RuntimeConfig{m_config.exec_root, m_config.shim_path, m_config.cgroup_parent}),
      m_monitor(std::make_unique<ExitMonitor>()), m_delayed(std::make_unique<DelayedCalls>()),
      m_stop_timers(std::make_unique<DelayedCalls>()) {}

ContainerService::~ContainerService() {
  m_monitor.reset(); // no more exits, so nothing schedules a restart
  m_delayed.reset();
  m_stop_timers.reset(); // pending stops are dropped with the daemon
}

Result<void> ContainerService::save(const ContainerRecord& r) {
  // Env may hold secrets: root only, as Docker's config.v2.json.
  return write_file_atomic(container_dir(m_config, r.id) + "/config.v2.json", to_json(r).dump(),
                           0600);
}

Result<void> ContainerService::store(Entry& e) {
  e.publish();
  return save(e.record);
}

Result<std::shared_ptr<ContainerEntry>> ContainerService::acquire(const std::string& ref,
                                                                  Lock& lock) {
  auto e = TRY(m_index.find(ref));
  lock = Lock(e->mutex);
  e->wait_idle(lock);
  if (e->removed) // removed while we waited
    return not_found("No such container: " + ref);
  return e;
}

Result<std::optional<Status>> ContainerService::check(const Entry& e, Verb verb,
                                                      const std::string& ref) const {
  return transition(verb, e.record.state.status, Subject{ref, e.record.id, e.record.name});
}

Result<void> ContainerService::run_unlocked(Entry& e, Lock& lock, Busy busy,
                                            const std::function<Result<void>()>& work) {
  e.busy = busy;
  lock.unlock();
  Rollback relock; // also when `work` throws: the entry must not stay busy
  relock.add([&] {
    lock.lock();
    e.busy = Busy::None;
    e.changed.notify_all();
  });
  return work();
}

Result<ContainerRecord> ContainerService::snapshot(const std::string& ref,
                                                   std::optional<Verb> verb) {
  ContainerRecord r = *TRY(m_index.find(ref))->view();
  if (verb)
    TRY(transition(*verb, r.state.status, Subject{ref, r.id, r.name}));
  return r;
}

Result<std::string> ContainerService::create(const std::string& requested_name,
                                             const api::CreateBody& body,
                                             std::vector<std::string>* warnings) {
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
  TRY_VOID(
      resolve_namespace_modes(index_owner_lookup(m_index), body.config.hostname, r.host_config));
  auto discarded = TRY(create_warnings(r.host_config.resources, runtime::host_cgroup_support()));
  if (warnings)
    *warnings = std::move(discarded);
  TRY_VOID(check_networks(r));
  // LogConfig.Type "" takes the daemon's default driver; stored as it resolved.
  api::LogConfig& log_config = r.host_config.log_config;
  auto log = TRY(resolve_log_config(log_config.type, log_config.config, m_config.log_defaults));
  log_config = {log.type, log.config};
  std::string dir = container_dir(m_config, r.id);
  r.log_path = dir + "/" + r.id + "-json.log";
  TRY_VOID(reserve_name(m_index, name, r.id));
  r.name = name;
  // The files and the layer are made without any lock; the name stays reserved meanwhile.
  Rollback undo;
  undo.add([&] { m_index.release_name(name, r.id); });
  TRY_VOID(place_links(m_index, r.name, r.host_config, r.networking_config));
  r.mounts = TRY(container_mounts(r.config, r.host_config, mount_context(m_index)));
  if (m_volumes) {
    TRY_VOID(take_mounts(*m_volumes, r.mounts, r.id));
    undo.add([&] { release_mounts(*m_volumes, r.mounts, r.id, true); });
  }
  TRY_VOID(make_container_files(m_images, dir, r));
  TRY_VOID(save(r));
  undo.dismiss();
  auto entry = std::make_shared<Entry>();
  entry->record = std::move(r);
  entry->publish();
  emit_container_event(entry->record, "create");
  m_index.insert(entry->record.id, entry);
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
  auto e = TRY(m_index.find(ref));
  Lock lock(e->mutex); // no wait_idle: registering a waiter never waits for a verb
  if (e->removed)
    return not_found("No such container: " + ref);
  TRY(check(*e, Verb::Wait, ref));
  if (condition == WaitCondition::NotRunning && !is_running(e->record.state.status)) {
    int code = e->record.state.exit_code;
    lock.unlock();
    done(code);
    return {};
  }
  e->waiters.emplace_back(condition, std::move(done));
  return {};
}

std::optional<std::string> ContainerService::container_using_image(const std::string& image_id) {
  for (const auto& e : m_index.all())
    if (auto r = e->view(); r->image_id == image_id)
      return r->id;
  return std::nullopt;
}

void ContainerService::emit_event(const std::string& ref, const std::string& action,
                                  std::map<std::string, std::string> attributes) {
  if (auto found = m_index.find(ref))
    emit_container_event(*(*found)->view(), action, std::move(attributes));
}

int ContainerService::count(std::optional<Status> status) {
  int n = 0;
  for (const auto& e : m_index.all())
    n += !status || e->view()->state.status == *status;
  return n;
}

} // namespace mydocker::engine
