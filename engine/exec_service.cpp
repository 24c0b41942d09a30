#include "engine/exec_service.hpp"

#include <fcntl.h>
#include <signal.h>

#include "common/log.hpp"
#include "common/random_id.hpp"
#include "engine/exec/exec_launcher.hpp"
#include "engine/runtime/container_init.hpp"
#include "engine/runtime/pty.hpp"

namespace mydocker::engine {

namespace {

// dockerd's exit codes for a program that could not be started.
int start_failure_code(int helper_code) {
  return helper_code == runtime::EXIT_NOT_FOUND ? runtime::EXIT_NOT_FOUND
                                                : runtime::EXIT_CANNOT_INVOKE;
}

runtime::ExecProcess process_of(const api::ExecCreateBody& b) {
  runtime::ExecProcess p;
  p.args = b.cmd;
  p.env = b.env;
  p.cwd = b.working_dir;
  p.user = b.user;
  p.tty = b.tty;
  p.privileged = b.privileged;
  return p;
}

// The launch of `r` (its lock held): the process and which streams are attached.
ExecLaunch launch_for(const ExecRecord& r, bool detach,
                      const std::optional<std::vector<uint64_t>>& console_size) {
  ExecLaunch launch;
  launch.process = process_of(r.config);
  launch.attach_stdin = !detach && r.config.attach_stdin;
  launch.attach_stdout = !detach && r.config.attach_stdout;
  launch.attach_stderr = !detach && r.config.attach_stderr;
  const auto& size = console_size ? console_size : r.config.console_size;
  if (size && size->size() == 2) {
    launch.process.rows = static_cast<uint16_t>((*size)[0]);
    launch.process.cols = static_cast<uint16_t>((*size)[1]);
  }
  return launch;
}

// "exec_create: sh -c true": dockerd's event action names the command.
std::string command_text(const api::ExecCreateBody& body) {
  std::string text;
  for (const auto& word : body.cmd)
    text += (text.empty() ? "" : " ") + word;
  return text;
}

// Records the exit and calls the waiters once `mutex` is released.
void record_exit(std::mutex& mutex, ExecRecord& r, int code) {
  std::vector<std::function<void(int)>> waiters;
  {
    std::lock_guard lock(mutex);
    r.report.reset();
    r.tty.reset();
    r.running = false;
    r.exit_code = code;
    waiters.swap(r.waiters);
  }
  for (auto& w : waiters)
    w(code);
}

} // namespace

ExecService::ExecService(ContainerService& containers, std::string exec_root, std::string shim_path)
    : m_containers(containers), m_exec_root(std::move(exec_root)),
      m_shim_path(std::move(shim_path)), m_monitor(std::make_unique<ExitMonitor>()) {}

ExecService::~ExecService() {
  m_monitor.reset(); // no callback runs once the records start to go
}

Result<std::string> ExecService::create(const std::string& container_ref,
                                        const api::ExecCreateBody& body) {
  auto container = TRY(m_containers.snapshot(container_ref, Verb::Exec));
  if (body.cmd.empty())
    return make_error(Errc::InvalidArgument, "No exec command specified");
  drop_removed_containers();
  auto record = std::make_shared<ExecRecord>();
  record->id = random_hex_id();
  record->container_id = container.id;
  record->config = body;
  {
    std::lock_guard lock(m_mutex);
    m_execs[record->id] = record;
  }
  m_containers.emit_event(container.id, "exec_create: " + command_text(body),
                          {{"execID", record->id}});
  return record->id;
}

Result<ExecService::RecordPtr> ExecService::find(const std::string& id) {
  RecordPtr record;
  {
    std::lock_guard lock(m_mutex);
    auto it = m_execs.find(id);
    if (it != m_execs.end())
      record = it->second;
  }
  if (record && m_containers.resolve(record->container_id)) // removed with its container
    return record;
  if (record) {
    std::lock_guard lock(m_mutex);
    m_execs.erase(id);
  }
  return not_found("No such exec instance: " + id);
}

Result<StartedExec> ExecService::start(const std::string& id, bool detach,
                                       const std::optional<std::vector<uint64_t>>& console_size) {
  RecordPtr record = TRY(find(id));
  auto container = TRY(m_containers.snapshot(record->container_id, Verb::Exec));
  ExecLaunch launch;
  {
    std::lock_guard lock(m_mutex);
    if (record->started)
      return conflict("Error: Exec command " + id +
                      (record->running ? " is already running" : " has already run"));
    record->started = record->running = true;
    launch = launch_for(*record, detach, console_size);
  }
  m_containers.emit_event(container.id, "exec_start: " + command_text(record->config),
                          {{"execID", id}});
  launch.shim_path = m_shim_path;
  launch.state_dir = m_exec_root + "/containers/" + container.id;
  launch.init_pid = container.state.pid;
  auto launched = launch_exec(launch);
  if (!launched || !launched->failure.empty()) {
    int code = launched ? start_failure_code(launched->failed_code) : runtime::EXIT_CANNOT_INVOKE;
    emit_exec_die(*record, code); // before the waiters learn the code: no client sees it first
    record_exit(m_mutex, *record, code);
    if (!launched)
      return tl::unexpected(launched.error());
    StartedExec failed;
    failed.failure = "OCI runtime exec failed: exec failed: unable to start container process: " +
                     launched->failure + ": unknown";
    return failed;
  }
  StartedExec started = streams_of(*record, *launched, launch.attach_stdin);
  if (auto watched = m_monitor->watch(launched->helper_pid, [this, record] { on_exit(record); });
      !watched)
    log::error("exec " + id + ": " + watched.error().message);
  return started;
}

// Our ends of the process's streams; with a tty, the master is both input and output.
StartedExec ExecService::streams_of(ExecRecord& record, LaunchedExec& launched, bool attach_stdin) {
  StartedExec started;
  started.stdin_fd = std::move(launched.stdin_fd);
  started.stdout_fd = std::move(launched.stdout_fd);
  started.stderr_fd = std::move(launched.stderr_fd);
  started.tty = record.config.tty;
  std::lock_guard lock(m_mutex);
  record.pid = launched.pid;
  record.report = std::move(launched.report);
  if (launched.tty_master) {
    if (attach_stdin)
      started.stdin_fd = Fd(::fcntl(launched.tty_master.get(), F_DUPFD_CLOEXEC, 0));
    record.tty = Fd(::fcntl(launched.tty_master.get(), F_DUPFD_CLOEXEC, 0));
    started.stdout_fd = std::move(launched.tty_master);
  }
  return started;
}

Result<void> ExecService::kill(const std::string& id, int signal) {
  RecordPtr record = TRY(find(id));
  std::lock_guard lock(m_mutex);
  if (record->running && record->pid > 0)
    ::kill(record->pid, signal); // the pid is not reaped before its helper reports the exit
  return {};
}

void ExecService::forget(const std::string& id) {
  std::lock_guard lock(m_mutex);
  m_execs.erase(id);
}

void ExecService::on_exit(const RecordPtr& record) {
  std::optional<int> code;
  {
    std::lock_guard lock(m_mutex);
    code = read_exit_report(record->report.get());
  }
  int exit_code = code.value_or(128 + 9); // no report: the helper was killed
  emit_exec_die(*record, exit_code);      // before the waiters learn the code
  record_exit(m_mutex, *record, exit_code);
}

void ExecService::emit_exec_die(const ExecRecord& record, int code) {
  m_containers.emit_event(record.container_id, "exec_die",
                          {{"execID", record.id}, {"exitCode", std::to_string(code)}});
}

Result<void> ExecService::wait(const std::string& id, std::function<void(int)> done) {
  RecordPtr record = TRY(find(id));
  std::optional<int> code;
  {
    std::lock_guard lock(m_mutex);
    if (record->started && !record->running)
      code = record->exit_code.value_or(0);
    else
      record->waiters.push_back(std::move(done));
  }
  if (code)
    done(*code);
  return {};
}

Result<api::ExecInspect> ExecService::inspect(const std::string& id) {
  RecordPtr record = TRY(find(id));
  std::lock_guard lock(m_mutex);
  api::ExecInspect out;
  const auto& c = record->config;
  out.id = record->id;
  out.running = record->running;
  out.exit_code = record->exit_code;
  out.process_config.tty = c.tty;
  out.process_config.entrypoint = c.cmd.empty() ? "" : c.cmd.front();
  if (c.cmd.size() > 1)
    out.process_config.arguments.assign(c.cmd.begin() + 1, c.cmd.end());
  out.process_config.privileged = c.privileged;
  out.process_config.user = c.user;
  out.open_stdin = c.attach_stdin;
  out.open_stdout = c.attach_stdout;
  out.open_stderr = c.attach_stderr;
  out.container_id = record->container_id;
  out.detach_keys = c.detach_keys;
  out.pid = record->pid;
  return out;
}

Result<void> ExecService::resize(const std::string& id, int height, int width) {
  RecordPtr record = TRY(find(id));
  std::lock_guard lock(m_mutex);
  if (!record->tty)
    return {};
  return runtime::set_window_size(record->tty.get(),
                                  {static_cast<uint16_t>(height), static_cast<uint16_t>(width)});
}

std::vector<std::string> ExecService::ids_of(const std::string& container_id) {
  std::vector<std::string> ids;
  std::lock_guard lock(m_mutex);
  for (const auto& [id, record] : m_execs)
    if (record->container_id == container_id)
      ids.push_back(id);
  return ids;
}

void ExecService::drop_removed_containers() {
  std::vector<std::pair<std::string, std::string>> all; // exec id, container id
  {
    std::lock_guard lock(m_mutex);
    for (const auto& [id, record] : m_execs)
      all.emplace_back(id, record->container_id);
  }
  for (const auto& [id, container] : all)
    if (!m_containers.resolve(container)) {
      std::lock_guard lock(m_mutex);
      m_execs.erase(id);
    }
}

} // namespace mydocker::engine
