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

std::string resolv_conf_content(const std::string& host_resolv, const DnsSettings& dns) {
  std::istringstream in(host_resolv);
  std::string out;
  bool nameserver = false;
  for (std::string line; std::getline(in, line);) {
    if (starts_with(line, "nameserver") && (loopback_nameserver(line) || !dns.servers.empty()))
      continue;
    if ((starts_with(line, "search") || starts_with(line, "domain")) && !dns.search.empty())
      continue;
    if (starts_with(line, "options") && !dns.options.empty())
      continue;
    nameserver = nameserver || starts_with(line, "nameserver");
    out += line + "\n";
  }
  for (const auto& server : dns.servers)
    out += "nameserver " + server + "\n";
  if (!nameserver && dns.servers.empty())
    out += "nameserver 8.8.8.8\nnameserver 8.8.4.4\n";
  // --dns-search . means "no search domains".
  if (!dns.search.empty() && !(dns.search.size() == 1 && dns.search[0] == "."))
    out += joined("search", dns.search);
  if (!dns.options.empty())
    out += joined("options", dns.options);
  return out;
}

} // namespace mydocker::engine
