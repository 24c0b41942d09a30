#include "engine/container_root.hpp"

#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>

#include "common/fd.hpp"
#include "engine/runtime/mount_apply.hpp"
#include "engine/runtime/syscalls.hpp"

namespace mydocker::engine {

namespace {

constexpr size_t MAX_PAYLOAD = 1 << 20;

Result<std::string> in_running(const ContainerRoot& r, const RootWork& work) {
  std::string path = "/proc/" + std::to_string(r.pid) + "/root";
  Fd root(::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root || (r.same_process && !r.same_process()))
    return make_error(Errc::Conflict, "the container stopped during the copy: try again");
  return work(root.get());
}

// Closes every inherited fd but `keep` (other requests' pipes must not wait for this child).
void close_others(std::vector<int> keep) {
  std::sort(keep.begin(), keep.end());
  unsigned int from = 3;
  for (int fd : keep) {
    if (fd < static_cast<int>(from))
      continue;
    if (static_cast<unsigned int>(fd) > from)
      ::syscall(SYS_close_range, from, static_cast<unsigned int>(fd) - 1, 0);
    from = static_cast<unsigned int>(fd) + 1;
  }
  ::syscall(SYS_close_range, from, ~0u, 0);
}

// The child's report: "0" + payload, or the Errc digit, the errno and the message.
void report(int fd, const Result<std::string>& result) {
  std::string text = result ? "0" + *result
                            : std::to_string(static_cast<int>(result.error().code) + 1) + " " +
                                  std::to_string(result.error().sys_errno) + " " +
                                  result.error().message;
  for (size_t done = 0; done < text.size();) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0)
      return;
    done += static_cast<size_t>(n);
  }
}

Result<std::string> child_work(const ContainerRoot& root, const RootWork& work) {
  if (::unshare(CLONE_NEWNS) != 0)
    return sys_error("unshare mount namespace");
  auto sys = runtime::make_linux_syscalls();
  if (std::string failed = runtime::apply_mounts(root.mount_plan, *sys); !failed.empty())
    return internal_error("mount the container's root: " + failed);
  Fd dir(::open(root.merged_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!dir)
    return sys_error("open the container's root");
  return work(dir.get());
}

Result<std::string> parse_report(const std::string& text) {
  if (text.empty())
    return internal_error("the copy process ended without an answer");
  if (text[0] == '0')
    return text.substr(1);
  size_t first = text.find(' ');
  size_t second = text.find(' ', first == std::string::npos ? 0 : first + 1);
  if (first == std::string::npos || second == std::string::npos)
    return internal_error("copy process: " + text);
  Error error{static_cast<Errc>(std::stoi(text.substr(0, first)) - 1),
              std::stoi(text.substr(first + 1, second - first - 1)), text.substr(second + 1)};
  return tl::unexpected(error);
}

Result<std::string> in_stopped(const ContainerRoot& root, const RootWork& work,
                               std::vector<int> keep) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return sys_error("pipe");
  Fd reader(fds[0]), writer(fds[1]);
  pid_t pid = ::fork();
  if (pid < 0)
    return sys_error("fork");
  if (pid == 0) {
    keep.push_back(writer.get());
    close_others(keep);
    report(writer.get(), child_work(root, work));
    ::_exit(0);
  }
  writer.reset();
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(reader.get(), buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0 && text.size() < MAX_PAYLOAD)
      text.append(buf, static_cast<size_t>(n));
  while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
  }
  return parse_report(text);
}

} // namespace

Result<std::string> with_container_root(const ContainerRoot& root, const RootWork& work,
                                        const std::vector<int>& keep_fds) {
  if (root.pid > 0)
    return in_running(root, work);
  return in_stopped(root, work, keep_fds);
}

} // namespace mydocker::engine
