// Docker's default seccomp profile (moby profiles/seccomp), as a table: deny with EPERM,
// allow the everyday syscalls, open the privileged groups only to containers holding the
// capability, and filter the arguments of clone, clone3, personality and socket.
#include <sys/personality.h>
#include <sys/socket.h>

#include <cerrno>

#include "engine/runtime/seccomp_profile.hpp"

namespace mydocker::runtime {

namespace {

// Allowed to every container on every architecture (names unknown to the running
// architecture or to libseccomp are skipped when the filter is compiled).
// clang-format off
const char* const ALWAYS_ALLOWED[] = {
    "accept", "accept4", "access", "adjtimex", "alarm", "bind", "brk", "cachestat", "capget",
    "capset", "chdir", "chmod", "chown", "chown32", "clock_adjtime", "clock_adjtime64",
    "clock_getres", "clock_getres_time64", "clock_gettime", "clock_gettime64", "clock_nanosleep",
    "clock_nanosleep_time64", "close", "close_range", "connect", "copy_file_range", "creat", "dup",
    "dup2", "dup3", "epoll_create", "epoll_create1", "epoll_ctl", "epoll_ctl_old", "epoll_pwait",
    "epoll_pwait2", "epoll_wait", "epoll_wait_old", "eventfd", "eventfd2", "execve", "execveat",
    "exit", "exit_group", "faccessat", "faccessat2", "fadvise64", "fadvise64_64", "fallocate",
    "fanotify_mark", "fchdir", "fchmod", "fchmodat", "fchmodat2", "fchown", "fchown32", "fchownat",
    "fcntl", "fcntl64", "fdatasync", "fgetxattr", "flistxattr", "flock", "fork", "fremovexattr",
    "fsetxattr", "fstat", "fstat64", "fstatat64", "fstatfs", "fstatfs64", "fsync", "ftruncate",
    "ftruncate64", "futex", "futex_requeue", "futex_time64", "futex_wait", "futex_waitv",
    "futex_wake", "futimesat", "getcpu", "getcwd", "getdents", "getdents64", "getegid",
    "getegid32", "geteuid", "geteuid32", "getgid", "getgid32", "getgroups", "getgroups32",
    "getitimer", "getpeername", "getpgid", "getpgrp", "getpid", "getppid", "getpriority",
    "getrandom", "getresgid", "getresgid32", "getresuid", "getresuid32", "getrlimit",
    "get_robust_list", "getrusage", "getsid", "getsockname", "getsockopt", "get_thread_area",
    "gettid", "gettimeofday", "getuid", "getuid32", "getxattr", "getxattrat", "inotify_add_watch",
    "inotify_init", "inotify_init1", "inotify_rm_watch", "io_cancel", "ioctl", "io_destroy",
    "io_getevents", "io_pgetevents", "io_pgetevents_time64", "ioprio_get", "ioprio_set",
    "io_setup", "io_submit", "ipc", "kill", "landlock_add_rule", "landlock_create_ruleset",
    "landlock_restrict_self", "lchown", "lchown32", "lgetxattr", "link", "linkat", "listen",
    "listmount", "listxattr", "listxattrat", "llistxattr", "_llseek", "lremovexattr", "lseek",
    "lsetxattr", "lstat", "lstat64", "madvise", "map_shadow_stack", "membarrier", "memfd_create",
    "memfd_secret", "mincore", "mkdir", "mkdirat", "mknod", "mknodat", "mlock", "mlock2",
    "mlockall", "mmap", "mmap2", "mprotect", "mq_getsetattr", "mq_notify", "mq_open",
    "mq_timedreceive", "mq_timedreceive_time64", "mq_timedsend", "mq_timedsend_time64",
    "mq_unlink", "mremap", "mseal", "msgctl", "msgget", "msgrcv", "msgsnd", "msync", "munlock",
    "munlockall", "munmap", "name_to_handle_at", "nanosleep", "newfstatat", "_newselect", "open",
    "openat", "openat2", "pause", "pidfd_open", "pidfd_send_signal", "pipe", "pipe2", "pkey_alloc",
    "pkey_free", "pkey_mprotect", "poll", "ppoll", "ppoll_time64", "prctl", "pread64", "preadv",
    "preadv2", "prlimit64", "process_mrelease", "pselect6", "pselect6_time64", "pwrite64",
    "pwritev", "pwritev2", "read", "readahead", "readlink", "readlinkat", "readv", "recv",
    "recvfrom", "recvmmsg", "recvmmsg_time64", "recvmsg", "remap_file_pages", "removexattr",
    "removexattrat", "rename", "renameat", "renameat2", "restart_syscall", "riscv_hwprobe",
    "rmdir", "rseq", "rt_sigaction", "rt_sigpending", "rt_sigprocmask", "rt_sigqueueinfo",
    "rt_sigreturn", "rt_sigsuspend", "rt_sigtimedwait", "rt_sigtimedwait_time64",
    "rt_tgsigqueueinfo", "sched_getaffinity", "sched_getattr", "sched_getparam",
    "sched_get_priority_max", "sched_get_priority_min", "sched_getscheduler",
    "sched_rr_get_interval", "sched_rr_get_interval_time64", "sched_setaffinity", "sched_setattr",
    "sched_setparam", "sched_setscheduler", "sched_yield", "seccomp", "select", "semctl", "semget",
    "semop", "semtimedop", "semtimedop_time64", "send", "sendfile", "sendfile64", "sendmmsg",
    "sendmsg", "sendto", "setfsgid", "setfsgid32", "setfsuid", "setfsuid32", "setgid", "setgid32",
    "setgroups", "setgroups32", "setitimer", "setpgid", "setpriority", "setregid", "setregid32",
    "setresgid", "setresgid32", "setresuid", "setresuid32", "setreuid", "setreuid32", "setrlimit",
    "set_robust_list", "setsid", "setsockopt", "set_thread_area", "set_tid_address", "setuid",
    "setuid32", "setxattr", "setxattrat", "shmat", "shmctl", "shmdt", "shmget", "shutdown",
    "sigaltstack", "signalfd", "signalfd4", "sigprocmask", "sigreturn", "socketcall", "socketpair",
    "splice", "stat", "stat64", "statfs", "statfs64", "statmount", "statx", "symlink", "symlinkat",
    "sync", "sync_file_range", "syncfs", "sysinfo", "tee", "tgkill", "time", "timer_create",
    "timer_delete", "timer_getoverrun", "timer_gettime", "timer_gettime64", "timer_settime",
    "timer_settime64", "timerfd_create", "timerfd_gettime", "timerfd_gettime64", "timerfd_settime",
    "timerfd_settime64", "times", "tkill", "truncate", "truncate64", "ugetrlimit", "umask",
    "uname", "unlink", "unlinkat", "uretprobe", "utime", "utimensat", "utimensat_time64", "utimes",
    "vfork", "vmsplice", "wait4", "waitid", "waitpid", "write", "writev",
};
// clang-format on

// The namespace flags clone may not create without CAP_SYS_ADMIN.
constexpr uint64_t CLONE_NAMESPACE_FLAGS =
    0x7e020000; // NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET

SeccompRule allow(std::vector<std::string> names, SeccompCondition includes = {},
                  SeccompCondition excludes = {}) {
  SeccompRule r;
  r.names = std::move(names);
  r.action = "SCMP_ACT_ALLOW";
  r.includes = std::move(includes);
  r.excludes = std::move(excludes);
  return r;
}

SeccompRule allow_arg(const char* name, unsigned index, uint64_t value, const char* op) {
  SeccompRule r = allow({name});
  r.args.push_back({index, value, 0, op});
  return r;
}

SeccompCondition with_cap(const char* cap) {
  return {{cap}, {}, std::nullopt};
}
SeccompCondition on_arches(std::vector<std::string> arches) {
  return {{}, std::move(arches), std::nullopt};
}

// socket: every family but AF_ALG (kernel crypto) and AF_VSOCK (reaches the hypervisor).
// personality: only Linux, 32-bit Linux, UNAME26 and the query.
void add_argument_filters(std::vector<SeccompRule>& rules) {
  rules.push_back(allow_arg("socket", 0, AF_ALG, "SCMP_CMP_LT"));
  rules.push_back(allow_arg("socket", 0, AF_NFC, "SCMP_CMP_EQ"));
  rules.push_back(allow_arg("socket", 0, AF_VSOCK, "SCMP_CMP_GT"));
  for (uint64_t persona : {uint64_t{PER_LINUX}, uint64_t{PER_LINUX32}, uint64_t{UNAME26},
                           uint64_t{PER_LINUX32} | uint64_t{UNAME26}, uint64_t{0xffffffff}})
    rules.push_back(allow_arg("personality", 0, persona, "SCMP_CMP_EQ"));
}

void add_arch_specific(std::vector<SeccompRule>& rules) {
  rules.push_back(allow({"sync_file_range2", "swapcontext"}, on_arches({"ppc64le"})));
  rules.push_back(allow({"arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2",
                         "breakpoint", "cacheflush", "set_tls"},
                        on_arches({"arm", "arm64"})));
  rules.push_back(allow({"arch_prctl"}, on_arches({"amd64", "x32"})));
  rules.push_back(allow({"modify_ldt"}, on_arches({"amd64", "x32", "x86"})));
  rules.push_back(allow({"s390_pci_mmio_read", "s390_pci_mmio_write", "s390_runtime_instr"},
                        on_arches({"s390", "s390x"})));
  rules.push_back(allow({"riscv_flush_icache"}, on_arches({"riscv64"})));
}

// Without CAP_SYS_ADMIN: clone only without namespace flags (the flags are the second
// argument on s390), and clone3 (flags in a struct seccomp cannot read) fails with ENOSYS
// so that libc falls back to clone.
void add_clone_rules(std::vector<SeccompRule>& rules) {
  SeccompRule clone = allow_arg("clone", 0, CLONE_NAMESPACE_FLAGS, "SCMP_CMP_MASKED_EQ");
  clone.excludes = {{"CAP_SYS_ADMIN"}, {"s390", "s390x"}, std::nullopt};
  rules.push_back(clone);
  SeccompRule clone_s390 = allow_arg("clone", 1, CLONE_NAMESPACE_FLAGS, "SCMP_CMP_MASKED_EQ");
  clone_s390.includes = on_arches({"s390", "s390x"});
  clone_s390.excludes = with_cap("CAP_SYS_ADMIN");
  rules.push_back(clone_s390);
  SeccompRule clone3 = allow({"clone3"}, {}, with_cap("CAP_SYS_ADMIN"));
  clone3.action = "SCMP_ACT_ERRNO";
  clone3.errno_ret = ENOSYS;
  rules.push_back(clone3);
}

void add_capability_groups(std::vector<SeccompRule>& rules) {
  rules.push_back(allow({"open_by_handle_at"}, with_cap("CAP_DAC_READ_SEARCH")));
  rules.push_back(allow({"bpf",
                         "clone",
                         "clone3",
                         "fanotify_init",
                         "fsconfig",
                         "fsmount",
                         "fsopen",
                         "fspick",
                         "lookup_dcookie",
                         "lsm_get_self_attr",
                         "lsm_list_modules",
                         "lsm_set_self_attr",
                         "mount",
                         "mount_setattr",
                         "move_mount",
                         "open_tree",
                         "perf_event_open",
                         "quotactl",
                         "quotactl_fd",
                         "setdomainname",
                         "sethostname",
                         "setns",
                         "syslog",
                         "umount",
                         "umount2",
                         "unshare"},
                        with_cap("CAP_SYS_ADMIN")));
  rules.push_back(allow({"reboot"}, with_cap("CAP_SYS_BOOT")));
  rules.push_back(allow({"chroot"}, with_cap("CAP_SYS_CHROOT")));
  rules.push_back(
      allow({"delete_module", "init_module", "finit_module"}, with_cap("CAP_SYS_MODULE")));
  rules.push_back(allow({"acct"}, with_cap("CAP_SYS_PACCT")));
  rules.push_back(allow(
      {"kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv", "process_vm_writev", "ptrace"},
      with_cap("CAP_SYS_PTRACE")));
  rules.push_back(allow({"iopl", "ioperm"}, with_cap("CAP_SYS_RAWIO")));
  rules.push_back(allow({"settimeofday", "stime", "clock_settime", "clock_settime64"},
                        with_cap("CAP_SYS_TIME")));
  rules.push_back(allow({"vhangup"}, with_cap("CAP_SYS_TTY_CONFIG")));
  rules.push_back(allow({"get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node"},
                        with_cap("CAP_SYS_NICE")));
  rules.push_back(allow({"syslog"}, with_cap("CAP_SYSLOG")));
  rules.push_back(allow({"bpf"}, with_cap("CAP_BPF")));
  rules.push_back(allow({"perf_event_open"}, with_cap("CAP_PERFMON")));
}

SeccompProfile build_default_profile() {
  SeccompProfile p;
  p.default_action = "SCMP_ACT_ERRNO";
  p.default_errno_ret = EPERM;
  p.arch_map = {{"SCMP_ARCH_X86_64", {"SCMP_ARCH_X86", "SCMP_ARCH_X32"}},
                {"SCMP_ARCH_AARCH64", {"SCMP_ARCH_ARM"}},
                {"SCMP_ARCH_MIPS64", {"SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64N32"}},
                {"SCMP_ARCH_MIPS64N32", {"SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64"}},
                {"SCMP_ARCH_MIPSEL64", {"SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64N32"}},
                {"SCMP_ARCH_MIPSEL64N32", {"SCMP_ARCH_MIPSEL", "SCMP_ARCH_MIPSEL64"}},
                {"SCMP_ARCH_S390X", {"SCMP_ARCH_S390"}},
                {"SCMP_ARCH_RISCV64", {}}};
  p.syscalls.push_back(allow({std::begin(ALWAYS_ALLOWED), std::end(ALWAYS_ALLOWED)}));
  // Before 4.8 ptrace could bypass seccomp, so it needs CAP_SYS_PTRACE there.
  p.syscalls.push_back(
      allow({"process_vm_readv", "process_vm_writev", "ptrace"}, {{}, {}, KernelVersion{4, 8}}));
  add_argument_filters(p.syscalls);
  add_arch_specific(p.syscalls);
  add_capability_groups(p.syscalls);
  add_clone_rules(p.syscalls);
  return p;
}

} // namespace

const SeccompProfile& default_seccomp_profile() {
  static const SeccompProfile profile = build_default_profile();
  return profile;
}

} // namespace mydocker::runtime
