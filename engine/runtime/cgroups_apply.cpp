// Writing cgroup files: plain write(2) to the kernel's files (never temp + rename).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "common/atomic_file.hpp"
#include "common/fd.hpp"
#include "engine/runtime/cgroups.hpp"
#include "engine/runtime/device_bpf.hpp"

namespace mydocker::runtime {

namespace {

Result<void> write_value(const std::string& path, const std::string& value) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
  if (!fd || ::write(fd.get(), value.data(), value.size()) < 0)
    return sys_error("write " + value + " to " + path);
  return {};
}

std::string read_trimmed(const std::string& path) {
  std::string v = read_file(path).value_or("");
  while (!v.empty() && (v.back() == '\n' || v.back() == ' '))
    v.pop_back();
  return v;
}

// mkdir each level; on v1 cpuset a new level starts empty and must inherit cpus/mems.
Result<void> make_levels(const std::string& dir, bool cpuset) {
  std::string parent = dir.substr(0, dir.rfind('/'));
  struct stat st {};
  if (::stat(parent.c_str(), &st) != 0)
    TRY_VOID(make_levels(parent, cpuset));
  if (::mkdir(dir.c_str(), 0755) != 0 && errno != EEXIST)
    return sys_error("create cgroup " + dir);
  if (cpuset)
    for (const char* f : {"cpuset.cpus", "cpuset.mems"})
      if (read_trimmed(dir + "/" + f).empty())
        TRY_VOID(write_value(dir + "/" + f, read_trimmed(parent + "/" + f)));
  return {};
}

// Returns the value of `key` in a "key value" per line file (memory.events, oom_control).
long keyed_value(const std::string& text, const std::string& key) {
  size_t pos = text.find(key + " ");
  return pos == std::string::npos ? 0 : std::atol(text.c_str() + pos + key.size() + 1);
}

// v1: devices.deny/devices.allow lines; v2: the compiled program on the container's cgroup.
Result<void> apply_device_rules(const CgroupLayout& l, std::map<std::string, std::string>& dirs,
                                const std::vector<DeviceRule>& rules) {
  for (const auto& w : plan_device_writes(l, rules))
    TRY_VOID(write_value(dirs[w.controller] + "/" + w.file, w.value));
  if (!l.v2)
    return {};
  Fd program = TRY(load_device_program(compile_device_program(rules)));
  return attach_device_program(dirs[""], program.get());
}

} // namespace

Result<void> create_cgroups(const CgroupLayout& l, const std::string& parent, const std::string& id,
                            const Resources& r, const std::vector<DeviceRule>& devices) {
  auto dirs = cgroup_dirs(l, parent, id);
  if (l.v2)
    for (const std::string& level : {l.v2_mount, l.v2_mount + "/" + parent}) {
      ::mkdir(level.c_str(), 0755);
      for (const char* c : {"+cpu", "+cpuset", "+memory", "+pids", "+io"})
        (void)write_value(level + "/cgroup.subtree_control", c); // absent controllers are fine
    }
  for (const auto& [controller, dir] : dirs)
    TRY_VOID(make_levels(dir, controller == "cpuset"));
  for (const auto& w : plan_limits(l, r)) {
    auto written = write_value(dirs[w.controller] + "/" + w.file, w.value);
    if (!written && w.file.find("memsw") != std::string::npos)
      return invalid_argument(
          "Your kernel does not support swap limit capabilities or the cgroup is not mounted.");
    if (!written)
      return written;
  }
  return apply_device_rules(l, dirs, devices);
}

Result<void> set_frozen(const CgroupLayout& l, const std::string& parent, const std::string& id,
                        bool frozen) {
  auto dirs = cgroup_dirs(l, parent, id);
  std::string file, value, done_file, done_text;
  if (l.v2) {
    file = dirs[""] + "/cgroup.freeze";
    value = frozen ? "1" : "0";
    done_file = dirs[""] + "/cgroup.events";
    done_text = frozen ? "frozen 1" : "frozen 0";
  } else {
    if (!dirs.count("freezer"))
      return make_error(Errc::NotImplemented, "the freezer cgroup is not mounted");
    file = done_file = dirs["freezer"] + "/freezer.state";
    value = done_text = frozen ? "FROZEN" : "THAWED";
  }
  TRY_VOID(write_value(file, value));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (read_file(done_file).value_or("").find(done_text) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline)
      return internal_error("timed out waiting for " + done_file + " to read " + done_text);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return {};
}

bool oom_killed(const CgroupLayout& l, const std::string& parent, const std::string& id) {
  auto dirs = cgroup_dirs(l, parent, id);
  if (l.v2)
    return keyed_value(read_file(dirs[""] + "/memory.events").value_or(""), "oom_kill") > 0;
  if (!dirs.count("memory"))
    return false;
  return keyed_value(read_file(dirs["memory"] + "/memory.oom_control").value_or(""), "oom_kill") >
         0;
}

void remove_cgroups(const CgroupLayout& l, const std::string& parent, const std::string& id) {
  for (const auto& [controller, dir] : cgroup_dirs(l, parent, id))
    for (int attempt = 0; attempt < 50 && ::rmdir(dir.c_str()) != 0 && errno == EBUSY; ++attempt)
      std::this_thread::sleep_for(std::chrono::milliseconds(2)); // tasks still leaving
}

void remove_parent_cgroups(const CgroupLayout& l, const std::string& parent) {
  for (const auto& [controller, dir] : cgroup_dirs(l, parent, "-"))
    ::rmdir(dir.substr(0, dir.rfind('/')).c_str()); // EBUSY while containers run: kept
}

} // namespace mydocker::runtime
