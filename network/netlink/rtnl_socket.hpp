// Thin NETLINK_ROUTE socket over libmnl: send one request (or a batch), read the answers.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "network/netlink/rtnl_message.hpp"

struct mnl_socket;
struct nlmsghdr;

namespace mydocker::network::netlink {

class RtnlSocket {
public:
  // Opens a socket in the calling thread's network namespace.
  static Result<RtnlSocket> open();
  // Opens a socket in the network namespace open as `netns_fd` (e.g. /proc/PID/ns/net): a
  // short-lived thread joins it, so the caller's own namespace never changes. The socket
  // stays bound to that namespace for its whole life.
  static Result<RtnlSocket> open_in_netns(int netns_fd);

  std::uint32_t next_seq() { return ++m_seq; }
  // Sends a request built with NLM_F_ACK; an NLMSG_ERROR becomes sys_error(what, errno).
  Result<void> request(const Message& message, std::string_view what);
  // Several requests (each built with NLM_F_ACK) in one sendmsg: one trip to the kernel,
  // which runs them in order and goes on after a failure. Returns the first failure.
  struct Request {
    Message message;
    std::string what;
  };
  Result<void> request_batch(const std::vector<Request>& requests);
  // Sends a GET and returns the single reply message.
  Result<Message> query(const Message& message, std::string_view what);
  // Sends an NLM_F_DUMP request and returns every answer message up to NLMSG_DONE.
  Result<std::vector<Message>> dump(const Message& message, std::string_view what);

private:
  struct Closer {
    void operator()(mnl_socket* s) const;
  };
  RtnlSocket(std::unique_ptr<mnl_socket, Closer> socket, std::uint32_t portid, std::uint32_t seq)
      : m_socket(std::move(socket)), m_portid(portid), m_seq(seq) {}
  using Collector = int (*)(const nlmsghdr*, void*);
  Result<void> exchange(const Message& message, std::string_view what, Collector collect,
                        void* out);

  std::unique_ptr<mnl_socket, Closer> m_socket;
  std::uint32_t m_portid = 0;
  std::uint32_t m_seq = 0;
};

} // namespace mydocker::network::netlink
