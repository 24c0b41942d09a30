// ContainerService: the lifecycle of containers (create, start, stop, kill, wait, remove,
// inspect, list). Synchronous and Asio-free; waiters get callbacks (design.md §4).
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/types/create_body.hpp"
#include "common/result.hpp"
#include "engine/container/container_record.hpp"
#include "engine/container/log_options.hpp"
#include "engine/delayed_calls.hpp"
#include "engine/exit_monitor.hpp"
#include "engine/runtime/runtime.hpp"
#include "layers/image_service.hpp"
#include "volumes/volume_service.hpp"

namespace mydocker::engine {

struct EngineConfig {
  std::string data_root;
  std::string exec_root;
  std::string shim_path;
  std::string cgroup_parent = "mydocker";
  LogDefaults log_defaults; // daemon.json log-driver/log-opts
};

inline std::string container_dir(const EngineConfig& c, const std::string& id) {
  return c.data_root + "/containers/" + id;
}

enum class WaitCondition { NotRunning, NextExit, Removed };

// POST /commit: what the client asked for (the image side is layers::CommitOptions).
struct CommitRequest {
  std::string repo_tag; // "" = untagged
  std::string comment;
  std::string author;
  std::vector<std::string> changes;
  bool pause = true;     // freeze a running container while its layer is read
  nlohmann::json config; // the request body's Config (may be null)
};

class ContainerService {
public:
  ContainerService(EngineConfig config, layers::ImageService& images);
  ~ContainerService();
  // Named volumes of HostConfig.Binds: referenced from create to remove (set before init).
  void set_volumes(volumes::VolumeService* volumes) { m_volumes = volumes; }
  // Loads records, re-watches containers whose shim survived a daemon restart.
  Result<void> init();

  Result<std::string> create(const std::string& name, const api::CreateBody& body);
  Result<void> start(const std::string& ref); // NotModified when running
  Result<void> stop(const std::string& ref, std::optional<int> timeout, const std::string& signal);
  Result<void> kill(const std::string& ref, const std::string& signal);
  Result<void> remove(const std::string& ref, bool force);
  Result<void> pause(const std::string& ref);
  Result<void> unpause(const std::string& ref);
  // `with_size` adds SizeRw/SizeRootFs (inspect --size).
  Result<nlohmann::json> inspect(const std::string& ref, bool with_size = false);
  // `with_size` adds SizeRw/SizeRootFs (walks each container's upper directory).
  Result<nlohmann::json> list(bool all, const std::string& filters_text, int limit,
                              bool with_size = false);
  Result<void> rename(const std::string& ref, const std::string& new_name);
  // Removes every stopped container matching `filters` (until, label): Docker's prune answer.
  Result<nlohmann::json> prune(const std::string& filters_text);
  Result<ContainerRecord> snapshot(const std::string& ref);
  // Calls `done(exit_code)` once `condition` holds (maybe at once, on the calling thread).
  Result<void> wait(const std::string& ref, WaitCondition condition, std::function<void(int)> done);
  // A new image from the container's changes (engine/commit.cpp).
  Result<layers::Image> commit(const std::string& ref, const CommitRequest& request);
  // The container's full ID (NotFound with Docker's text), then its merged root as a tar.
  Result<std::string> resolve(const std::string& ref);
  Result<void> export_rootfs(const std::string& id, int out_fd);
  // The image ID a container uses, for the rmi 409s.
  std::optional<std::string> container_using_image(const std::string& image_id);
  int count(std::optional<Status> status);

private:
  struct Entry {
    ContainerRecord record;
    std::vector<std::pair<WaitCondition, std::function<void(int)>>> waiters;
    std::chrono::milliseconds restart_delay{0}; // the restart manager's backoff
    uint64_t restart_token = 0;                 // pending DelayedCalls entry, 0 = none
  };
  Result<std::shared_ptr<Entry>> find(const std::string& ref);
  Result<void> save(const ContainerRecord& r);
  void watch(const std::shared_ptr<Entry>& entry);
  void on_exit(std::shared_ptr<Entry> entry);
  Result<void> start_locked(const std::shared_ptr<Entry>& entry,
                            std::unique_lock<std::mutex>& lock);
  void schedule_restart(const std::shared_ptr<Entry>& entry, std::chrono::milliseconds delay);
  void restart_after_backoff(const std::shared_ptr<Entry>& entry);
  void cancel_restart(Entry& entry);
  void restart_after_daemon_start(const std::vector<std::shared_ptr<Entry>>& stopped);
  Result<void> remove_locked(std::shared_ptr<Entry> entry, std::unique_lock<std::mutex>& lock);
  std::vector<std::function<void()>> take_waiters(Entry& e, bool removed);
  void add_sizes(std::optional<int64_t>& size_rw, std::optional<int64_t>& size_root_fs,
                 const ContainerRecord& r);

  EngineConfig m_config;
  layers::ImageService& m_images;
  volumes::VolumeService* m_volumes = nullptr;
  runtime::Runtime m_runtime;
  std::mutex m_mutex; // guards the map and every record (one lock keeps this first cut simple)
  std::condition_variable m_changed;
  std::map<std::string, std::shared_ptr<Entry>> m_containers;
  std::unique_ptr<ExitMonitor> m_monitor;  // stopped first, before the map goes
  std::unique_ptr<DelayedCalls> m_delayed; // restarts; stopped right after the monitor
};

} // namespace mydocker::engine
