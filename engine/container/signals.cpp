#include "engine/container/signals.hpp"

#include <signal.h>

#include <cctype>
#include <cstdlib>

namespace mydocker::engine {

Result<int> parse_signal(const std::string& text) {
  static const std::pair<const char*, int> table[] = {
      {"HUP", SIGHUP},       {"INT", SIGINT},   {"QUIT", SIGQUIT},   {"ILL", SIGILL},
      {"TRAP", SIGTRAP},     {"ABRT", SIGABRT}, {"BUS", SIGBUS},     {"FPE", SIGFPE},
      {"KILL", SIGKILL},     {"USR1", SIGUSR1}, {"SEGV", SIGSEGV},   {"USR2", SIGUSR2},
      {"PIPE", SIGPIPE},     {"ALRM", SIGALRM}, {"TERM", SIGTERM},   {"CHLD", SIGCHLD},
      {"CONT", SIGCONT},     {"STOP", SIGSTOP}, {"TSTP", SIGTSTP},   {"TTIN", SIGTTIN},
      {"TTOU", SIGTTOU},     {"URG", SIGURG},   {"XCPU", SIGXCPU},   {"XFSZ", SIGXFSZ},
      {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"WINCH", SIGWINCH}, {"IO", SIGIO},
      {"PWR", SIGPWR},       {"SYS", SIGSYS}};
  if (!text.empty() && std::isdigit(static_cast<unsigned char>(text[0]))) {
    int n = std::atoi(text.c_str());
    if (n > 0 && n < 65)
      return n;
  } else {
    std::string name = text;
    for (auto& c : name)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (name.rfind("SIG", 0) == 0)
      name = name.substr(3);
    for (const auto& [n, v] : table)
      if (name == n)
        return v;
  }
  return invalid_argument("Invalid signal: " + text);
}

} // namespace mydocker::engine
