#include "network/netlink/rtnl_socket.hpp"

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <ctime>

#include "network/netns.hpp"

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

// The ACKs of one batch, matched to its requests by sequence number.
struct BatchAcks {
  const std::vector<RtnlSocket::Request>& requests;
  std::uint32_t portid;
  std::size_t pending = requests.size();
  Result<void> first_failure = {};

  void take(const nlmsghdr* nlh) {
    if (nlh->nlmsg_type != NLMSG_ERROR || nlh->nlmsg_pid != portid ||
        nlh->nlmsg_len < mnl_nlmsg_size(sizeof(nlmsgerr)))
      return; // not an answer to this batch
    for (const auto& request : requests) {
      if (reinterpret_cast<const nlmsghdr*>(request.message.data())->nlmsg_seq != nlh->nlmsg_seq)
        continue;
      auto* err = static_cast<const nlmsgerr*>(mnl_nlmsg_get_payload(nlh));
      if (err->error != 0 && first_failure)
        first_failure = sys_error(request.what, -err->error);
      pending--;
      return;
    }
  }
};

} // namespace

Result<void> RtnlSocket::request_batch(const std::vector<Request>& requests) {
  Message batch;
  for (const auto& request : requests)
    batch.insert(batch.end(), request.message.begin(), request.message.end());
  if (requests.empty() || mnl_socket_sendto(m_socket.get(), batch.data(), batch.size()) < 0)
    return requests.empty() ? Result<void>{} : sys_error(requests.front().what);
  BatchAcks acks{requests, m_portid};
  Message buf(8192);
  while (acks.pending > 0) {
    ssize_t n = mnl_socket_recvfrom(m_socket.get(), buf.data(), buf.size());
    if (n < 0)
      return sys_error(requests.front().what);
    int left = static_cast<int>(n);
    for (auto* nlh = reinterpret_cast<const nlmsghdr*>(buf.data()); mnl_nlmsg_ok(nlh, left);
         nlh = mnl_nlmsg_next(nlh, &left))
      acks.take(nlh);
  }
  return acks.first_failure;
}

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
  Result<RtnlSocket> out = internal_error("netlink: not opened");
  // The socket belongs to the namespace it was made in, for its whole life.
  TRY_VOID(run_in_netns(netns_fd, [&] { out = open(); }));
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
