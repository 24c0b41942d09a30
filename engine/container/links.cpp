#include "engine/container/links.hpp"

#include <algorithm>
#include <cctype>

namespace mydocker::engine {

namespace {

std::string env_prefix(const std::string& alias) {
  std::string out = alias;
  for (char& c : out)
    c = c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// "80/tcp" -> {80, "tcp"}; port 0 when malformed.
std::pair<int, std::string> split_port(const std::string& spec) {
  auto slash = spec.find('/');
  std::string number = spec.substr(0, slash);
  std::string proto = slash == std::string::npos ? "tcp" : spec.substr(slash + 1);
  bool digits =
      !number.empty() && number.size() <= 5 && std::all_of(number.begin(), number.end(), ::isdigit);
  return {digits ? std::stoi(number) : 0, proto};
}

bool has_key(const std::vector<std::string>& env, const std::string& key) {
  return std::any_of(env.begin(), env.end(), [&](const std::string& kv) {
    return kv.compare(0, key.size(), key) == 0 && kv.size() > key.size() && kv[key.size()] == '=';
  });
}

bool running(const ContainerRecord& r) {
  return r.state.status == Status::Running || r.state.status == Status::Paused;
}

LinkTarget target_of(const ContainerRecord& r) {
  LinkTarget t{r.name, r.config.hostname, "", {}, r.config.env};
  auto bridge = r.networking_config.endpoints_config.find("bridge");
  if (bridge != r.networking_config.endpoints_config.end())
    t.ip = bridge->second.ip_address;
  for (const auto& [port, unused] : r.config.exposed_ports)
    t.exposed_ports.push_back(port);
  return t;
}

} // namespace

Link parse_link_request(const std::string& text) {
  auto colon = text.find(':');
  if (colon == std::string::npos)
    return {text, text};
  return {text.substr(0, colon), text.substr(colon + 1)};
}

Link parse_stored_link(const std::string& stored) {
  auto colon = stored.find(':');
  auto alias_slash = stored.rfind('/');
  if (stored.empty() || stored[0] != '/' || colon == std::string::npos || alias_slash < colon)
    return {};
  return {stored.substr(1, colon - 1), stored.substr(alias_slash + 1)};
}

Result<void> resolve_links(const ContainerIndex& index, const std::string& this_name,
                           std::vector<std::string>& links) {
  for (auto& link : links) {
    Link wanted = parse_link_request(link);
    auto entry = index.find(wanted.target);
    auto record = entry ? (*entry)->view() : nullptr;
    if (!record)
      return invalid_argument("could not get container for " + wanted.target +
                              ": No such container: " + wanted.target);
    link = "/" + record->name + ":/" + this_name + "/" + wanted.alias;
  }
  return {};
}

Result<void> place_links(const ContainerIndex& index, const std::string& this_name,
                         api::HostConfig& hc, api::NetworkingConfig& nc) {
  const std::string& mode = hc.network_mode;
  if (hc.links.empty() || mode == "bridge" || mode == "none")
    return resolve_links(index, this_name, hc.links);
  const char* tail = " can't be used with links. This would result in undefined behavior";
  if (mode == "host")
    return invalid_argument(std::string("conflicting options: host type networking") + tail);
  if (mode.rfind("container:", 0) == 0)
    return invalid_argument(std::string("conflicting options: container type network") + tail);
  auto& endpoint_links = nc.endpoints_config[mode].links; // the docker CLI sends both
  for (const auto& link : hc.links)
    if (std::find(endpoint_links.begin(), endpoint_links.end(), link) == endpoint_links.end())
      endpoint_links.push_back(link);
  hc.links.clear();
  return {};
}

std::vector<std::string> link_env(const std::string& this_name, const std::string& alias,
                                  const LinkTarget& target) {
  const std::string prefix = env_prefix(alias);
  std::vector<std::string> env = {prefix + "_NAME=/" + this_name + "/" + alias};
  std::vector<std::pair<int, std::string>> ports;
  for (const auto& spec : target.exposed_ports)
    if (auto port = split_port(spec); port.first > 0)
      ports.push_back(port);
  std::sort(ports.begin(), ports.end());
  for (size_t i = 0; i < ports.size(); ++i) {
    const auto& [number, proto] = ports[i];
    std::string url = proto + "://" + target.ip + ":" + std::to_string(number);
    std::string key = prefix + "_PORT_" + std::to_string(number) + "_" + env_prefix(proto);
    if (i == 0)
      env.push_back(prefix + "_PORT=" + url);
    env.push_back(key + "=" + url);
    env.push_back(key + "_ADDR=" + target.ip);
    env.push_back(key + "_PORT=" + std::to_string(number));
    env.push_back(key + "_PROTO=" + proto);
  }
  for (const auto& kv : target.env) {
    auto eq = kv.find('=');
    std::string key = kv.substr(0, eq);
    if (eq == std::string::npos || key == "HOME" || key == "PATH")
      continue; // build-time noise, as dockerd leaves them out
    env.push_back(prefix + "_ENV_" + kv);
  }
  return env;
}

std::string link_hosts_entry(const std::string& alias, const LinkTarget& target) {
  if (target.ip.empty())
    return "";
  std::string names = alias + " " + target.hostname;
  if (alias != target.name)
    names += " " + target.name;
  return names + ":" + target.ip;
}

Result<void> apply_links(const ContainerIndex& index, const ContainerRecord& r,
                         std::vector<std::string>& env, std::vector<std::string>& extra_hosts) {
  const bool default_bridge = r.host_config.network_mode == "bridge";
  size_t next = 0; // link variables go first, in link order; the container's own -e win
  for (const auto& stored : r.host_config.links) {
    Link link = parse_stored_link(stored);
    auto entry = index.find(link.target);
    auto record = entry ? (*entry)->view() : nullptr;
    if (!record || !running(*record))
      return internal_error("Cannot link to a non running container: /" + link.target + " AS /" +
                            r.name + "/" + link.alias);
    if (!default_bridge)
      continue;
    LinkTarget target = target_of(*record);
    for (auto& var : link_env(r.name, link.alias, target))
      if (!has_key(env, var.substr(0, var.find('='))))
        env.insert(env.begin() + static_cast<long>(next++), std::move(var));
    if (auto line = link_hosts_entry(link.alias, target); !line.empty())
      extra_hosts.push_back(line);
  }
  return {};
}

} // namespace mydocker::engine
