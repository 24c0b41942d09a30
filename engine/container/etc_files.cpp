#include "engine/container/etc_files.hpp"

#include <sstream>

namespace mydocker::engine {

namespace {

bool starts_with(const std::string& line, const std::string& word) {
  return line.rfind(word, 0) == 0 &&
         (line.size() == word.size() || line[word.size()] == ' ' || line[word.size()] == '\t');
}

bool loopback_nameserver(const std::string& line) {
  return line.find(" 127.") != std::string::npos || line.find(" ::1") != std::string::npos;
}

std::string joined(const char* key, const std::vector<std::string>& words) {
  std::string out = key;
  for (const auto& w : words)
    out += " " + w;
  return out + "\n";
}

} // namespace

Result<std::string> hosts_file_content(const std::vector<std::string>& extra_hosts) {
  std::string out = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                    "fe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\n"
                    "ff02::2\tip6-allrouters\n";
  for (const auto& entry : extra_hosts) {
    // Docker's CLI sends "name:ip"; newer ones may send "name=ip".
    auto sep = entry.find_first_of(":=");
    if (sep == std::string::npos || sep == 0 || sep + 1 == entry.size())
      return invalid_argument("invalid argument \"" + entry + "\" for \"--add-host\" flag");
    std::string ip = entry.substr(sep + 1);
    if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']')
      ip = ip.substr(1, ip.size() - 2);
    if (ip == "host-gateway")
      return invalid_argument("--add-host host-gateway is not supported by mydocker");
    out += ip + "\t" + entry.substr(0, sep) + "\n";
  }
  return out;
}

namespace {

// No --dns flags: the host's file as it is, minus loopback resolvers.
std::string filtered_copy(const std::string& host_resolv) {
  std::istringstream in(host_resolv);
  std::string out;
  bool nameserver = false;
  for (std::string line; std::getline(in, line);) {
    if (starts_with(line, "nameserver") && loopback_nameserver(line))
      continue;
    nameserver = nameserver || starts_with(line, "nameserver");
    out += line + "\n";
  }
  return nameserver ? out : out + "nameserver 8.8.8.8\nnameserver 8.8.4.4\n";
}

// The words after `key` on the host's lines (the last search line wins, as in resolv.conf).
std::vector<std::string> host_words(const std::string& host_resolv, const std::string& key) {
  std::istringstream in(host_resolv);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!starts_with(line, key) || (key == "nameserver" && loopback_nameserver(line)))
      continue;
    if (key == "search")
      out.clear();
    std::istringstream words(line.substr(key.size()));
    for (std::string w; words >> w;)
      out.push_back(w);
  }
  return out;
}

} // namespace

// With any --dns flag dockerd builds the file anew: search, nameservers, options; each from
// the flag when given, else from the host.
std::string resolv_conf_content(const std::string& host_resolv, const DnsSettings& dns) {
  if (dns.servers.empty() && dns.search.empty() && dns.options.empty())
    return filtered_copy(host_resolv);
  auto pick = [&](const std::vector<std::string>& given, const char* key) {
    return given.empty() ? host_words(host_resolv, key) : given;
  };
  auto servers = pick(dns.servers, "nameserver");
  if (servers.empty())
    servers = {"8.8.8.8", "8.8.4.4"};
  auto search = pick(dns.search, "search");
  auto options = pick(dns.options, "options");
  std::string out;
  // --dns-search . means "no search domains".
  if (!search.empty() && !(search.size() == 1 && search[0] == "."))
    out += joined("search", search);
  for (const auto& server : servers)
    out += "nameserver " + server + "\n";
  if (!options.empty())
    out += joined("options", options);
  return out;
}

} // namespace mydocker::engine
