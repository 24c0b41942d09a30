// The init side of seccomp: hex -> struct sock_filter[] -> prctl(PR_SET_SECCOMP). No
// libseccomp here: the program was compiled by the daemon.
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "engine/runtime/seccomp.hpp"

namespace mydocker::runtime {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

} // namespace

std::string install_seccomp_filter(const std::string& bpf_hex) {
  if (bpf_hex.empty())
    return "";
  if (bpf_hex.size() % (2 * sizeof(sock_filter)) != 0)
    return "seccomp: malformed filter program";
  std::vector<sock_filter> program(bpf_hex.size() / (2 * sizeof(sock_filter)));
  auto* bytes = reinterpret_cast<unsigned char*>(program.data());
  for (size_t i = 0; i < bpf_hex.size(); i += 2) {
    int hi = hex_digit(bpf_hex[i]), lo = hex_digit(bpf_hex[i + 1]);
    if (hi < 0 || lo < 0)
      return "seccomp: malformed filter program";
    bytes[i / 2] = static_cast<unsigned char>(hi << 4 | lo);
  }
  sock_fprog prog{static_cast<unsigned short>(program.size()), program.data()};
  if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) != 0)
    return std::string("seccomp: load filter: ") + std::strerror(errno);
  return "";
}

} // namespace mydocker::runtime
