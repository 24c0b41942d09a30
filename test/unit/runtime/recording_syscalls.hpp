// A Syscalls fake for unit tests: records each call as one line, answers path_kind from a
// table and fails the calls whose line starts with a given prefix.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/runtime/mount_plan.hpp"
#include "engine/runtime/syscalls.hpp"

namespace mydocker::runtime {

class RecordingSyscalls final : public Syscalls {
public:
  std::vector<std::string> calls;
  std::map<std::string, PathKind> kinds; // paths not listed are Directory
  std::string fail_prefix;               // calls starting with this fail

  std::string make_rprivate() override { return record("make-rprivate /"); }
  std::string mount_overlay(const std::string& target, const std::string& options,
                            const std::string& cwd) override {
    return record("overlay " + target + " " + options + (cwd.empty() ? "" : " cwd=" + cwd));
  }
  std::string open_root(const std::string& path) override { return record("open-root " + path); }
  std::string mount(const std::string& fstype, const std::string& source, const std::string& target,
                    unsigned long flags, const std::string& data) override {
    return record("mount " + fstype + " " + source + " " + target + " " + mount_flag_names(flags) +
                  (data.empty() ? "" : " " + data));
  }
  std::string bind(const std::string& source, const std::string& target,
                   unsigned long flags) override {
    return record("bind " + source + " " + target + " " + mount_flag_names(flags));
  }
  std::string bind_self(const std::string& target) override {
    return record("bind-self " + target);
  }
  std::string remount(const std::string& target, unsigned long flags) override {
    return record("remount " + target + " " + mount_flag_names(flags));
  }
  std::string mkdir_all(const std::string& target, uint32_t mode) override {
    return record("mkdir " + target + " " + std::to_string(mode));
  }
  std::string mknod(const std::string& target, uint32_t, uint64_t) override {
    return record("mknod " + target);
  }
  std::string symlink(const std::string& text, const std::string& target) override {
    return record("symlink " + target + " -> " + text);
  }
  PathKind path_kind(const std::string& target) override {
    auto it = kinds.find(target);
    return it == kinds.end() ? PathKind::Directory : it->second;
  }
  std::string pivot_root() override { return record("pivot-root"); }
  std::string propagate(const std::string& target, unsigned long flags) override {
    return record("propagate " + target + " " + mount_flag_names(flags));
  }
  std::string copy_up(const std::string& target, const std::string& host_dir) override {
    return record("copy-up " + target + " " + host_dir);
  }

private:
  std::string record(const std::string& line) {
    calls.push_back(line);
    bool fails = !fail_prefix.empty() && line.rfind(fail_prefix, 0) == 0;
    return fails ? line + ": Operation not permitted" : "";
  }
};

} // namespace mydocker::runtime
