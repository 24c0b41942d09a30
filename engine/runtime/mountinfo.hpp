// The fields of /proc/self/mountinfo lines that the cgroup code needs (proc(5)), and
// the propagation of the mount a bind source sits on.
#pragma once

#include <string>
#include <vector>

namespace mydocker::runtime {

struct MountinfoEntry {
  std::string mount_point;   // field 5
  std::string fstype;        // first field after " - "
  std::string super_options; // third field after " - " ("rw,memory" for a v1 hierarchy)
  std::vector<std::string> optional_fields; // "shared:1", "master:2" (propagation)
};

// Lines without the " - " separator or with too few fields are skipped.
std::vector<MountinfoEntry> parse_mountinfo(const std::string& text);

} // namespace mydocker::runtime
