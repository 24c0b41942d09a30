#include "engine/runtime/container_init.hpp"

#include <fcntl.h>
#include <grp.h>
#include <net/if.h>
#include <sched.h>
#include <sys/capability.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "engine/runtime/device_nodes.hpp"
#include "engine/runtime/inherited_fds.hpp"
#include "engine/runtime/pty.hpp"
#include "engine/runtime/rlimits.hpp"
#include "engine/runtime/rootfs_setup.hpp"
#include "engine/runtime/seccomp.hpp"
#include "engine/runtime/sysctls.hpp"
#include "engine/runtime/tiny_init.hpp"
#include "engine/runtime/user_lookup.hpp"

namespace mydocker::runtime {

namespace {

[[noreturn]] void fail(const InitFds& fds, const std::string& message, int code) {
  ssize_t ignored = ::write(fds.error_fd, message.data(), message.size());
  (void)ignored;
  ::_exit(code);
}

std::string bring_loopback_up() {
  int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0)
    return std::string("socket: ") + std::strerror(errno);
  ifreq req{};
  std::strncpy(req.ifr_name, "lo", IFNAMSIZ - 1);
  bool ok = ::ioctl(s, SIOCGIFFLAGS, &req) == 0;
  req.ifr_flags |= IFF_UP;
  ok = ok && ::ioctl(s, SIOCSIFFLAGS, &req) == 0;
  std::string err = ok ? "" : std::string("bring lo up: ") + std::strerror(errno);
  ::close(s);
  return err;
}

// Bounding set first (needs CAP_SETPCAP), then identity, then the process sets.
std::string apply_capabilities(const Spec& spec, uint32_t uid, bool before_identity) {
  std::vector<cap_value_t> keep;
  for (const auto& name : spec.process.capabilities) {
    if (name == "ALL") { // --cap-add ALL: every capability we hold ourselves (our bounding set)
      for (cap_value_t c = 0; c <= CAP_LAST_CAP; ++c)
        if (::prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 1)
          keep.push_back(c);
      continue;
    }
    cap_value_t value;
    std::string lower = name;
    for (auto& c : lower)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (cap_from_name(lower.c_str(), &value) == 0)
      keep.push_back(value);
  }
  if (spec.privileged)
    return "";
  if (before_identity) {
    for (cap_value_t c = 0; c <= CAP_LAST_CAP; ++c)
      if (std::find(keep.begin(), keep.end(), c) == keep.end() &&
          ::prctl(PR_CAPBSET_DROP, c, 0, 0, 0) != 0 && errno != EINVAL)
        return std::string("drop capability: ") + std::strerror(errno);
    return "";
  }
  cap_t caps = cap_init();
  for (cap_flag_t flag : {CAP_EFFECTIVE, CAP_PERMITTED, CAP_INHERITABLE})
    cap_set_flag(caps, flag, static_cast<int>(keep.size()), keep.data(), CAP_SET);
  int rc = uid == 0 ? cap_set_proc(caps) : 0;
  cap_free(caps);
  return rc == 0 ? "" : std::string("set capabilities: ") + std::strerror(errno);
}

std::string set_identity(const ProcessSpec& p) {
  std::vector<gid_t> groups(p.additional_gids.begin(), p.additional_gids.end());
  if (::setgroups(groups.size(), groups.data()) != 0)
    return std::string("setgroups: ") + std::strerror(errno);
  if (::setgid(p.gid) != 0)
    return std::string("setgid: ") + std::strerror(errno);
  if (::setuid(p.uid) != 0)
    return std::string("setuid: ") + std::strerror(errno);
  return "";
}

// User and groups from the container's own passwd and group files (after pivot_root:
// nothing here can name a host file; a FIFO or device there counts as missing).
std::string resolve_identity(ProcessSpec& p) {
  if (p.user.empty() && p.group_add.empty() && (p.uid != 0 || p.gid != 0))
    return "";
  auto who = resolve_user(p.user, p.group_add, read_regular_file("/etc/passwd"),
                          read_regular_file("/etc/group"));
  if (!who)
    return who.error().message;
  p.uid = who->uid;
  p.gid = who->gid;
  p.additional_gids.insert(p.additional_gids.end(), who->additional_gids.begin(),
                           who->additional_gids.end());
  return "";
}

// runc writes it the same way; lowering it needs CAP_SYS_RESOURCE, which this host may lack.
std::string write_oom_score_adj(int value) {
  int fd = ::open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
  std::string text = std::to_string(value);
  bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == ssize_t(text.size());
  int err = errno;
  if (fd >= 0)
    ::close(fd);
  if (ok)
    return "";
  return "write oom_score_adj " + text + ": " + std::strerror(err) +
         (value < 0 && (err == EACCES || err == EPERM)
              ? " (a negative value needs CAP_SYS_RESOURCE)"
              : "");
}

std::string env_value(const std::vector<std::string>& env, const std::string& key) {
  for (const auto& e : env)
    if (e.rfind(key + "=", 0) == 0)
      return e.substr(key.size() + 1);
  return "";
}

// Go's errno texts are strerror's in lower case ("permission denied"): the docker CLI picks
// its exit code 126/127 by looking for them in the message.
std::string go_error_text(int err) {
  std::string text = std::strerror(err);
  if (!text.empty())
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

// execvp's search with Docker's error texts and exit codes.
[[noreturn]] void exec_process(const ProcessSpec& p, const InitFds& fds) {
  std::vector<char*> argv, envp;
  for (const auto& a : p.args)
    argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : p.env)
    envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);
  const std::string& name = p.args[0];
  std::string path = name;
  if (name.find('/') == std::string::npos) {
    std::string search = env_value(p.env, "PATH");
    if (search.empty())
      search = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    path.clear();
    for (size_t pos = 0; pos <= search.size();) {
      size_t colon = search.find(':', pos);
      std::string candidate = search.substr(pos, colon - pos) + "/" + name;
      struct stat st {};
      if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
          ::access(candidate.c_str(), X_OK) == 0) {
        path = candidate;
        break;
      }
      if (colon == std::string::npos)
        break;
      pos = colon + 1;
    }
    if (path.empty())
      fail(fds, "exec: \"" + name + "\": executable file not found in $PATH", EXIT_NOT_FOUND);
  }
  // Again for anything opened since (all with O_CLOEXEC today); a seccomp profile may deny
  // close_range by now, and the early marking in container_init already did the work.
  (void)::close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) // runc's words for a path that is not there
    fail(fds, "exec: \"" + name + "\": stat " + path + ": " + go_error_text(errno),
         errno == ENOENT || errno == ENOTDIR ? EXIT_NOT_FOUND : EXIT_CANNOT_INVOKE);
  ::execve(path.c_str(), argv.data(), envp.data());
  int err = errno;
  int code = err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_INVOKE;
  fail(fds, "exec: \"" + name + "\": " + go_error_text(err), code);
}

