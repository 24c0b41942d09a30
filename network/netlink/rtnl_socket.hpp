// Thin NETLINK_ROUTE socket over libmnl: send one request, read its answer.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "common/result.hpp"
#include "network/netlink/rtnl_message.hpp"

struct mnl_socket;

namespace mydocker::network::netlink {

class RtnlSocket {
public:
  // Opens a socket in the calling thread's network namespace.
  static Result<RtnlSocket> open();

  std::uint32_t next_seq() { return ++m_seq; }
  // Sends a request built with NLM_F_ACK; an NLMSG_ERROR becomes sys_error(what, errno).
  Result<void> request(const Message& message, std::string_view what);
  // Sends a GET and returns the single reply message.
  Result<Message> query(const Message& message, std::string_view what);

private:
  struct Closer {
    void operator()(mnl_socket* s) const;
  };
  RtnlSocket(std::unique_ptr<mnl_socket, Closer> socket, std::uint32_t portid, std::uint32_t seq)
      : m_socket(std::move(socket)), m_portid(portid), m_seq(seq) {}
  Result<void> exchange(const Message& message, std::string_view what, Message* reply);

  std::unique_ptr<mnl_socket, Closer> m_socket;
  std::uint32_t m_portid = 0;
  std::uint32_t m_seq = 0;
};

} // namespace mydocker::network::netlink
