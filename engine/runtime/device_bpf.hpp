// cgroup v2 has no devices.allow: the same rules become an eBPF program of type
// BPF_PROG_TYPE_CGROUP_DEVICE attached to the container's cgroup (as runc and crun do).
// Loaded with the bpf(2) syscall directly: the program is a few dozen fixed instructions, so
// libbpf (ELF objects, BTF, CO-RE) would only add a dependency.
#pragma once

#include <linux/bpf.h>

#include <string>
#include <vector>

#include "common/fd.hpp"
#include "common/result.hpp"
#include "engine/runtime/spec.hpp"

namespace mydocker::runtime {

// Register use: r1 = struct bpf_cgroup_dev_ctx* (then scratch), r2 = device type,
// r3 = requested access bits, r4 = major, r5 = minor. Rules are tried from the last to the
// first; the first that matches decides (a later rule overrides an earlier one, as v1 does).
// An allow rule matches when every requested access bit is in its access; a deny rule when
// any is. No match: denied. Code after an unconditional rule is never emitted (the verifier
// rejects unreachable instructions).
std::vector<bpf_insn> compile_device_program(const std::vector<DeviceRule>& rules);

// BPF_PROG_LOAD; the error carries the verifier's log.
Result<Fd> load_device_program(const std::vector<bpf_insn>& program);

// BPF_PROG_ATTACH as BPF_CGROUP_DEVICE (BPF_F_ALLOW_MULTI) to the cgroup2 directory. The
// attachment lives as long as the cgroup: the program fd may be closed afterwards.
Result<void> attach_device_program(const std::string& cgroup_dir, int program_fd);

} // namespace mydocker::runtime
