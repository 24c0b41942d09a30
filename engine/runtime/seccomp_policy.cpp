// Which seccomp profile a container gets (moby's WithSeccomp) and its compiled form.
#include <sys/capability.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "engine/runtime/seccomp.hpp"
#include "engine/runtime/seccomp_compile.hpp"
#include "engine/runtime/seccomp_profile.hpp"

namespace mydocker::runtime {

namespace {

constexpr const char* BUILTIN = "builtin";
constexpr const char* UNCONFINED = "unconfined";

// The value of the last seccomp=/seccomp: option ("" = the daemon's default profile).
std::string requested_profile(const std::vector<std::string>& security_opts) {
  std::string profile;
  for (const auto& opt : security_opts)
    if (opt.rfind("seccomp=", 0) == 0 || opt.rfind("seccomp:", 0) == 0)
      profile = opt.substr(8);
  return profile;
}

std::vector<std::string> all_capabilities() {
  std::vector<std::string> caps;
  for (cap_value_t c = 0; c <= CAP_LAST_CAP; ++c) {
    char* name = cap_to_name(c);
    std::string upper = name ? name : "";
    cap_free(name);
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char ch) { return std::toupper(ch); });
    caps.push_back(upper);
  }
  return caps;
}

std::string to_hex(const std::string& bytes) {
  static const char DIGITS[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    hex.push_back(DIGITS[b >> 4]);
    hex.push_back(DIGITS[b & 0xf]);
  }
  return hex;
}

// The builtin profile compiles to the same program for the same capabilities; starts
// reuse it instead of running libseccomp each time.
Result<std::string> compile_builtin(const std::vector<std::string>& caps) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::string> cache;
  std::vector<std::string> sorted = caps;
  std::sort(sorted.begin(), sorted.end());
  std::string key;
  for (const auto& c : sorted)
    key += c + ",";
  std::lock_guard lock(mutex);
  if (auto it = cache.find(key); it != cache.end())
    return it->second;
  auto resolved = TRY(resolve_seccomp(default_seccomp_profile(), host_seccomp_target(caps)));
  std::string hex = to_hex(TRY(compile_seccomp_bpf(resolved)));
  return cache.emplace(key, std::move(hex)).first->second;
}

Result<std::string> compile_custom(const std::string& json_text,
                                   const std::vector<std::string>& caps) {
  auto profile = TRY(parse_seccomp_profile(json_text));
  // moby: no default action and no rules means seccomp disabled.
  if (profile.default_action.empty() && profile.syscalls.empty())
    return std::string();
  auto resolved = TRY(resolve_seccomp(profile, host_seccomp_target(caps)));
  return to_hex(TRY(compile_seccomp_bpf(resolved)));
}

} // namespace

Result<std::string> seccomp_for_container(const std::vector<std::string>& security_opts,
                                          bool privileged,
                                          const std::vector<std::string>& capabilities) {
  std::string profile = requested_profile(security_opts);
  if (profile == UNCONFINED || (privileged && (profile.empty() || profile == BUILTIN)))
    return std::string();
  bool all = privileged || std::find(capabilities.begin(), capabilities.end(), "ALL") !=
                               capabilities.end(); // --cap-add ALL
  std::vector<std::string> caps = all ? all_capabilities() : capabilities;
  if (profile.empty() || profile == BUILTIN)
    return compile_builtin(caps);
  return compile_custom(profile, caps);
}

} // namespace mydocker::runtime