// Pipes from the shim; with a tty /dev/null until the terminal exists (set_up_terminal).
std::string set_up_stdio(const Spec& spec, const InitFds& fds) {
  int null_fd = ::open("/dev/null", O_RDWR | O_CLOEXEC);
  bool tty = spec.process.tty;
  int in = !tty && fds.stdin_fd >= 0 ? fds.stdin_fd : null_fd;
  if (null_fd < 0 || ::dup2(in, 0) < 0 || ::dup2(tty ? null_fd : fds.stdout_fd, 1) < 0 ||
      ::dup2(tty ? null_fd : fds.stderr_fd, 2) < 0)
    return std::string("set up stdio: ") + std::strerror(errno);
  return "";
}

// A terminal from the container's own devpts instance (mounted by setup_rootfs) becomes the
// controlling terminal and stdio; the master goes to the shim, which relays it.
std::string set_up_terminal(const Spec& spec, uint32_t uid, const InitFds& fds) {
  auto pty = open_pty("/dev/ptmx");
  if (!pty)
    return "open pty: " + pty.error().message;
  (void)set_window_size(pty->slave.get(), {static_cast<uint16_t>(spec.process.console_height),
                                           static_cast<uint16_t>(spec.process.console_width)});
  if (::fchown(pty->slave.get(), uid, static_cast<gid_t>(-1)) != 0)
    return std::string("chown pty: ") + std::strerror(errno);
  if (auto made = make_controlling_terminal(pty->slave.get()); !made)
    return made.error().message;
  if (auto sent = send_fd(fds.sync_fd, pty->master.get()); !sent)
    return sent.error().message;
  return "";
}

} // namespace

