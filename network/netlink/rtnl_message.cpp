#include "network/netlink/rtnl_message.hpp"

#include "network/netlink/message_builder.hpp"

#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstring>

namespace mydocker::network::netlink {
namespace {

Message link_by_name(std::uint16_t type, std::uint16_t flags, std::uint32_t seq,
                     const std::string& name) {
  MessageBuilder b;
  auto* ifi = b.start<ifinfomsg>(type, flags, seq);
  ifi->ifi_family = AF_UNSPEC;
  mnl_attr_put_strz(b.nlh(), IFLA_IFNAME, name.c_str());
  return b.finish();
}

} // namespace

Message build_get_link(std::uint32_t seq, const std::string& name) {
  return link_by_name(RTM_GETLINK, 0, seq, name);
}

Message build_new_bridge(std::uint32_t seq, const std::string& name) {
  MessageBuilder b;
  auto* ifi = b.start<ifinfomsg>(RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, seq);
  ifi->ifi_family = AF_UNSPEC;
  mnl_attr_put_strz(b.nlh(), IFLA_IFNAME, name.c_str());
  nlattr* info = mnl_attr_nest_start(b.nlh(), IFLA_LINKINFO);
  mnl_attr_put_strz(b.nlh(), IFLA_INFO_KIND, "bridge");
  mnl_attr_nest_end(b.nlh(), info);
  return b.finish();
}

Message build_set_link_up(std::uint32_t seq, int ifindex) {
  MessageBuilder b;
  auto* ifi = b.start<ifinfomsg>(RTM_NEWLINK, NLM_F_ACK, seq);
  ifi->ifi_family = AF_UNSPEC;
  ifi->ifi_index = ifindex;
  ifi->ifi_flags = IFF_UP;
  ifi->ifi_change = IFF_UP;
  return b.finish();
}

Message build_new_address(std::uint32_t seq, int ifindex, const Ipv4Cidr& cidr) {
  MessageBuilder b;
  auto* ifa = b.start<ifaddrmsg>(RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE | NLM_F_ACK, seq);
  ifa->ifa_family = AF_INET;
  ifa->ifa_prefixlen = static_cast<std::uint8_t>(cidr.prefix);
  ifa->ifa_scope = RT_SCOPE_UNIVERSE;
  ifa->ifa_index = static_cast<std::uint32_t>(ifindex);
  mnl_attr_put(b.nlh(), IFA_LOCAL, 4, cidr.address.data());
  mnl_attr_put(b.nlh(), IFA_ADDRESS, 4, cidr.address.data());
  if (cidr.prefix < 31) // /31 and /32 have no broadcast address
    mnl_attr_put(b.nlh(), IFA_BROADCAST, 4, cidr.broadcast().data());
  return b.finish();
}

Message build_delete_link(std::uint32_t seq, const std::string& name) {
  return link_by_name(RTM_DELLINK, NLM_F_ACK, seq, name);
}

namespace {

int link_info_attr(const nlattr* attr, void* data) {
  auto* out = static_cast<LinkInfo*>(data);
  if (mnl_attr_get_type(attr) == IFLA_INFO_KIND && mnl_attr_validate(attr, MNL_TYPE_STRING) >= 0)
    out->kind = mnl_attr_get_str(attr);
  return MNL_CB_OK;
}

int link_attr(const nlattr* attr, void* data) {
  auto* out = static_cast<LinkInfo*>(data);
  switch (mnl_attr_get_type(attr)) {
  case IFLA_IFNAME:
    if (mnl_attr_validate(attr, MNL_TYPE_STRING) >= 0)
      out->name = mnl_attr_get_str(attr);
    break;
  case IFLA_MASTER:
    if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
      out->master = static_cast<int>(mnl_attr_get_u32(attr));
    break;
  case IFLA_ADDRESS:
    if (mnl_attr_get_payload_len(attr) == out->mac.size())
      std::memcpy(out->mac.data(), mnl_attr_get_payload(attr), out->mac.size());
    break;
  case IFLA_LINKINFO:
    if (mnl_attr_validate(attr, MNL_TYPE_NESTED) >= 0)
      mnl_attr_parse_nested(attr, link_info_attr, out);
    break;
  default: break;
  }
  return MNL_CB_OK;
}

} // namespace

Result<LinkInfo> parse_link(std::span<const std::uint8_t> message) {
  auto* nlh = reinterpret_cast<const nlmsghdr*>(message.data());
  if (message.size() < sizeof(nlmsghdr) || !mnl_nlmsg_ok(nlh, static_cast<int>(message.size())) ||
      nlh->nlmsg_type != RTM_NEWLINK || nlh->nlmsg_len < mnl_nlmsg_size(sizeof(ifinfomsg)))
    return internal_error("netlink: malformed link message");
  auto* ifi = static_cast<const ifinfomsg*>(mnl_nlmsg_get_payload(nlh));
  LinkInfo out;
  out.index = ifi->ifi_index;
  out.flags = ifi->ifi_flags;
  if (mnl_attr_parse(nlh, sizeof(ifinfomsg), link_attr, &out) < 0)
    return internal_error("netlink: malformed link attributes");
  return out;
}

} // namespace mydocker::network::netlink
