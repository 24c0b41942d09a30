// The shim's attach socket: <state-dir>/attach.sock (SOCK_SEQPACKET, mode 0600), through which
// the daemon follows a container's output as it is written and feeds its stdin and terminal
// size. One message per packet, the first byte says what it is:
//   daemon -> shim: 'A' + replay byte (subscribe to output; 1 = first what the shim kept since
//                   the start), 'I' + bytes (stdin), 'C' (close stdin), 'R' + rows, cols
//                   (two little-endian uint16: resize the terminal)
//   shim -> daemon: 1 + bytes (stdout), 2 + bytes (stderr); EOF once the output has ended.
// The socket lives in the exec root on the host: nothing of it is mounted into the container.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/fd.hpp"
#include "common/result.hpp"

namespace mydocker::runtime {

inline constexpr const char* SHIM_SOCKET_NAME = "attach.sock";
inline constexpr size_t SHIM_MAX_PACKET = 64 * 1024; // a reader's buffer holds any packet

enum class ShimMessage : char {
  Attach = 'A',
  Stdin = 'I',
  CloseStdin = 'C',
  Resize = 'R',
};

std::string shim_message(ShimMessage type, std::string_view payload = {});
std::string resize_message(uint16_t rows, uint16_t cols);
// rows, cols of a Resize packet's payload; false if it is not 4 bytes.
bool parse_resize(std::string_view payload, uint16_t& rows, uint16_t& cols);

// Connects to the socket in `state_dir` (paths longer than sun_path go through /proc/self/fd).
Result<Fd> connect_shim_socket(const std::string& state_dir);
// In the shim: a listening socket at `state_dir`/attach.sock, mode 0600, non-blocking.
Result<Fd> listen_shim_socket(const std::string& state_dir);

} // namespace mydocker::runtime