void container_init(const Spec& spec, const InitFds& fds) {
  char go = 0;
  if (::read(fds.sync_fd, &go, 1) != 1)
    ::_exit(125); // the shim went away before releasing us
  if (auto e = set_up_stdio(spec, fds); !e.empty())
    fail(fds, e, 125);
  // Nothing of the daemon's or the shim's reaches the program: only 0-2 survive the exec (the
  // error pipe stays usable until then). Before seccomp, which may deny close_range.
  if (int e = cloexec_fds_from(3); e != 0)
    fail(fds, std::string("close inherited descriptors: ") + std::strerror(e), 125);
  ::setsid();
  // A private cgroup namespace rooted at the cgroups the shim just put us in: the cgroup
  // mounts of the root then show the container's own cgroup only.
  // --cgroupns host keeps the host's (joined by the shim); mount_plan_cgroup binds then.
  if (!spec.join_namespaces.count("cgroup") && ::unshare(CLONE_NEWCGROUP) != 0)
    fail(fds, std::string("unshare cgroup namespace: ") + std::strerror(errno), 125);
  if (auto e = write_sysctls(spec.sysctls); !e.empty()) // while /proc/sys is writable
    fail(fds, e, 125);
  if (auto e = setup_rootfs(spec); !e.empty())
    fail(fds, e, 125);
  if (auto e = make_device_nodes(spec.device_nodes); !e.empty()) // --device, inside the root
    fail(fds, e, 125);
  bool own_uts = !spec.join_namespaces.count("uts"); // --uts host keeps the host's name
  if (own_uts && !spec.hostname.empty() &&
      ::sethostname(spec.hostname.c_str(), spec.hostname.size()) != 0)
    fail(fds, std::string("sethostname: ") + std::strerror(errno), 125);
  if (own_uts && !spec.domainname.empty() &&
      ::setdomainname(spec.domainname.c_str(), spec.domainname.size()) != 0)
    fail(fds, std::string("setdomainname: ") + std::strerror(errno), 125);
  if (auto e = bring_loopback_up(); !e.empty())
    fail(fds, e, 125);
  if (auto e = apply_rlimits(spec.process.rlimits); !e.empty())
    fail(fds, e, 125);
  if (spec.oom_score_adj != 0)
    if (auto e = write_oom_score_adj(spec.oom_score_adj); !e.empty())
      fail(fds, e, 125);
  ProcessSpec process = spec.process;
  if (auto e = resolve_identity(process); !e.empty())
    fail(fds, e, 125);
  if (spec.process.tty)
    if (auto e = set_up_terminal(spec, process.uid, fds); !e.empty())
      fail(fds, e, 125);
  if (auto e = apply_capabilities(spec, process.uid, true); !e.empty())
    fail(fds, e, 125);
  // runc's order: without no_new_privs installing a filter needs CAP_SYS_ADMIN, so it goes in
  // before the identity and capability switch; with it, as late as possible (below).
  if (!spec.process.no_new_privileges)
    if (auto e = install_seccomp_filter(spec.seccomp_bpf); !e.empty())
      fail(fds, e, 125);
  if (auto e = set_identity(process); !e.empty())
    fail(fds, e, 125);
  if (auto e = apply_capabilities(spec, process.uid, false); !e.empty())
    fail(fds, e, 125);
  if (spec.process.no_new_privileges && ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    fail(fds, std::string("no_new_privs: ") + std::strerror(errno), 125);
  if (spec.process.no_new_privileges)
    if (auto e = install_seccomp_filter(spec.seccomp_bpf); !e.empty())
      fail(fds, e, 125);
  if (::chdir(spec.process.cwd.c_str()) != 0)
    fail(fds,
         "chdir to cwd (\"" + spec.process.cwd +
             "\") set in config.json failed: " + std::strerror(errno),
         125);
  if (spec.init)
    if (auto e = start_tiny_init(fds); !e.empty())
      fail(fds, e, 125);
  exec_process(spec.process, fds);
}

// The confinement steps of container_init, in the same order, for an exec'd process.
void exec_in_container(const Spec& spec, int error_fd) {
  InitFds fds;
  fds.error_fd = error_fd;
  if (int e = cloexec_fds_from(3); e != 0)
    fail(fds, std::string("close inherited descriptors: ") + std::strerror(e), 125);
  ::setsid();
  if (auto e = apply_rlimits(spec.process.rlimits); !e.empty())
    fail(fds, e, 125);
  if (spec.oom_score_adj != 0)
    if (auto e = write_oom_score_adj(spec.oom_score_adj); !e.empty())
      fail(fds, e, 125);
  ProcessSpec process = spec.process;
  if (auto e = resolve_identity(process); !e.empty())
    fail(fds, e, 126);
  if (auto e = apply_capabilities(spec, process.uid, true); !e.empty())
    fail(fds, e, 125);
  if (!spec.process.no_new_privileges)
    if (auto e = install_seccomp_filter(spec.seccomp_bpf); !e.empty())
      fail(fds, e, 125);
  if (auto e = set_identity(process); !e.empty())
    fail(fds, e, 125);
  if (auto e = apply_capabilities(spec, process.uid, false); !e.empty())
    fail(fds, e, 125);
  if (spec.process.no_new_privileges && ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    fail(fds, std::string("no_new_privs: ") + std::strerror(errno), 125);
  if (spec.process.no_new_privileges)
    if (auto e = install_seccomp_filter(spec.seccomp_bpf); !e.empty())
      fail(fds, e, 125);
  if (::chdir(spec.process.cwd.c_str()) != 0)
    fail(fds,
         "chdir to cwd (\"" + spec.process.cwd +
             "\") set in config.json failed: " + std::strerror(errno),
         126);
  exec_process(spec.process, fds);
}

} // namespace mydocker::runtime
