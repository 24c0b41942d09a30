#include "api/daemon/pidfile.hpp"

#include <signal.h>
#include <unistd.h>

#include <filesystem>

#include "common/atomic_file.hpp"

namespace mydocker::daemon {

Result<Pidfile> Pidfile::create(const std::string& path) {
  if (auto old = read_file(path)) {
    int pid = std::atoi(old->c_str());
    std::string stat = read_file("/proc/" + std::to_string(pid) + "/stat").value_or("");
    size_t paren = stat.rfind(')');
    bool zombie = paren != std::string::npos && paren + 2 < stat.size() && stat[paren + 2] == 'Z';
    if (pid > 0 && pid != ::getpid() && !stat.empty() && !zombie) {
      std::string comm = read_file("/proc/" + std::to_string(pid) + "/comm").value_or("");
      return conflict("pid file found, ensure mydocker is not running or delete " + path +
                      " (process " + std::to_string(pid) +
                      (comm.empty() ? "" : " " + comm.substr(0, comm.size() - 1)) + " is running)");
    }
  }
  auto dir = std::filesystem::path(path).parent_path().string();
  if (!dir.empty())
    TRY_VOID(make_dirs(dir));
  TRY_VOID(write_file_atomic(path, std::to_string(::getpid()) + "\n"));
  return Pidfile(path);
}

Pidfile::~Pidfile() {
  if (!m_path.empty())
    ::unlink(m_path.c_str());
}

} // namespace mydocker::daemon
