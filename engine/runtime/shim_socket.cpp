#include "engine/runtime/shim_socket.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <cstring>

namespace mydocker::runtime {

namespace {

// sun_path holds 108 bytes; a deep exec root goes through the directory's descriptor instead.
Result<sockaddr_un> socket_address(const std::string& state_dir, Fd& dir_holder) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::string path = state_dir + "/" + SHIM_SOCKET_NAME;
  if (path.size() >= sizeof addr.sun_path) {
    dir_holder.reset(::open(state_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (!dir_holder)
      return sys_error("open " + state_dir);
    path = "/proc/self/fd/" + std::to_string(dir_holder.get()) + "/" + SHIM_SOCKET_NAME;
  }
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  return addr;
}

} // namespace

std::string shim_message(ShimMessage type, std::string_view payload) {
  std::string out(1, static_cast<char>(type));
  out.append(payload);
  return out;
}

std::string resize_message(uint16_t rows, uint16_t cols) {
  char payload[4] = {static_cast<char>(rows & 0xff), static_cast<char>(rows >> 8),
                     static_cast<char>(cols & 0xff), static_cast<char>(cols >> 8)};
  return shim_message(ShimMessage::Resize, std::string_view(payload, 4));
}

bool parse_resize(std::string_view payload, uint16_t& rows, uint16_t& cols) {
  if (payload.size() != 4)
    return false;
  auto byte = [&](size_t i) { return static_cast<uint16_t>(static_cast<uint8_t>(payload[i])); };
  rows = static_cast<uint16_t>(byte(0) | byte(1) << 8);
  cols = static_cast<uint16_t>(byte(2) | byte(3) << 8);
  return true;
}

Result<Fd> connect_shim_socket(const std::string& state_dir) {
  Fd dir;
  sockaddr_un addr = TRY(socket_address(state_dir, dir));
  Fd sock(::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
  if (!sock)
    return sys_error("socket");
  if (::connect(sock.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    return sys_error("connect to the container's shim");
  return sock;
}

Result<Fd> listen_shim_socket(const std::string& state_dir) {
  Fd dir;
  sockaddr_un addr = TRY(socket_address(state_dir, dir));
  ::unlink((state_dir + "/" + SHIM_SOCKET_NAME).c_str());
  Fd sock(::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!sock)
    return sys_error("socket");
  mode_t old = ::umask(0177); // 0600 from the start: only root reaches the container's stdio
  int rc = ::bind(sock.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  int err = errno;
  ::umask(old);
  if (rc != 0)
    return sys_error("bind " + state_dir + "/" + SHIM_SOCKET_NAME, err);
  if (::listen(sock.get(), 64) != 0)
    return sys_error("listen");
  return sock;
}

} // namespace mydocker::runtime
