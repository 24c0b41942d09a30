// Compiles device cgroup rules into a BPF_PROG_TYPE_CGROUP_DEVICE program (pure).
#include "engine/runtime/device_bpf.hpp"

#include <algorithm>

namespace mydocker::runtime {

namespace {

constexpr uint8_t R0 = 0, R1 = 1, R2 = 2, R3 = 3, R4 = 4, R5 = 5;

bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
  bpf_insn i{};
  i.code = code;
  i.dst_reg = dst & 0xf;
  i.src_reg = src & 0xf;
  i.off = off;
  i.imm = imm;
  return i;
}

bpf_insn load_u32(uint8_t dst, int16_t offset) {
  return insn(BPF_LDX | BPF_MEM | BPF_W, dst, R1, offset, 0);
}

int32_t access_bits(const std::string& access) {
  int32_t bits = 0;
  for (char c : access)
    bits |= c == 'm'   ? BPF_DEVCG_ACC_MKNOD
            : c == 'r' ? BPF_DEVCG_ACC_READ
            : c == 'w' ? BPF_DEVCG_ACC_WRITE
                       : 0;
  return bits;
}

constexpr int32_t ALL_ACCESS = BPF_DEVCG_ACC_MKNOD | BPF_DEVCG_ACC_READ | BPF_DEVCG_ACC_WRITE;

// The tests of one rule; each jumps to the next rule when it fails (offset fixed up later).
std::vector<bpf_insn> rule_tests(const DeviceRule& rule) {
  std::vector<bpf_insn> tests;
  constexpr uint8_t JNE = BPF_JMP | BPF_JNE | BPF_K;
  if (rule.type == "c" || rule.type == "b")
    tests.push_back(
        insn(JNE, R2, 0, 0, rule.type == "c" ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK));
  int32_t access = access_bits(rule.access);
  if (access != ALL_ACCESS) {
    // allow: skip when a requested bit is outside the rule; deny: when none is inside it.
    tests.push_back(insn(BPF_ALU | BPF_MOV | BPF_X, R1, R3, 0, 0));
    tests.push_back(insn(BPF_ALU | BPF_AND | BPF_K, R1, 0, 0, rule.allow ? ~access : access));
    tests.push_back(insn(BPF_JMP | (rule.allow ? BPF_JNE : BPF_JEQ) | BPF_K, R1, 0, 0, 0));
  }
  if (rule.major >= 0)
    tests.push_back(insn(JNE, R4, 0, 0, static_cast<int32_t>(rule.major)));
  if (rule.minor >= 0)
    tests.push_back(insn(JNE, R5, 0, 0, static_cast<int32_t>(rule.minor)));
  return tests;
}

void append_verdict(std::vector<bpf_insn>& program, bool allow) {
  program.push_back(insn(BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 0, allow ? 1 : 0));
  program.push_back(insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
}

} // namespace

std::vector<bpf_insn> compile_device_program(const std::vector<DeviceRule>& rules) {
  std::vector<bpf_insn> program = {
      load_u32(R2, 0),
      insn(BPF_ALU | BPF_AND | BPF_K, R2, 0, 0, 0xffff), // type: low 16 bits of access_type
      load_u32(R3, 0),
      insn(BPF_ALU | BPF_RSH | BPF_K, R3, 0, 0, 16), // access: high 16 bits
      load_u32(R4, 4),
      load_u32(R5, 8),
  };
  for (auto rule = rules.rbegin(); rule != rules.rend(); ++rule) {
    std::vector<bpf_insn> tests = rule_tests(*rule);
    // Jump over the rest of the tests and the two verdict instructions.
    for (size_t i = 0; i < tests.size(); ++i)
      if (BPF_CLASS(tests[i].code) == BPF_JMP)
        tests[i].off = static_cast<int16_t>(tests.size() - i - 1 + 2);
    program.insert(program.end(), tests.begin(), tests.end());
    append_verdict(program, rule->allow);
    if (tests.empty())
      return program; // matches everything: the rules before it can never decide
  }
  append_verdict(program, false);
  return program;
}

} // namespace mydocker::runtime
