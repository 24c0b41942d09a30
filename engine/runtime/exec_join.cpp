#include "engine/runtime/exec_join.hpp"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/atomic_file.hpp"
#include "common/fd.hpp"
#include "common/nofile_limit.hpp"
#include "engine/runtime/container_init.hpp"
#include "engine/runtime/pty.hpp"

namespace mydocker::runtime {

using nlohmann::json;

void to_json(json& j, const ExecProcess& p) {
  j = {{"args", p.args}, {"env", p.env},  {"cwd", p.cwd},
       {"user", p.user}, {"tty", p.tty},  {"privileged", p.privileged},
       {"rows", p.rows}, {"cols", p.cols}};
}

void from_json(const json& j, ExecProcess& p) {
  p.args = j.value("args", std::vector<std::string>{});
  p.env = j.value("env", std::vector<std::string>{});
  p.cwd = j.value("cwd", "");
  p.user = j.value("user", "");
  p.tty = j.value("tty", false);
  p.privileged = j.value("privileged", false);
  p.rows = j.value("rows", uint16_t{0});
  p.cols = j.value("cols", uint16_t{0});
}

std::vector<std::string> merge_env(const std::vector<std::string>& base,
                                   const std::vector<std::string>& overrides) {
  std::vector<std::string> out = base;
  auto key_of = [](const std::string& e) { return e.substr(0, e.find('=')); };
  for (const auto& o : overrides) {
    std::string key = key_of(o);
    auto same = [&](const std::string& e) { return key_of(e) == key; };
    auto it = std::find_if(out.begin(), out.end(), same);
    if (o.find('=') == std::string::npos) { // "K" alone: unset it
      out.erase(std::remove_if(out.begin(), out.end(), same), out.end());
    } else if (it != out.end()) {
      *it = o;
    } else {
      out.push_back(o);
    }
  }
  return out;
}

Spec exec_spec(const Spec& container, const ExecProcess& exec) {
  Spec s = container;
  s.process.args = exec.args;
  std::vector<std::string> env = container.process.env;
  if (exec.tty)
    env = merge_env(env, {"TERM=xterm"});
  s.process.env = merge_env(env, exec.env);
  if (!exec.cwd.empty())
    s.process.cwd = exec.cwd;
  if (!exec.user.empty()) { // resolved again inside the container's root
    s.process.user = exec.user;
    s.process.uid = 0;
    s.process.gid = 0;
    s.process.additional_gids.clear();
  }
  s.process.tty = exec.tty;
  s.process.open_stdin = false;
  s.privileged = container.privileged || exec.privileged;
  s.init = false; // oom_score_adj stays: dockerd gives an exec the container's
  return s;
}

namespace {

void report(const std::string& text) {
  (void)::send(EXEC_REPORT_FD, text.data(), text.size(), MSG_NOSIGNAL);
}

int fail_start(int code, const std::string& text) {
  report("err " + std::to_string(code) + " " + text);
  return code;
}

std::string errno_text(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

bool same_namespace(const std::string& a, const std::string& b) {
  struct stat sa {
  }, sb{};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_ino == sb.st_ino &&
         sa.st_dev == sb.st_dev;
}

struct JoinFds {
  std::vector<std::pair<std::string, Fd>> namespaces; // in joined_namespaces() order
  Fd cgroup_ns;
  std::vector<Fd> cgroup_procs;
};

// Everything is opened before the first setns: after the mount namespace the host's /proc
// and cgroup files are out of reach.
Result<JoinFds> open_join_fds(int pid, const Spec& spec) {
  JoinFds out;
  std::string ns_dir = "/proc/" + std::to_string(pid) + "/ns/";
  for (const auto& name : joined_namespaces()) {
    if (name == "user" && same_namespace(ns_dir + name, "/proc/self/ns/user"))
      continue; // setns into one's own user namespace fails
    Fd fd(::open((ns_dir + name).c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd)
      return internal_error(errno_text("open " + ns_dir + name));
    out.namespaces.emplace_back(name, std::move(fd));
  }
  out.cgroup_ns = Fd(::open((ns_dir + "cgroup").c_str(), O_RDONLY | O_CLOEXEC));
  if (!out.cgroup_ns)
    return internal_error(errno_text("open " + ns_dir + "cgroup"));
  for (const auto& procs : spec.cgroup_procs) {
    Fd fd(::open(procs.c_str(), O_WRONLY | O_CLOEXEC));
    if (!fd)
      return internal_error(errno_text("open " + procs));
    out.cgroup_procs.push_back(std::move(fd));
  }
  return out;
}

std::string join_namespaces(const JoinFds& fds) {
  for (const auto& [name, fd] : fds.namespaces)
    if (::setns(fd.get(), 0) != 0)
      return errno_text("setns " + name);
  return "";
}

std::string join_cgroups(const JoinFds& fds, pid_t pid) {
  std::string text = std::to_string(pid);
  for (const auto& fd : fds.cgroup_procs)
    if (::write(fd.get(), text.data(), text.size()) < 0)
      return errno_text("join cgroup");
  return "";
}

int wait_code(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

std::string read_to_end(int fd) {
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

[[noreturn]] void child_fail(int error_fd, const std::string& text) {
  (void)!::write(error_fd, text.data(), text.size());
  ::_exit(125);
}

// exec -t: a pty from the container's own devpts (we are in its mount namespace), the slave
// our controlling terminal and stdio, the master sent to the daemon on the report socket.
void attach_tty(const ExecProcess& exec, int error_fd) {
  ::setsid();
  auto pty = open_pty("/dev/ptmx");
  if (!pty)
    child_fail(error_fd, pty.error().message);
  if (auto sized = set_window_size(pty->slave.get(), {exec.rows, exec.cols}); !sized)
    child_fail(error_fd, sized.error().message);
  if (auto sent = send_fd(EXEC_REPORT_FD, pty->master.get()); !sent)
    child_fail(error_fd, sent.error().message);
  pty->master.reset();
  if (auto made = make_controlling_terminal(pty->slave.get()); !made)
    child_fail(error_fd, made.error().message);
}

// The forked process: waits until it is in the container's cgroups, enters the cgroup
// namespace rooted there, then the container's confinement and execve.
[[noreturn]] void exec_child(const Spec& spec, const ExecProcess& exec, const JoinFds& fds,
                             int sync_fd, int error_fd) {
  char go = 0;
  if (::read(sync_fd, &go, 1) != 1)
    ::_exit(125);
  if (::setns(fds.cgroup_ns.get(), CLONE_NEWCGROUP) != 0)
    child_fail(error_fd, errno_text("setns cgroup"));
  if (exec.tty)
    attach_tty(exec, error_fd);
  exec_in_container(spec, error_fd);
}

// The helper's side after the fork: cgroups, release, start report, then the exit code.
int supervise(pid_t pid, const JoinFds& fds, int sync_fd, int error_fd) {
  if (auto e = join_cgroups(fds, pid); !e.empty()) {
    ::kill(pid, SIGKILL);
    wait_code(pid);
    return fail_start(125, e);
  }
  char go = 1;
  (void)!::write(sync_fd, &go, 1);
  ::close(sync_fd);
  std::string failure = read_to_end(error_fd);
  if (!failure.empty())
    return fail_start(wait_code(pid), failure);
  report("ok " + std::to_string(pid));
  int code = wait_code(pid);
  report("exit " + std::to_string(code));
  return code;
}

} // namespace

int run_exec_helper(const std::string& state_dir, int init_pid, const ExecProcess& exec) {
  restore_nofile_limit();
  auto text = read_file(state_dir + "/spec.json");
  auto parsed = text ? json::parse(*text, nullptr, false) : json();
  if (parsed.is_discarded() || !parsed.is_object())
    return fail_start(125, "cannot read " + state_dir + "/spec.json");
  Spec container = parsed.get<Spec>();
  Spec spec = exec_spec(container, exec);
  auto fds = open_join_fds(init_pid, container);
  if (!fds)
    return fail_start(125, fds.error().message);
  int sync[2], errpipe[2];
  if (::pipe2(sync, O_CLOEXEC) != 0 || ::pipe2(errpipe, O_CLOEXEC) != 0)
    return fail_start(125, errno_text("pipe"));
  if (auto e = join_namespaces(*fds); !e.empty())
    return fail_start(125, e);
  pid_t pid = ::fork();
  if (pid < 0)
    return fail_start(125, errno_text("fork"));
  if (pid == 0) {
    ::close(sync[1]);
    ::close(errpipe[0]);
    exec_child(spec, exec, *fds, sync[0], errpipe[1]);
  }
  ::close(sync[0]);
  ::close(errpipe[1]);
  return supervise(pid, *fds, sync[1], errpipe[0]);
}

} // namespace mydocker::runtime
