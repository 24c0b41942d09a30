// ContainerService: the lifecycle of containers (create, start, stop, kill, wait, remove,
// inspect, list). Synchronous and Asio-free; waiters get callbacks (design.md §4).
//
// Locking rules (issue 10):
// - Each container has its own mutex (ContainerEntry::mutex) guarding its record, its `busy`
//   marker, its waiters and restart timer. The name/ID index (ContainerIndex) has its own small
//   lock. Order: an entry's mutex may be held while the index lock is taken, never the reverse;
//   no code holds two entries' mutexes.
// - No mutex is held across a shim start, a wait for an exit, a freeze, a cgroup, overlay or
//   state-dir teardown, a recursive delete or any other blocking call. A verb that must do such
//   work checks the state table (engine/container/state_machine.hpp) under the entry's mutex,
//   marks the entry busy (Busy::Starting, Freezing, CleaningUp, Removing), releases the mutex
//   for the work (run_unlocked), re-takes it and commits the result. The only I/O under an entry's
//   mutex is the small atomic write of its record and kill(2).
// - A verb first waits until the entry is idle (wait_idle: a condition wait, the mutex is free
//   meanwhile), so verbs on one container act one after the other, in a state the table allowed.
//   Waiting for an exit (stop, rm -f) is a condition wait too and does not mark the entry busy,
//   so kill, rm -f and other stops go ahead meanwhile.
// - Removal sets the state to Removing (start, rename, commit then refuse) before any teardown,
//   and erases the entry from the index last; a start cannot run between them, so `rm` and
//   `start` never leave a running container without a record.
// - Readers (ps/list, inspect, snapshot, count) copy each entry's published record (publish()
//   after every change) and never take an entry's mutex: they do not wait for a slow verb.
// - Callbacks (waiters) run after every mutex is released.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/types/container_stats.hpp"
#include "api/types/container_update.hpp"
#include "api/types/create_body.hpp"
#include "api/types/health_types.hpp"
#include "common/fd.hpp"
#include "common/result.hpp"
#include "engine/changes.hpp"
#include "engine/container/container_entry.hpp"
#include "engine/container/container_index.hpp"
#include "engine/container/container_record.hpp"
#include "engine/container/log_options.hpp"
#include "engine/container/state_machine.hpp"
#include "engine/copy_hold.hpp"
#include "engine/delayed_calls.hpp"
#include "engine/exit_monitor.hpp"
#include "engine/runtime/runtime.hpp"
#include "layers/image_service.hpp"
#include "network/network_service.hpp"
#include "volumes/volume_service.hpp"

namespace mydocker::engine {

struct NetworkSandbox; // engine/container_network.hpp

// A container's record for docker cp, and the mark that keeps a stopped one from starting
// (or going) until the copy is done (engine/copy_hold.hpp).
struct HeldContainer {
  ContainerRecord record;
  CopyHold hold;
};
struct PeerSandbox;

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
  // Inspect's ExecIDs of a container (engine/exec/exec_service.hpp; set before serving).
  void set_exec_ids(std::function<std::vector<std::string>(const std::string&)> ids) {
    m_exec_ids = std::move(ids);
  }
  // Health checks (engine/health/health_monitor.hpp; set before serving): State.Health, and
  // calls after each start (entry unlocked) and exit (entry locked: must not block) of a process;
  // `stopped` answers the final State.Health, which the exit stores in the record.
  void set_health(std::function<std::optional<api::Health>(const std::string&)> health,
                  std::function<void(const ContainerRecord&)> started,
                  std::function<std::optional<api::Health>(const std::string&)> stopped) {
    m_health = std::move(health);
    m_on_started = std::move(started);
    m_on_stopped = std::move(stopped);
  }
  // Stores the monitor's current State.Health in a running container's record, so it survives
  // a daemon restart (engine/container_health.cpp). Takes the entry's mutex: never call it with
  // the monitor's locks held. Skipped while a verb is busy: the next result is saved.
  void save_health(const std::string& id);
  // Published records of the running and paused containers (health checks resumed at start).
  std::vector<ContainerRecord> running_records();
  // Networks: endpoints wired at start, given back at exit (set before init).
  void set_networks(network::NetworkService* networks) { m_networks = networks; }
  // Loads records (a corrupt one is logged, set aside in containers-corrupt/), re-watches live
  // shims (engine/load_containers.cpp).
  Result<void> init();

