// mydocker-shim <state-dir>: the parent of one container. Clones it into new namespaces,
// reports "ok <pid>" or "err <message>" on fd 3 to whoever started it, then keeps its
// stdio (json-file log) and records the exit status in exit.json. Single-threaded, no
// Asio; it outlives the daemon (design.md §4).
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

#include "common/atomic_file.hpp"
#include "common/nofile_limit.hpp"
#include "common/time_format.hpp"
#include "engine/runtime/container_init.hpp"
#include "engine/runtime/inherited_fds.hpp"
#include "engine/runtime/namespace_join.hpp"
#include "engine/shim/json_log.hpp"

using namespace mydocker;
using namespace mydocker::runtime;

namespace {

constexpr int READY_FD = 3;

struct Child {
  const Spec* spec;
  InitFds fds;
};

int child_main(void* arg) {
  auto* c = static_cast<Child*>(arg);
  container_init(*c->spec, c->fds);
}

void report(const std::string& line) {
  std::string text = line + "\n";
  ssize_t ignored = ::write(READY_FD, text.data(), text.size());
  (void)ignored;
  ::close(READY_FD);
}

void write_exit(const std::string& dir, int code, const std::string& error) {
  nlohmann::json exit = {{"exit_code", code}, {"finished_at", now_unix_nanos()}, {"error", error}};
  (void)write_file_replace(dir + "/exit.json", exit.dump());
}

int wait_exit_code(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

// Copies both output pipes into the log until the container's side closes them.
void pump_output(int out_fd, int err_fd, const Spec& spec) {
  shim::JsonLog log(spec.log_path,
                    shim::Rotation{spec.log.max_size, spec.log.max_file, spec.log.compress},
                    spec.log.attrs);
  std::string pending[2];
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  const char* names[2] = {"stdout", "stderr"};
  char buf[32768];
  int open_count = 2;
  while (open_count > 0) {
    if (::poll(fds, 2, -1) < 0 && errno == EINTR)
      continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n > 0) {
        log.feed(names[i], pending[i], std::string_view(buf, static_cast<size_t>(n)));
      } else if (n == 0 || errno != EINTR) {
        log.flush(names[i], pending[i]);
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
}

std::string read_all(int fd) {
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

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: mydocker-shim STATE_DIR\n");
    return 2;
  }
  ::signal(SIGPIPE, SIG_IGN);
  close_fds_from(READY_FD + 1); // stdio and the report pipe are all it should inherit
  restore_nofile_limit();       // the container gets the limit the daemon started with
  std::string dir = argv[1];
  auto text = read_file(dir + "/spec.json");
  auto parsed = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
  if (parsed.is_discarded() || !parsed.is_object()) {
    report("err cannot read " + dir + "/spec.json");
    return 1;
  }
  Spec spec = parsed.get<Spec>();
  int out[2], err[2], sync[2], errpipe[2];
  if (::pipe2(out, O_CLOEXEC) || ::pipe2(err, O_CLOEXEC) || ::pipe2(errpipe, O_CLOEXEC) ||
      ::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sync)) {
    report(std::string("err shim: ") + std::strerror(errno));
    return 1;
  }
  // --pid/--ipc/--uts host or container:X: joined here, inherited by the clone below.
  if (auto joined = join_namespaces(spec.join_namespaces); !joined.empty()) {
    report("err 125 " + joined);
    return 1;
  }
  static char stack[512 * 1024];
  Child child{&spec, InitFds{sync[1], errpipe[1], out[1], err[1]}};
  pid_t pid = ::clone(child_main, stack + sizeof stack,
                      clone_flags_without(spec.join_namespaces) | SIGCHLD, &child);
  if (pid < 0) {
    report(std::string("err clone: ") + std::strerror(errno));
    return 1;
  }
  for (int fd : {out[1], err[1], sync[1], errpipe[1]})
    ::close(fd);
  (void)write_file_replace(dir + "/pid", std::to_string(pid));
  // Into its cgroups before it runs a single instruction of the user's program.
  for (const auto& procs : spec.cgroup_procs) {
    int fd = ::open(procs.c_str(), O_WRONLY | O_CLOEXEC);
    std::string text = std::to_string(pid);
    if (fd < 0 || ::write(fd, text.data(), text.size()) < 0) {
      std::string why = procs + ": " + std::strerror(errno);
      ::kill(pid, SIGKILL);
      write_exit(dir, wait_exit_code(pid), "join cgroup " + why);
      report("err 125 failed to join cgroup " + why);
      return 0;
    }
    ::close(fd);
  }
  char go = 1;
  ssize_t sent = ::write(sync[0], &go, 1);
  (void)sent;
  std::string failure = read_all(errpipe[0]);
  if (!failure.empty()) {
    int code = wait_exit_code(pid);
    write_exit(dir, code, failure);
    report("err " + std::to_string(code) + " " + failure);
    return 0;
  }
  report("ok " + std::to_string(pid));
  pump_output(out[0], err[0], spec);
  write_exit(dir, wait_exit_code(pid), "");
  return 0;
}
