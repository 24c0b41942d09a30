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

#include "common/result.hpp"
#include "engine/container/container_record.hpp"
#include "engine/exit_monitor.hpp"
#include "engine/runtime/runtime.hpp"
#include "layers/image_service.hpp"

namespace mydocker::engine {

struct EngineConfig {
  std::string data_root;
  std::string exec_root;
  std::string shim_path;
  std::string cgroup_parent = "mydocker";
};

inline std::string container_dir(const EngineConfig& c, const std::string& id) {
  return c.data_root + "/containers/" + id;
}

enum class WaitCondition { NotRunning, NextExit, Removed };

class ContainerService {
public:
  ContainerService(EngineConfig config, layers::ImageService& images);
  ~ContainerService();
  // Loads records, re-watches containers whose shim survived a daemon restart.
  Result<void> init();

  Result<std::string> create(const std::string& name, const nlohmann::json& body);
  Result<void> start(const std::string& ref); // NotModified when running
  Result<void> stop(const std::string& ref, std::optional<int> timeout, const std::string& signal);
  Result<void> kill(const std::string& ref, const std::string& signal);
  Result<void> remove(const std::string& ref, bool force);
  Result<void> pause(const std::string& ref);
  Result<void> unpause(const std::string& ref);
  Result<nlohmann::json> inspect(const std::string& ref);
  Result<nlohmann::json> list(bool all, const std::string& filters_text, int limit);
  Result<ContainerRecord> snapshot(const std::string& ref);
  // Calls `done(exit_code)` once `condition` holds (maybe at once, on the calling thread).
  Result<void> wait(const std::string& ref, WaitCondition condition, std::function<void(int)> done);
  // The image ID a container uses, for the rmi 409s.
  std::optional<std::string> container_using_image(const std::string& image_id);
  int count(std::optional<Status> status);

private:
  struct Entry {
    ContainerRecord record;
    std::vector<std::pair<WaitCondition, std::function<void(int)>>> waiters;
  };
  Result<std::shared_ptr<Entry>> find(const std::string& ref);
  Result<void> save(const ContainerRecord& r);
  void watch(const std::shared_ptr<Entry>& entry);
  void on_exit(std::shared_ptr<Entry> entry);
  Result<void> remove_locked(std::shared_ptr<Entry> entry, std::unique_lock<std::mutex>& lock);
  std::vector<std::function<void()>> take_waiters(Entry& e, bool removed);
  Result<runtime::Spec> build_spec(const ContainerRecord& r);

  EngineConfig m_config;
  layers::ImageService& m_images;
  runtime::Runtime m_runtime;
  std::mutex m_mutex; // guards the map and every record (one lock keeps this first cut simple)
  std::condition_variable m_changed;
  std::map<std::string, std::shared_ptr<Entry>> m_containers;
  std::unique_ptr<ExitMonitor> m_monitor; // last: stopped before the map goes
};

} // namespace mydocker::engine
