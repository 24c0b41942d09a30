#include "api/server/body_spill.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "api/server/http_context.hpp"
#include "api/server/version_gate.hpp"
#include "common/log.hpp"

namespace mydocker::api {

namespace http = boost::beast::http;

namespace {

bool is_container_archive(const std::string& path) {
  std::string_view tail = "/archive";
  return path.rfind("/containers/", 0) == 0 && path.size() > 20 &&
         path.compare(path.size() - tail.size(), tail.size(), tail) == 0;
}

} // namespace

bool wants_spill(const http::request_header<>& header, uint64_t content_length, bool chunked) {
  std::string_view target = header.target();
  std::string path = split_version_prefix(target.substr(0, target.find('?'))).path;
  if (header.method() == http::verb::put && is_container_archive(path)) // docker cp uploads
    return chunked || content_length > (1u << 20);
  if (header.method() != http::verb::post)
    return false;
  if (path != "/images/load" && path != "/images/create")
    return false;
  return chunked || content_length > (1u << 20);
}

bool spill_fits(const std::string& dir, uint64_t content_length, uint64_t limit) {
  struct statvfs fs {};
  if (content_length > limit)
    return false;
  return ::statvfs(dir.c_str(), &fs) != 0 ||
         content_length <= static_cast<uint64_t>(fs.f_bavail) * fs.f_frsize;
}

Fd open_spill_file(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600));
  if (!fd)
    log::error("request body spill file in " + dir + ": " + std::strerror(errno));
  return fd;
}

bool write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

Result<BodyView> BodyView::of(const Request& request) {
  BodyView view;
  if (request.body_fd < 0) {
    view.m_data = request.body;
    return view;
  }
  struct stat st {};
  if (::fstat(request.body_fd, &st) != 0)
    return sys_error("stat request body");
  view.m_size = static_cast<size_t>(st.st_size);
  if (view.m_size == 0)
    return view;
  view.m_map = ::mmap(nullptr, view.m_size, PROT_READ, MAP_PRIVATE, request.body_fd, 0);
  if (view.m_map == MAP_FAILED) {
    view.m_map = nullptr;
    return sys_error("map request body");
  }
  view.m_data = std::string_view(static_cast<const char*>(view.m_map), view.m_size);
  return view;
}

BodyView::BodyView(BodyView&& other) noexcept
    : m_data(other.m_data), m_map(std::exchange(other.m_map, nullptr)), m_size(other.m_size) {}

BodyView::~BodyView() {
  if (m_map)
    ::munmap(m_map, m_size);
}

} // namespace mydocker::api
