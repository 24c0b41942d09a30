#include "network/netlink/rtnl_socket.hpp"

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <sched.h>

#include <ctime>
#include <thread>

namespace mydocker::network::netlink {

void RtnlSocket::Closer::operator()(mnl_socket* s) const {
  mnl_socket_close(s);
}

namespace {

int copy_reply(const nlmsghdr* nlh, void* data) {
  auto* out = static_cast<Message*>(data);
  auto* bytes = reinterpret_cast<const std::uint8_t*>(nlh);
  out->assign(bytes, bytes + nlh->nlmsg_len);
  return MNL_CB_STOP; // a GET without NLM_F_ACK has exactly one answer
}

int append_reply(const nlmsghdr* nlh, void* data) {
  auto* out = static_cast<std::vector<Message>*>(data);
  auto* bytes = reinterpret_cast<const std::uint8_t*>(nlh);
  out->emplace_back(bytes, bytes + nlh->nlmsg_len);
  return MNL_CB_OK; // keep reading until NLMSG_DONE
}

} // namespace

Result<RtnlSocket> RtnlSocket::open() {
  std::unique_ptr<mnl_socket, Closer> s(mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC));
  if (!s)
    return sys_error("netlink socket");
  if (mnl_socket_bind(s.get(), 0, MNL_SOCKET_AUTOPID) < 0)
    return sys_error("netlink bind");
  // A kernel that never answers must not hang daemon start.
  timeval timeout{5, 0};
  if (::setsockopt(mnl_socket_get_fd(s.get()), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) <
      0)
    return sys_error("netlink setsockopt");
  auto portid = mnl_socket_get_portid(s.get());
  return RtnlSocket(std::move(s), portid, static_cast<std::uint32_t>(::time(nullptr)));
}

Result<void> RtnlSocket::request(const Message& message, std::string_view what) {
  return exchange(message, what, nullptr, nullptr);
}

Result<std::vector<Message>> RtnlSocket::dump(const Message& message, std::string_view what) {
  std::vector<Message> replies;
  TRY_VOID(exchange(message, what, append_reply, &replies));
  return replies;
}

Result<RtnlSocket> RtnlSocket::open_in_netns(int netns_fd) {
  Result<RtnlSocket> out = internal_error("netlink: netns thread did not run");
  // setns() changes only the calling thread; a throwaway thread keeps the caller untouched.
  std::thread joiner([&] {
    if (::setns(netns_fd, CLONE_NEWNET) < 0)
      out = sys_error("setns net");
    else
      out = open();
  });
  joiner.join();
  return out;
}

Result<Message> RtnlSocket::query(const Message& message, std::string_view what) {
  Message reply;
  TRY_VOID(exchange(message, what, copy_reply, &reply));
  if (reply.empty())
    return internal_error(std::string(what) + ": no reply");
  return reply;
}

// Reads until the ACK (MNL_CB_STOP) or the reply; errors carry the kernel's errno.
Result<void> RtnlSocket::exchange(const Message& message, std::string_view what, Collector collect,
                                  void* out) {
  auto* nlh = reinterpret_cast<const nlmsghdr*>(message.data());
  std::string call(what);
  if (mnl_socket_sendto(m_socket.get(), message.data(), message.size()) < 0)
    return sys_error(call);
  Message buf(65536); // dumps pack several messages per read; a short buffer truncates them
  for (;;) {
    ssize_t n = mnl_socket_recvfrom(m_socket.get(), buf.data(), buf.size());
    if (n < 0)
      return sys_error(call);
    int rc =
        mnl_cb_run(buf.data(), static_cast<std::size_t>(n), nlh->nlmsg_seq, m_portid, collect, out);
    if (rc < 0)
      return sys_error(call);
    if (rc == MNL_CB_STOP)
      return {};
  }
}

} // namespace mydocker::network::netlink
