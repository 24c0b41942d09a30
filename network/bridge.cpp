#include "network/bridge.hpp"

#include <cerrno>

#include "common/log.hpp"
#include "common/scope_guard.hpp"
#include "network/ipv4_cidr.hpp"
#include "network/netlink/rtnl_message.hpp"
#include "network/netlink/rtnl_socket.hpp"

namespace mydocker::network {
namespace {

using netlink::LinkInfo;
using netlink::RtnlSocket;

// The link by name, or NotFound.
Result<LinkInfo> find_link(RtnlSocket& nl, const std::string& name) {
  auto reply = nl.query(netlink::build_get_link(nl.next_seq(), name), "get link " + name);
  if (!reply) {
    if (reply.error().sys_errno == ENODEV)
      return not_found("link not found: " + name);
    return tl::unexpected(reply.error());
  }
  return netlink::parse_link(*reply);
}

// Returns the bridge's ifindex; `created` tells whether this call made it.
Result<int> create_if_missing(RtnlSocket& nl, const std::string& name, bool& created) {
  created = false;
  auto link = find_link(nl, name);
  if (!link && link.error().code != Errc::NotFound)
    return tl::unexpected(link.error());
  if (link && link->kind != "bridge")
    return invalid_argument("bridge " + name + " exists and is not a bridge (kind \"" + link->kind +
                            "\")");
  if (link)
    return link->index;
  auto made = nl.request(netlink::build_new_bridge(nl.next_seq(), name), "create bridge " + name);
  if (!made && made.error().sys_errno != EEXIST) // EEXIST: lost a race, fine
    return tl::unexpected(made.error());
  created = made.has_value();
  link = TRY(find_link(nl, name));
  return link->index;
}

} // namespace

Result<void> validate_link_name(std::string_view name) {
  bool bad = name.empty() || name.size() > 15 || name == "." || name == "..";
  for (char c : name)
    bad = bad || c == '/' || c == ':' || c == ' ' || c == '\t' || c == '\n' || c == '\0';
  if (bad)
    return invalid_argument("invalid bridge name: \"" + std::string(name) + "\"");
  return {};
}

Result<bool> ensure_bridge(const std::string& name, const std::string& cidr) {
  if (name == no_bridge)
    return false;
  TRY_VOID(validate_link_name(name));
  auto address = TRY(Ipv4Cidr::parse(cidr));
  auto nl = TRY(RtnlSocket::open());
  bool created = false;
  int index = TRY(create_if_missing(nl, name, created));
  Rollback undo;
  if (created)
    undo.add([name] { (void)delete_bridge(name); });
  TRY_VOID(nl.request(netlink::build_new_address(nl.next_seq(), index, address),
                      "add address " + cidr + " to " + name));
  TRY_VOID(nl.request(netlink::build_set_link_up(nl.next_seq(), index), "set " + name + " up"));
  undo.dismiss();
  log::info("bridge " + name + (created ? " created" : " exists") + ", address " + cidr);
  return created;
}

Result<void> delete_bridge(const std::string& name) {
  if (name == no_bridge)
    return {};
  TRY_VOID(validate_link_name(name));
  auto nl = TRY(RtnlSocket::open());
  auto done = nl.request(netlink::build_delete_link(nl.next_seq(), name), "delete link " + name);
  if (!done && done.error().sys_errno != ENODEV)
    return done;
  return {};
}

} // namespace mydocker::network
