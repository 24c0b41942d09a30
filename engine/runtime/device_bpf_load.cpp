// bpf(2) calls for the device program: load, attach to a cgroup2 directory.
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>

#include "engine/runtime/device_bpf.hpp"

namespace mydocker::runtime {

namespace {

long bpf(int command, bpf_attr& attr) {
  return ::syscall(SYS_bpf, command, &attr, sizeof attr);
}

long load(const std::vector<bpf_insn>& program, char* log, uint32_t log_size) {
  static const char license[] = "Apache-2.0"; // no GPL-only helpers are called
  bpf_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  attr.insns = reinterpret_cast<uintptr_t>(program.data());
  attr.insn_cnt = static_cast<uint32_t>(program.size());
  attr.license = reinterpret_cast<uintptr_t>(license);
  attr.log_buf = reinterpret_cast<uintptr_t>(log);
  attr.log_size = log_size;
  attr.log_level = log ? 1 : 0;
  return bpf(BPF_PROG_LOAD, attr);
}

} // namespace

Result<Fd> load_device_program(const std::vector<bpf_insn>& program) {
  long fd = load(program, nullptr, 0); // the kernel makes bpf fds close-on-exec
  if (fd >= 0)
    return Fd(static_cast<int>(fd));
  int err = errno;
  // Once more with the verifier's log, for an error that says what it rejected.
  std::vector<char> log(64 * 1024, '\0');
  fd = load(program, log.data(), static_cast<uint32_t>(log.size()));
  if (fd >= 0)
    return Fd(static_cast<int>(fd));
  std::string text(log.data());
  return sys_error("load device cgroup program" + (text.empty() ? "" : " (" + text + ")"), err);
}

Result<void> attach_device_program(const std::string& cgroup_dir, int program_fd) {
  Fd dir(::open(cgroup_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir)
    return sys_error("open cgroup " + cgroup_dir);
  bpf_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.target_fd = static_cast<uint32_t>(dir.get());
  attr.attach_bpf_fd = static_cast<uint32_t>(program_fd);
  attr.attach_type = BPF_CGROUP_DEVICE;
  attr.attach_flags = BPF_F_ALLOW_MULTI;
  if (bpf(BPF_PROG_ATTACH, attr) != 0)
    return sys_error("attach device cgroup program to " + cgroup_dir);
  return {};
}

} // namespace mydocker::runtime
