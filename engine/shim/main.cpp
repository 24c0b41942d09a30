// mydocker-shim <state-dir>: the parent of one container. Clones it into new namespaces,
// reports "ok <pid>" or "err <message>" on fd 3 to whoever started it, then keeps its
// stdio (pipes, or with a tty the pty master its init sends over the sync socket): the
// json-file log and the attach socket (shim/io_relay), and records the exit status in
// exit.json. Single-threaded, no Asio; it outlives the daemon (design.md §4).
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/atomic_file.hpp"
#include "common/nofile_limit.hpp"
#include "common/time_format.hpp"
#include "engine/runtime/cgroup_kill.hpp"
#include "engine/runtime/container_init.hpp"
#include "engine/runtime/exec_join.hpp"
#include "engine/runtime/inherited_fds.hpp"
#include "engine/runtime/namespace_join.hpp"
#include "engine/runtime/pty.hpp"
#include "engine/runtime/shim_socket.hpp"
#include "engine/runtime/shm_donor.hpp"
#include "engine/shim/io_relay.hpp"
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

// mydocker-shim exec STATE_DIR INIT_PID EXEC_JSON: stdio are the process's, fd 3 the report.
int exec_helper_main(const std::string& dir, const char* pid, const char* exec_json) {
  close_fds_from(EXEC_REPORT_FD + 1);
  auto parsed = nlohmann::json::parse(exec_json, nullptr, false);
  if (!parsed.is_object())
    return 2;
  return run_exec_helper(dir, std::atoi(pid), parsed.get<ExecProcess>());
}

// The pipes (or, with a tty, the pty the child opens) between the container and the relay.
struct Stdio {
  Fd out_read, out_write, err_read, err_write, in_read, in_write;
};

Result<Stdio> make_stdio(const ProcessSpec& process) {
  Stdio s;
  int p[2];
  auto pipe_into = [&](Fd& read_end, Fd& write_end) -> Result<void> {
    if (::pipe2(p, O_CLOEXEC) != 0)
      return sys_error("pipe");
    read_end.reset(p[0]);
    write_end.reset(p[1]);
    return {};
  };
  if (process.tty) // the child's pty serves all three
    return s;
  TRY_VOID(pipe_into(s.out_read, s.out_write));
  TRY_VOID(pipe_into(s.err_read, s.err_write));
  if (process.open_stdin)
    TRY_VOID(pipe_into(s.in_read, s.in_write));
  return s;
}

// With a tty the child sends the pty master before it execs; nothing arrives (the socket
// closes) when it failed earlier, and the error pipe then says why.
Fd receive_terminal(const Spec& spec, int sync_fd) {
  if (!spec.process.tty)
    return Fd();
  auto master = receive_fd(sync_fd);
  return master ? std::move(*master) : Fd();
}

shim::RelayFds relay_fds(const Spec& spec, Stdio& stdio, Fd terminal, Fd listener) {
  shim::RelayFds fds;
  fds.tty = spec.process.tty;
  fds.attachers = spec.process.attachers;
  fds.listen_fd = std::move(listener);
  if (fds.tty) {
    if (spec.process.open_stdin)
      fds.stdin_fd.reset(::fcntl(terminal.get(), F_DUPFD_CLOEXEC, 3));
    fds.stdout_fd = std::move(terminal);
    return fds;
  }
  fds.stdout_fd = std::move(stdio.out_read);
  fds.stderr_fd = std::move(stdio.err_read);
  fds.stdin_fd = std::move(stdio.in_write);
  return fds;
}

void relay(const Spec& spec, shim::RelayFds fds) {
  shim::JsonLog log(spec.log_path,
                    shim::Rotation{spec.log.max_size, spec.log.max_file, spec.log.compress},
                    spec.log.attrs);
  shim::IoRelay(std::move(fds), log).run();
}

// Into its cgroups before it runs a single instruction of the user's program.
bool join_cgroups(const Spec& spec, pid_t pid, const std::string& dir) {
  for (const auto& procs : spec.cgroup_procs) {
    int fd = ::open(procs.c_str(), O_WRONLY | O_CLOEXEC);
    std::string text = std::to_string(pid);
    if (fd < 0 || ::write(fd, text.data(), text.size()) < 0) {
      std::string why = procs + ": " + std::strerror(errno);
      ::kill(pid, SIGKILL);
      write_exit(dir, wait_exit_code(pid), "join cgroup " + why);
      report("err 125 failed to join cgroup " + why);
      return false;
    }
    ::close(fd);
  }
  return true;
}

// --pid host|container:X: the kernel does not end the init's children with it; processes it
// left (holding the output open) are killed once it exits, as runc does.
bool shares_pid_namespace(const Spec& spec) {
  return spec.join_namespaces.count("pid") > 0;
}

void kill_leftovers_on_init_exit(const Spec& spec, pid_t pid, shim::RelayFds& fds) {
  fds.process_pid = pid; // a stalled attacher does not outlive the container (io_relay)
  if (shares_pid_namespace(spec))
    fds.on_init_exit = [&spec] { kill_cgroup_processes(spec.cgroup_procs); };
}

