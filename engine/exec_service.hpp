// Exec instances (docker exec): created against a running container, started once, kept in
// memory while their container exists (ExecIDs in its inspect). Synchronous and Asio-free;
// the exit of each process is noticed by an ExitMonitor thread, never by a waiting caller.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "api/types/exec_types.hpp"
#include "common/fd.hpp"
#include "common/result.hpp"
#include "engine/container_service.hpp"
#include "engine/exit_monitor.hpp"

namespace mydocker::engine {

struct LaunchedExec; // engine/exec/exec_launcher.hpp

struct ExecRecord {
  std::string id;
  std::string container_id;
  api::ExecCreateBody config;
  bool started = false;
  bool running = false;
  std::optional<int> exit_code;
  int pid = 0;
  Fd report; // the helper's report socket while it runs
  Fd tty;    // exec -t: a copy of the pty's master, for resize, while it runs
  std::vector<std::function<void(int)>> waiters; // called with the exit code
};

// What a started exec hands to the route: our ends of its streams, or why it did not start.
struct StartedExec {
  Fd stdin_fd, stdout_fd, stderr_fd;
  bool tty = false;
  std::string failure; // runc's words when the program could not start (exit code recorded)
};

class ExecService {
public:
  ExecService(ContainerService& containers, std::string exec_root, std::string shim_path);
  ~ExecService();

  // POST /containers/{id}/exec: 404/409 as Docker when the container is not running.
  Result<std::string> create(const std::string& container_ref, const api::ExecCreateBody& body);
  // POST /exec/{id}/start: spawns the process (blocking until it exec'd or failed).
  // `console_size` [height, width] overrides the one given at create (tty only).
  Result<StartedExec> start(const std::string& id, bool detach,
                            const std::optional<std::vector<uint64_t>>& console_size = {});
  Result<api::ExecInspect> inspect(const std::string& id);
  // Calls `done(exit_code)` once the process has ended (maybe at once, on this thread).
  Result<void> wait(const std::string& id, std::function<void(int)> done);
  // POST /exec/{id}/resize: 404 for an unknown exec; sets the size of a tty exec's pty.
  Result<void> resize(const std::string& id, int height, int width);
  // Health probes (engine/health): signal a running exec, drop a finished one's record.
  Result<void> kill(const std::string& id, int signal);
  void forget(const std::string& id);
  // The container's exec IDs (inspect ExecIDs); records of removed containers are dropped.
  std::vector<std::string> ids_of(const std::string& container_id);

private:
  using RecordPtr = std::shared_ptr<ExecRecord>;
  Result<RecordPtr> find(const std::string& id);
  void on_exit(const RecordPtr& record);
  void emit_exec_die(const ExecRecord& record, int code);
  void drop_removed_containers();
  StartedExec streams_of(ExecRecord& record, LaunchedExec& launched, bool attach_stdin);

  ContainerService& m_containers;
  std::string m_exec_root;
  std::string m_shim_path;
  std::mutex m_mutex; // guards m_execs and every record's fields
  std::map<std::string, RecordPtr> m_execs;
  std::unique_ptr<ExitMonitor> m_monitor; // stopped first, before the records go
};

} // namespace mydocker::engine