  // `warnings`, when given, gets Docker's create warnings (engine/container/create_warnings).
  Result<std::string> create(const std::string& name, const api::CreateBody& body,
                             std::vector<std::string>* warnings = nullptr);
  Result<void> start(const std::string& ref); // NotModified when running
  // Answers 404/304/400 at once; then signals and calls `done` once (from an engine thread, no
  // lock held): ok when the process exited, Internal (500, dockerd's text) when it did not die
  // after SIGKILL. No thread waits meanwhile (engine/stop.cpp).
  Result<void> stop_async(const std::string& ref, std::optional<int> timeout,
                          const std::string& signal, std::function<void(Result<void>)> done);
  Result<void> kill(const std::string& ref, const std::string& signal);
  // remove_volumes (rm -v): the container's anonymous volumes go too.
  Result<void> remove(const std::string& ref, bool force, bool remove_volumes = false);
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
  // The published record; with `verb`, the state table's refusal for it (attach, exec).
  Result<ContainerRecord> snapshot(const std::string& ref, std::optional<Verb> verb = {});
  // Calls `done(exit_code)` once `condition` holds (maybe at once, on the calling thread).
  Result<void> wait(const std::string& ref, WaitCondition condition, std::function<void(int)> done);
  // docker cp: the record after any verb in progress; a stopped container stays busy (start,
  // rm, commit wait) until the hold is released (engine/copy_hold.cpp).
  Result<HeldContainer> hold_for_copy(const std::string& ref);
  // A new image from the container's changes (engine/commit.cpp).
  Result<layers::Image> commit(const std::string& ref, const CommitRequest& request);
  // The container's full ID (NotFound with Docker's text), then its merged root as a tar.
  Result<std::string> resolve(const std::string& ref);
  Result<void> export_rootfs(const std::string& id, int out_fd);
  // The image ID a container uses, for the rmi 409s.
  std::optional<std::string> container_using_image(const std::string& image_id);
  int count(std::optional<Status> status);
  // Attach (engine/attach.cpp): a connection to the running container's shim socket;
  // `started(counted)` once it runs with another start time than `started_at` (maybe at once:
  // not counted); a token for forget_start_watch (0: nothing to forget); an attach that
  // leaves without having subscribed forgets its token (engine/container/start_watchers.hpp);
  // resize its terminal (409 when it is not running).
  Result<Fd> connect_attach(const std::string& id);
  Result<uint64_t> on_next_start(const std::string& id, int64_t started_at,
                                 StartWatchers::Notify started);
  void forget_start_watch(const std::string& id, uint64_t token);
  Result<void> resize(const std::string& ref, int height, int width);
  // One sample of the container's resource use (engine/stats/); preread and precpu_stats are
  // left for the caller, which keeps the previous sample.
  Result<api::ContainerStats> stats(const std::string& ref);
  // POST /update: dockerd's checks, the running container's cgroups, the stored record;
  // the warnings (engine/update.cpp).
  Result<std::vector<std::string>> update(const std::string& ref, const api::UpdateConfig& request);
  // GET /changes: the container layer's changes (engine/changes.cpp).
  Result<std::vector<Change>> changes(const std::string& ref);
  // Publishes a container event (attach, resize, exec_create, exec_start, restart...) with
  // Docker's attributes (labels, image, name) plus `attributes`; nothing if `ref` is gone.
  void emit_event(const std::string& ref, const std::string& action,
                  std::map<std::string, std::string> attributes = {});
  // POST /networks/{id}/connect and /disconnect (engine/network_connect.cpp): live on a
  // running container (a new ethN, DNS names at once), recorded for the next start otherwise.
  Result<void> connect_network(const std::string& ref, const std::string& network,
                               const api::EndpointSettings& settings);
  Result<void> disconnect_network(const std::string& ref, const std::string& network);

private:
  using Entry = ContainerEntry;
  using EntryPtr = std::shared_ptr<ContainerEntry>;
  using Lock = std::unique_lock<std::mutex>;
  static constexpr std::chrono::seconds KILL_EXIT_WAIT{10}; // dockerd's, after SIGKILL
  // Finds `ref`, locks its entry into `lock` and waits until it is idle; 404 once removed.
  Result<EntryPtr> acquire(const std::string& ref, Lock& lock);
  // The state table's answer for `verb` on `e` (messages name it as `ref`).
  Result<std::optional<Status>> check(const Entry& e, Verb verb, const std::string& ref) const;
  // Marks `e` busy, runs `work` with the entry's mutex released, re-locks, clears the mark.
  Result<void> run_unlocked(Entry& e, Lock& lock, Busy busy,
                            const std::function<Result<void>()>& work);
  Result<void> save(const ContainerRecord& r);
  Result<void> store(Entry& e); // save, then publish to readers
  void watch(const EntryPtr& entry);
  void fire_start_watchers(const std::string& id, StartWatchers::Started started);
  void forgo_attaches(const std::string& id, int count);
  void on_exit(EntryPtr entry);
  Result<void> start_entry(const EntryPtr& entry, Lock& lock);
  // Waits until the process has exited after `exits_before` exits were seen; false at `limit`.
  bool wait_for_exit(Entry& e, Lock& lock, uint64_t exits_before, std::chrono::milliseconds limit);
  struct StopProgress; // engine/stop.cpp
  void kill_after_timeout(const EntryPtr& e, const std::shared_ptr<StopProgress>& stop);
  Result<void> set_frozen(Entry& e, Lock& lock, bool frozen);
  void schedule_restart(const EntryPtr& entry, std::chrono::milliseconds delay);
  void restart_after_backoff(const EntryPtr& entry);
  void cancel_restart(Entry& entry);
  void restart_after_daemon_start(const std::vector<EntryPtr>& stopped);
  Result<void> remove_entry(const EntryPtr& entry, Lock& lock, bool remove_volumes = false);
  std::vector<std::function<void()>> take_waiters(Entry& e, bool removed);
  void add_sizes(std::optional<int64_t>& size_rw, std::optional<int64_t>& size_root_fs,
                 const ContainerRecord& r);

