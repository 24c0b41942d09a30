#include "engine/runtime/rootfs_setup.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mydocker::runtime {

namespace {

std::string failed(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

// mkdir -p relative to the current directory (the new root before pivot).
void make_path(const std::string& path, mode_t mode = 0755) {
  std::string prefix;
  for (size_t pos = 0; pos != std::string::npos;) {
    size_t next = path.find('/', pos + 1);
    prefix = path.substr(0, next);
    if (!prefix.empty() && prefix != "/")
      ::mkdir(prefix.c_str(), mode);
    pos = next;
  }
}

std::string do_mount(const char* src, const std::string& target, const char* type,
                     unsigned long flags, const std::string& data = "") {
  make_path(target);
  if (::mount(src, target.c_str(), type, flags, data.empty() ? nullptr : data.c_str()) != 0)
    return failed(std::string("mount ") + type + " on " + target);
  return "";
}

struct DeviceNode {
  const char* name;
  unsigned major, minor;
};
constexpr DeviceNode DEVICES[] = {{"null", 1, 3},   {"zero", 1, 5},    {"full", 1, 7},
                                  {"random", 1, 8}, {"urandom", 1, 9}, {"tty", 5, 0}};

std::string setup_dev(const std::string& root) {
  std::string dev = root + "/dev";
  if (auto e = do_mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_STRICTATIME, "mode=755,size=65536k");
      !e.empty())
    return e;
  for (const auto& d : DEVICES) {
    std::string path = dev + "/" + d.name;
    if (::mknod(path.c_str(), S_IFCHR | 0666, makedev(d.major, d.minor)) != 0)
      return failed("mknod " + path);
    ::chmod(path.c_str(), 0666); // the umask must not narrow device modes
  }
  if (auto e = do_mount("devpts", dev + "/pts", "devpts", MS_NOSUID | MS_NOEXEC,
                        "newinstance,ptmxmode=0666,mode=0620,gid=5");
      !e.empty())
    return e;
  if (auto e = do_mount("shm", dev + "/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
                        "mode=1777,size=65536k");
      !e.empty())
    return e;
  if (auto e = do_mount("mqueue", dev + "/mqueue", "mqueue", MS_NOSUID | MS_NODEV | MS_NOEXEC);
      !e.empty())
    return e;
  const char* links[][2] = {{"pts/ptmx", "ptmx"},
                            {"/proc/self/fd", "fd"},
                            {"/proc/self/fd/0", "stdin"},
                            {"/proc/self/fd/1", "stdout"},
                            {"/proc/self/fd/2", "stderr"}};
  for (auto& l : links)
    if (::symlink(l[0], (dev + "/" + l[1]).c_str()) != 0)
      return failed(std::string("symlink /dev/") + l[1]);
  return "";
}

std::string bind_mount(const MountEntry& m, const std::string& root) {
  std::string target = root + m.destination;
  struct stat st {};
  if (::stat(m.source.c_str(), &st) == 0 && !S_ISDIR(st.st_mode)) {
    make_path(target.substr(0, target.rfind('/')));
    int fd = ::open(target.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
    if (fd >= 0)
      ::close(fd);
  }
  bool ro = false;
  for (const auto& o : m.options)
    ro = ro || o == "ro";
  if (auto e = do_mount(m.source.c_str(), target, "bind", MS_BIND | MS_REC); !e.empty())
    return e;
  if (ro && ::mount(nullptr, target.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC,
                    nullptr) != 0)
    return failed("remount " + target + " read-only");
  return "";
}

std::string pivot(const std::string& root) {
  if (::chdir(root.c_str()) != 0)
    return failed("chdir " + root);
  if (::syscall(SYS_pivot_root, ".", ".") != 0)
    return failed("pivot_root");
  if (::umount2(".", MNT_DETACH) != 0)
    return failed("unmount old root");
  if (::chdir("/") != 0)
    return failed("chdir /");
  return "";
}

void mask_paths(const Spec& spec) {
  for (const auto& path : spec.masked_paths) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
      continue;
    if (S_ISDIR(st.st_mode))
      ::mount("tmpfs", path.c_str(), "tmpfs", MS_RDONLY, nullptr);
    else
      ::mount("/dev/null", path.c_str(), nullptr, MS_BIND, nullptr);
  }
  for (const auto& path : spec.readonly_paths)
    if (::mount(path.c_str(), path.c_str(), nullptr, MS_BIND | MS_REC, nullptr) == 0)
      ::mount(nullptr, path.c_str(), nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_REC, nullptr);
}

} // namespace

std::string overlay_options(const OverlayRootfs& r, bool relative) {
  std::string lower;
  for (const auto& dir : relative ? r.lower_links : r.lower_dirs)
    lower += (lower.empty() ? "" : ":") + dir;
  return "lowerdir=" + lower + ",upperdir=" + r.upper_dir + ",workdir=" + r.work_dir;
}

bool needs_relative_lowers(const OverlayRootfs& r) {
  // The kernel copies at most one page of mount data (NUL included).
  size_t page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  return !r.lower_root.empty() && r.lower_links.size() == r.lower_dirs.size() &&
         overlay_options(r, false).size() >= page;
}

namespace {

// Many layers: as Docker's overlay2, mount from the layer root with short relative names.
// The shim is single-threaded, so changing its working directory here is safe.
std::string mount_overlay(const OverlayRootfs& r) {
  if (!needs_relative_lowers(r))
    return do_mount("overlay", r.merged_dir, "overlay", 0, overlay_options(r, false));
  make_path(r.merged_dir);
  int cwd = ::open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (::chdir(r.lower_root.c_str()) != 0) {
    ::close(cwd);
    return failed("chdir " + r.lower_root);
  }
  std::string options = overlay_options(r, true);
  int mounted = ::mount("overlay", r.merged_dir.c_str(), "overlay", 0, options.c_str());
  int saved = errno;
  if (cwd >= 0) {
    (void)::fchdir(cwd);
    ::close(cwd);
  }
  errno = saved;
  return mounted == 0 ? "" : failed("mount overlay on " + r.merged_dir);
}

} // namespace

std::string setup_rootfs(const Spec& spec) {
  const std::string& root = spec.rootfs.merged_dir;
  // Nothing we mount may propagate back to the host.
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    return failed("make / private");
  if (auto e = mount_overlay(spec.rootfs); !e.empty())
    return e;
  if (auto e = do_mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC);
      !e.empty())
    return e;
  if (auto e = setup_dev(root); !e.empty())
    return e;
  if (auto e =
          do_mount("sysfs", root + "/sys", "sysfs", MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY);
      !e.empty())
    return e;
  for (const auto& m : spec.mounts)
    if (m.type == "bind")
      if (auto e = bind_mount(m, root); !e.empty())
        return e;
  if (auto e = pivot(root); !e.empty())
    return e;
  mask_paths(spec);
  if (spec.rootfs.read_only &&
      ::mount(nullptr, "/", nullptr, MS_BIND | MS_REMOUNT | MS_RDONLY, nullptr) != 0)
    return failed("remount / read-only");
  return "";
}

} // namespace mydocker::runtime
