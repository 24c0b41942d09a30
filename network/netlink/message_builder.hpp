// Shared by the rtnetlink builders: header + family struct, then attributes, then finish().
#pragma once

#include <libmnl/libmnl.h>
#include <linux/netlink.h>

#include <cstdint>
#include <utility>

#include "network/netlink/rtnl_message.hpp"

namespace mydocker::network::netlink {

class MessageBuilder {
public:
  template <class Family>
  Family* start(std::uint16_t type, std::uint16_t flags, std::uint32_t seq) {
    m_nlh = mnl_nlmsg_put_header(m_buf.data());
    m_nlh->nlmsg_type = type;
    m_nlh->nlmsg_flags = NLM_F_REQUEST | flags;
    m_nlh->nlmsg_seq = seq;
    return static_cast<Family*>(mnl_nlmsg_put_extra_header(m_nlh, sizeof(Family)));
  }
  nlmsghdr* nlh() { return m_nlh; }
  Message finish() {
    m_buf.resize(m_nlh->nlmsg_len);
    return std::move(m_buf);
  }

private:
  static constexpr std::size_t max_message = 4096;
  Message m_buf = Message(max_message, 0);
  nlmsghdr* m_nlh = nullptr;
};

} // namespace mydocker::network::netlink