  EngineConfig m_config;
  layers::ImageService& m_images;
  volumes::VolumeService* m_volumes = nullptr;
  std::function<std::vector<std::string>(const std::string&)> m_exec_ids;
  std::function<std::optional<api::Health>(const std::string&)> m_health;
  std::function<void(const ContainerRecord&)> m_on_started;
  std::function<std::optional<api::Health>(const std::string&)> m_on_stopped;
  // The monitor's State.Health while it watches `r`, else the one kept in the record.
  std::optional<api::Health> health_of(const ContainerRecord& r);
  network::NetworkService* m_networks = nullptr;
  // engine/container_network_hooks.cpp: the network steps of start, exit, remove and load.
  Result<PeerSandbox> running_pid_of(const std::string& ref);
  Result<void> check_networks(ContainerRecord& r); // at create: Docker's 404/400s, keys by name
  Result<void> prepare_network_for(const ContainerRecord& r, runtime::Spec& spec,
                                   NetworkSandbox& sandbox);
  void detach_network_unlocked(Entry& e, Lock& lock);
  runtime::Runtime m_runtime;
  ContainerIndex m_index;
  std::unique_ptr<ExitMonitor> m_monitor;      // stopped first, before the entries go
  std::unique_ptr<DelayedCalls> m_delayed;     // restarts; stopped right after the monitor
  std::unique_ptr<DelayedCalls> m_stop_timers; // apart: never behind a restart's shim start
};

} // namespace mydocker::engine
