// The kernel calls the mount applier makes, behind a narrow interface: the real one for the
// container's init, a recording fake for unit tests. Every `target` is a path inside the root
// opened by open_root (or "/" after pivot_root), resolved there with openat2(RESOLVE_IN_ROOT)
// and never on the host: a symlink an image brings cannot point a mount at the host.
// Errors are text ("mount proc on /proc: No such device"), "" is success.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace mydocker::runtime {

enum class PathKind { Missing, Directory, Other };

class Syscalls {
public:
  virtual ~Syscalls() = default;

  virtual std::string make_rprivate() = 0;
  // `cwd`: directory to mount from (overlay's relative lowerdirs); "" for none.
  virtual std::string mount_overlay(const std::string& host_target, const std::string& options,
                                    const std::string& cwd) = 0;
  virtual std::string open_root(const std::string& host_path) = 0;
  // A filesystem on target; the target directory is created (inside the root) when missing.
  virtual std::string mount(const std::string& fstype, const std::string& source,
                            const std::string& target, unsigned long flags,
                            const std::string& data) = 0;
  // `source` is outside the root (a host path before pivot); the target is created as a file
  // or a directory like the source when missing.
  virtual std::string bind(const std::string& source, const std::string& target,
                           unsigned long flags) = 0;
  // The same path inside the root bound on itself (read-only paths).
  virtual std::string bind_self(const std::string& target) = 0;
  virtual std::string remount(const std::string& target, unsigned long flags) = 0;
  virtual std::string mkdir_all(const std::string& target, uint32_t mode) = 0;
  virtual std::string mknod(const std::string& target, uint32_t mode, uint64_t device) = 0;
  virtual std::string symlink(const std::string& link_text, const std::string& target) = 0;
  virtual PathKind path_kind(const std::string& target) = 0;
  // Copies the directory target (inside the root) into host_dir when host_dir is empty:
  // owners, modes, times and symlinks kept. A missing or non-directory target: nothing.
  virtual std::string copy_up(const std::string& target, const std::string& host_dir) = 0;
  // Propagation flags of the mount at target (before open_root: a path of the namespace).
  virtual std::string propagate(const std::string& target, unsigned long flags) = 0;
  virtual std::string pivot_root() = 0;
};

// The real system calls; one instance per container init (holds the root's fd).
std::unique_ptr<Syscalls> make_linux_syscalls();

} // namespace mydocker::runtime
