#include "engine/runtime/runtime.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "common/atomic_file.hpp"
#include "common/fd.hpp"
#include "common/log.hpp"
#include "common/time_format.hpp"
#include "engine/runtime/device_rules.hpp"

extern char** environ;

namespace mydocker::runtime {

namespace {

constexpr int START_TIMEOUT_MS = 30'000;

Result<int> spawn_shim(const std::string& shim, const std::string& dir, int ready_fd) {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&actions);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  std::string shim_log = dir + "/shim.log";
  posix_spawn_file_actions_addopen(&actions, 2, shim_log.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0640);
  posix_spawn_file_actions_adddup2(&actions, ready_fd, 3);
  // Own session (signals to the daemon's group never reach it), default dispositions.
  sigset_t defaults;
  sigfillset(&defaults);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  std::string arg0 = "mydocker-shim";
  char* argv[] = {arg0.data(), const_cast<char*>(dir.c_str()), nullptr};
  pid_t pid = 0;
  int rc = posix_spawn(&pid, shim.c_str(), &actions, &attr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0)
    return sys_error("start shim " + shim, rc);
  return static_cast<int>(pid);
}

Result<std::string> read_report(int fd) {
  std::string line;
  char buf[4096];
  while (line.find('\n') == std::string::npos) {
    pollfd p{fd, POLLIN, 0};
    int ready = ::poll(&p, 1, START_TIMEOUT_MS);
    if (ready == 0)
      return internal_error("timed out waiting for the container to start");
    if (ready < 0 && errno == EINTR)
      continue;
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0)
      return internal_error("the shim exited before the container started");
    line.append(buf, static_cast<size_t>(n));
  }
  return line.substr(0, line.find('\n'));
}

} // namespace

Runtime::Runtime(RuntimeConfig config) : m_config(std::move(config)) {
  m_cgroups = read_cgroup_layout().value_or(CgroupLayout{});
  if (!m_cgroups.v2 && !m_cgroups.v1_mounts.count("devices"))
    log::warn("no v1 devices cgroup is mounted: containers can open any device node they create");
}

Runtime::~Runtime() {
  remove_parent_cgroups(m_cgroups, m_config.cgroup_parent);
}

Result<void> Runtime::freeze(const std::string& id, bool frozen) {
  return set_frozen(m_cgroups, m_config.cgroup_parent, id, frozen);
}

bool Runtime::oom_killed(const std::string& id) const {
  return runtime::oom_killed(m_cgroups, m_config.cgroup_parent, id);
}

std::string Runtime::state_dir(const std::string& id) const {
  return m_config.exec_root + "/containers/" + id;
}

Result<RunningContainer> Runtime::start(const Spec& spec) {
  std::string dir = state_dir(spec.id);
  TRY_VOID(make_dirs(dir));
  ::unlink((dir + "/exit.json").c_str());
  ::unlink((dir + "/pid").c_str());
  if (auto made = create_cgroups(m_cgroups, m_config.cgroup_parent, spec.id, spec.resources,
                                 plan_device_rules(spec.privileged, spec.resources.devices));
      !made) {
    remove_cgroups(m_cgroups, m_config.cgroup_parent, spec.id);
    return tl::unexpected(made.error());
  }
  Spec with_cgroups = spec;
  for (const auto& [controller, cg] : cgroup_dirs(m_cgroups, m_config.cgroup_parent, spec.id))
    with_cgroups.cgroup_procs.push_back(cg + "/cgroup.procs");
  TRY_VOID(write_file_replace(dir + "/spec.json", nlohmann::json(with_cgroups).dump(), 0600));
  int ready[2];
  if (::pipe2(ready, O_CLOEXEC) != 0)
    return sys_error("pipe");
  Fd read_end(ready[0]), write_end(ready[1]);
  int64_t started = now_unix_nanos();
  int shim_pid = TRY(spawn_shim(m_config.shim_path, dir, write_end.get()));
  write_end.reset();
  auto report = read_report(read_end.get());
  if (report && report->rfind("ok ", 0) == 0)
    return RunningContainer{shim_pid, std::atoi(report->c_str() + 3), started};
  ::waitpid(shim_pid, nullptr, 0);
  remove_cgroups(m_cgroups, m_config.cgroup_parent, spec.id);
  if (!report)
    return tl::unexpected(report.error());
  // "err <exit code> <message>": 126/127 are the user's mistake, the rest ours.
  std::string text = report->substr(4);
  size_t space = text.find(' ');
  int code = std::atoi(text.substr(0, space).c_str());
  std::string detail = space == std::string::npos ? text : text.substr(space + 1);
  // User and group lookups fail as in Docker's daemon, which makes them while building the spec.
  if (detail.rfind("unable to find ", 0) == 0 || detail.rfind("Unable to find group ", 0) == 0)
    return internal_error(detail);
  std::string message = "failed to create task for container: " + detail + ": unknown";
  return make_error(code == 126 || code == 127 ? Errc::InvalidArgument : Errc::Internal, message);
}

std::optional<int> Runtime::running_pid(const std::string& id) const {
  auto text = read_file(state_dir(id) + "/pid");
  if (!text || read_exit(id))
    return std::nullopt;
  int pid = std::atoi(text->c_str());
  if (pid <= 0 || ::kill(pid, 0) != 0)
    return std::nullopt;
  return pid;
}

std::optional<ExitStatus> Runtime::read_exit(const std::string& id) const {
  auto text = read_file(state_dir(id) + "/exit.json");
  if (!text)
    return std::nullopt;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (!j.is_object())
    return std::nullopt;
  return ExitStatus{j.value("exit_code", 0), j.value("finished_at", int64_t{0}),
                    j.value("error", "")};
}

Result<void> Runtime::signal(const std::string& id, int signo) {
  auto pid = running_pid(id);
  if (!pid || ::kill(*pid, signo) != 0)
    return conflict("container " + id + " is not running");
  return {};
}

Result<void> Runtime::cleanup(const std::string& id) {
  if (running_pid(id))
    return conflict("container " + id + " is running");
  remove_cgroups(m_cgroups, m_config.cgroup_parent, id);
  std::error_code ec;
  std::filesystem::remove_all(state_dir(id), ec);
  if (ec)
    return sys_error("remove " + state_dir(id), ec.value());
  return {};
}

} // namespace mydocker::runtime