void relay_until_exit(const std::string& dir, const Spec& spec, pid_t pid, shim::RelayFds fds) {
  kill_leftovers_on_init_exit(spec, pid, fds);
  relay(spec, std::move(fds));
  int code = wait_exit_code(pid);
  if (shares_pid_namespace(spec)) // also those that closed their output
    kill_cgroup_processes(spec.cgroup_procs);
  write_exit(dir, code, "");
}

std::optional<Spec> read_spec(const std::string& dir) {
  auto text = read_file(dir + "/spec.json");
  auto parsed = text ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
  if (parsed.is_discarded() || !parsed.is_object())
    return std::nullopt;
  return parsed.get<Spec>();
}

std::string donor_shm_staging(const std::string& dir) {
  return dir + "/shm-donor";
}

// --ipc container:X: X's /dev/shm staged for the clone to copy, bound at /dev/shm.
std::string stage_shm(const std::string& dir, Spec& spec) {
  if (spec.shm_donor_mnt_ns.empty())
    return "";
  if (auto error = stage_donor_shm(spec.shm_donor_mnt_ns, donor_shm_staging(dir)); !error.empty())
    return error;
  spec.mounts.insert(spec.mounts.begin(),
                     MountEntry{"bind", donor_shm_staging(dir), "/dev/shm", {"rbind"}});
  return "";
}

// Once the init has bound it (its setup ends at exec) or failed. Not right after the clone:
// with shared propagation the unmount, and the rmdir always, would reach its copy.
void unstage_shm(const std::string& dir, const Spec& spec) {
  if (!spec.shm_donor_mnt_ns.empty())
    unstage_donor_shm(donor_shm_staging(dir));
}

pid_t clone_container(const std::string& dir, Child& child) {
  static char stack[512 * 1024];
  pid_t pid = ::clone(child_main, stack + sizeof stack,
                      clone_flags_without(child.spec->join_namespaces) | SIGCHLD, &child);
  if (pid < 0)
    unstage_shm(dir, *child.spec);
  return pid;
}

// The shim keeps only its ends of the pipes.
void close_child_ends(int sync_child, int err_child, Stdio& stdio) {
  ::close(sync_child);
  ::close(err_child);
  stdio.out_write.reset(), stdio.err_write.reset(), stdio.in_read.reset();
}

int run_container(const std::string& dir, const Spec& spec, Stdio& stdio, Fd listener) {
  int sync[2], errpipe[2];
  if (::pipe2(errpipe, O_CLOEXEC) ||
      ::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sync)) {
    report(std::string("err shim: ") + std::strerror(errno));
    return 1;
  }
  Child child{&spec, InitFds{sync[1], errpipe[1], stdio.out_write.get(), stdio.err_write.get(),
                             stdio.in_read.get()}};
  pid_t pid = clone_container(dir, child);
  if (pid < 0) {
    report(std::string("err clone: ") + std::strerror(errno));
    return 1;
  }
  close_child_ends(sync[1], errpipe[1], stdio);
  (void)write_file_replace(dir + "/pid", std::to_string(pid));
  if (!join_cgroups(spec, pid, dir))
    return unstage_shm(dir, spec), 0;
  char go = 1;
  ssize_t sent = ::write(sync[0], &go, 1);
  (void)sent;
  Fd terminal = receive_terminal(spec, sync[0]);
  std::string failure = read_all(errpipe[0]);
  unstage_shm(dir, spec);
  if (!failure.empty()) {
    int code = wait_exit_code(pid);
    write_exit(dir, code, failure);
    report("err " + std::to_string(code) + " " + failure);
    return 0;
  }
  report("ok " + std::to_string(pid));
  relay_until_exit(dir, spec, pid,
                   relay_fds(spec, stdio, std::move(terminal), std::move(listener)));
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  if (argc == 5 && std::string(argv[1]) == "exec") // docker exec (engine/runtime/exec_join.hpp)
    return exec_helper_main(argv[2], argv[3], argv[4]);
  if (argc != 2) {
    std::fprintf(stderr, "usage: mydocker-shim STATE_DIR\n");
    return 2;
  }
  ::signal(SIGPIPE, SIG_IGN);
  close_fds_from(READY_FD + 1); // stdio and the report pipe are all it should inherit
  restore_nofile_limit();       // the container gets the limit the daemon started with
  std::string dir = argv[1];
  auto spec = read_spec(dir);
  if (!spec) {
    report("err cannot read " + dir + "/spec.json");
    return 1;
  }
  auto stdio = make_stdio(spec->process);
  auto listener = listen_shim_socket(dir);
  if (!stdio || !listener) {
    report("err shim: " + (stdio ? listener.error() : stdio.error()).message);
    return 1;
  }
  // --pid/--ipc/--uts host or container:X: joined here, inherited by the clone below.
  if (auto joined = join_namespaces(spec->join_namespaces); !joined.empty()) {
    report("err 125 " + joined);
    return 1;
  }
  if (auto staged = stage_shm(dir, *spec); !staged.empty()) {
    unstage_donor_shm(donor_shm_staging(dir));
    report("err 125 " + staged);
    return 1;
  }
  return run_container(dir, *spec, *stdio, std::move(*listener));
}
