// The cgroup v2 device program: the instruction sequence per rule, and what the program
// decides, run through a small interpreter of the instructions the compiler emits.
#include <catch2/catch.hpp>

#include <cstring>

#include "engine/runtime/device_bpf.hpp"
#include "engine/runtime/device_rules.hpp"

using namespace mydocker::runtime;

namespace {

constexpr size_t PROLOGUE = 6;
constexpr uint32_t CHAR = BPF_DEVCG_DEV_CHAR, BLOCK = BPF_DEVCG_DEV_BLOCK;
constexpr uint32_t R = BPF_DEVCG_ACC_READ, W = BPF_DEVCG_ACC_WRITE, M = BPF_DEVCG_ACC_MKNOD;

// Runs the program on one access; throws on an instruction the compiler should not emit.
int run(const std::vector<bpf_insn>& program, uint32_t type, uint32_t access, uint32_t major,
        uint32_t minor) {
  uint32_t ctx[3] = {(access << 16) | type, major, minor};
  uint64_t reg[11] = {};
  for (size_t pc = 0; pc < program.size(); ++pc) {
    const bpf_insn& i = program[pc];
    uint64_t& dst = reg[i.dst_reg];
    auto imm = static_cast<uint32_t>(i.imm);
    switch (i.code) {
    case BPF_LDX | BPF_MEM | BPF_W:
      REQUIRE(i.src_reg == 1);
      dst = ctx[i.off / 4];
      break;
    case BPF_ALU | BPF_AND | BPF_K: dst = static_cast<uint32_t>(dst) & imm; break;
    case BPF_ALU | BPF_RSH | BPF_K: dst = static_cast<uint32_t>(dst) >> imm; break;
    case BPF_ALU | BPF_MOV | BPF_X: dst = static_cast<uint32_t>(reg[i.src_reg]); break;
    case BPF_ALU64 | BPF_MOV | BPF_K:
      dst = static_cast<uint64_t>(static_cast<int64_t>(i.imm));
      break;
    case BPF_JMP | BPF_JNE | BPF_K: pc += dst != static_cast<uint64_t>(i.imm) ? i.off : 0; break;
    case BPF_JMP | BPF_JEQ | BPF_K: pc += dst == static_cast<uint64_t>(i.imm) ? i.off : 0; break;
    case BPF_JMP | BPF_EXIT: return static_cast<int>(reg[0]);
    default: FAIL("unexpected instruction code " << int(i.code));
    }
  }
  FAIL("fell off the end of the program");
  return -1;
}

bool same(const bpf_insn& a, const bpf_insn& b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

bpf_insn make(uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm) {
  bpf_insn i{};
  i.code = code;
  i.dst_reg = dst;
  i.src_reg = src;
  i.off = off;
  i.imm = imm;
  return i;
}

} // namespace

TEST_CASE("the prologue splits the context into type, access, major and minor") {
  auto p = compile_device_program({});
  REQUIRE(p.size() == PROLOGUE + 2);
  CHECK(same(p[0], make(BPF_LDX | BPF_MEM | BPF_W, 2, 1, 0, 0)));
  CHECK(same(p[1], make(BPF_ALU | BPF_AND | BPF_K, 2, 0, 0, 0xffff)));
  CHECK(same(p[2], make(BPF_LDX | BPF_MEM | BPF_W, 3, 1, 0, 0)));
  CHECK(same(p[3], make(BPF_ALU | BPF_RSH | BPF_K, 3, 0, 0, 16)));
  CHECK(same(p[4], make(BPF_LDX | BPF_MEM | BPF_W, 4, 1, 4, 0)));
  CHECK(same(p[5], make(BPF_LDX | BPF_MEM | BPF_W, 5, 1, 8, 0)));
  CHECK(same(p[6], make(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0))); // nothing matched: deny
  CHECK(same(p[7], make(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)));
}

TEST_CASE("a full-access rule tests type, major and minor, then allows") {
  auto p = compile_device_program({DeviceRule{true, "c", 1, 3, "rwm"}});
  REQUIRE(p.size() == PROLOGUE + 5 + 2);
  CHECK(same(p[6], make(BPF_JMP | BPF_JNE | BPF_K, 2, 0, 4, BPF_DEVCG_DEV_CHAR)));
  CHECK(same(p[7], make(BPF_JMP | BPF_JNE | BPF_K, 4, 0, 3, 1)));
  CHECK(same(p[8], make(BPF_JMP | BPF_JNE | BPF_K, 5, 0, 2, 3)));
  CHECK(same(p[9], make(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1)));
  CHECK(same(p[10], make(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)));
}

TEST_CASE("a partial-access allow rule needs every requested bit; wildcards emit no test") {
  auto p = compile_device_program({DeviceRule{true, "b", -1, -1, "m"}});
  REQUIRE(p.size() == PROLOGUE + 4 + 2 + 2);
  CHECK(same(p[6], make(BPF_JMP | BPF_JNE | BPF_K, 2, 0, 5, BPF_DEVCG_DEV_BLOCK)));
  CHECK(same(p[7], make(BPF_ALU | BPF_MOV | BPF_X, 1, 3, 0, 0)));
  CHECK(same(p[8], make(BPF_ALU | BPF_AND | BPF_K, 1, 0, 0, ~int32_t(M))));
  CHECK(same(p[9], make(BPF_JMP | BPF_JNE | BPF_K, 1, 0, 2, 0)));
}

TEST_CASE("a partial-access deny rule matches when any requested bit is denied") {
  auto p = compile_device_program({DeviceRule{false, "c", 4, -1, "w"}});
  CHECK(same(p[8], make(BPF_ALU | BPF_AND | BPF_K, 1, 0, 0, int32_t(W))));
  CHECK(same(p[9], make(BPF_JMP | BPF_JEQ | BPF_K, 1, 0, 3, 0)));
  CHECK(same(p[11], make(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0)));
}

TEST_CASE("nothing follows an unconditional rule (the verifier refuses unreachable code)") {
  auto all = compile_device_program(plan_device_rules(true, {}));
  REQUIRE(all.size() == PROLOGUE + 2);
  CHECK(same(all[6], make(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 1)));
  auto defaults = compile_device_program(default_device_rules());
  CHECK(same(defaults.back(), make(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)));
  CHECK(same(defaults[defaults.size() - 2], make(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0)));
}

TEST_CASE("the default program decides as Docker's device cgroup does") {
  auto p = compile_device_program(default_device_rules());
  CHECK(run(p, CHAR, R | W, 1, 3) == 1);    // /dev/null
  CHECK(run(p, CHAR, R, 1, 9) == 1);        // /dev/urandom
  CHECK(run(p, CHAR, W, 1, 7) == 1);        // /dev/full
  CHECK(run(p, CHAR, R | W, 5, 0) == 1);    // /dev/tty
  CHECK(run(p, CHAR, R | W, 136, 4) == 1);  // a pts
  CHECK(run(p, CHAR, R | W, 10, 200) == 1); // tun
  CHECK(run(p, BLOCK, M, 8, 0) == 1);       // mknod of a disk node is allowed...
  CHECK(run(p, BLOCK, R, 8, 0) == 0);       // ...opening it is not
  CHECK(run(p, BLOCK, W, 8, 0) == 0);
  CHECK(run(p, BLOCK, R | M, 8, 0) == 0);
  CHECK(run(p, CHAR, R, 1, 1) == 0);        // /dev/mem
  CHECK(run(p, CHAR, R | W, 10, 229) == 0); // fuse is denied by Docker's list
  CHECK(run(p, CHAR, M, 10, 229) == 1);     // but c *:* m comes later
}

TEST_CASE("a later rule overrides an earlier one") {
  auto p = compile_device_program(plan_device_rules(false, {DeviceRule{true, "b", 8, 0, "r"}}));
  CHECK(run(p, BLOCK, R, 8, 0) == 1);
  CHECK(run(p, BLOCK, W, 8, 0) == 0);
  CHECK(run(p, BLOCK, R, 8, 1) == 0);
  auto denied =
      compile_device_program(plan_device_rules(false, {DeviceRule{false, "c", 1, 3, "w"}}));
  CHECK(run(denied, CHAR, R, 1, 3) == 1);
  CHECK(run(denied, CHAR, R | W, 1, 3) == 0);
}

TEST_CASE("a privileged container's program allows every access") {
  auto p = compile_device_program(plan_device_rules(true, {}));
  CHECK(run(p, BLOCK, R | W, 8, 0) == 1);
  CHECK(run(p, CHAR, R | W | M, 1, 1) == 1);
}
