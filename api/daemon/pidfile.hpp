// dockerd's pidfile: refuse to start when it names a live process; removed on exit.
#pragma once

#include <string>

#include "common/result.hpp"

namespace mydocker::daemon {

class Pidfile {
public:
  static Result<Pidfile> create(const std::string& path);
  Pidfile(Pidfile&& other) noexcept : m_path(std::move(other.m_path)) { other.m_path.clear(); }
  Pidfile(const Pidfile&) = delete;
  ~Pidfile();

private:
  explicit Pidfile(std::string path) : m_path(std::move(path)) {}
  std::string m_path;
};

} // namespace mydocker::daemon
