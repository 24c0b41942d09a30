#include "cli/ps_context.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

#include "cli/format.hpp"

namespace mydocker::cli {

using nlohmann::json;
using tmpl::Value;

std::string ellipsis(const std::string& s, size_t width) {
  std::vector<size_t> starts; // byte offset of each UTF-8 character
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80)
      starts.push_back(i);
  if (starts.size() <= width)
    return s;
  if (width == 0)
    return "";
  return s.substr(0, starts[width - 1]) + "…";
}

std::string go_time_string(int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %z %Z", &tm);
  return buf;
}

std::string human_size_4(double size) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  int i = 0;
  for (; size >= 1000 && i < 6; ++i)
    size /= 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g%s", size, units[i]);
  return buf;
}

namespace {

// strconv.Quote for the command line.
std::string go_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\', out += c;
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else
      out += c;
  }
  return out + "\"";
}

std::string ports_text(const json& ports) {
  std::vector<std::string> out;
  for (const auto& p : ports) {
    std::string proto = std::to_string(p.value("PrivatePort", 0)) + "/" + p.value("Type", "tcp");
    if (!p.contains("PublicPort") || p.value("PublicPort", 0) == 0) {
      out.push_back(proto);
      continue;
    }
    std::string ip = p.value("IP", "");
    if (ip.find(':') != std::string::npos)
      ip = "[" + ip + "]";
    out.push_back(ip + ":" + std::to_string(p.value("PublicPort", 0)) + "->" + proto);
  }
  std::string joined;
  for (const auto& s : out)
    joined += (joined.empty() ? "" : ", ") + s;
  return joined;
}

std::string join_strings(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& s : items)
    out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string size_text(const json& item) {
  std::string rw = human_size(static_cast<double>(item.value("SizeRw", int64_t{0})));
  int64_t root = item.value("SizeRootFs", int64_t{0});
  return root > 0 ? rw + " (virtual " + human_size(static_cast<double>(root)) + ")" : rw;
}

std::string mounts_text(const json& mounts, bool trunc, int* local_volumes) {
  std::vector<std::string> names;
  for (const auto& m : mounts) {
    std::string name = m.value("Name", "");
    if (name.empty())
      name = m.value("Source", "");
    names.push_back(trunc ? ellipsis(name, 15) : name);
    *local_volumes += m.value("Driver", "") == "local";
  }
  return join_strings(names, ",");
}

std::string image_text(const json& item, bool trunc) {
  std::string image = item.value("Image", "");
  if (image.empty())
    return "<no image>";
  if (trunc && image.rfind("sha256:", 0) == 0)
    return image.substr(7, 12);
  return image;
}

} // namespace

Value container_context(const json& item, const ContainerContextOptions& o) {
  std::string id = item.value("Id", "");
  std::vector<std::string> names, labels, networks;
  for (const auto& n : item.value("Names", std::vector<std::string>{}))
    names.push_back(n.substr(!n.empty() && n[0] == '/' ? 1 : 0));
  Value label_map = Value::object();
  const json item_labels = item.value("Labels", json::object());
  for (const auto& [k, v] : item_labels.items()) {
    labels.push_back(k + "=" + v.get<std::string>());
    label_map[k] = v;
  }
  std::sort(labels.begin(), labels.end());
  const json item_networks = item.value("/NetworkSettings/Networks"_json_pointer, json::object());
  for (const auto& [k, _] : item_networks.items())
    networks.push_back(k);
  int local_volumes = 0;
  std::string mounts = mounts_text(item.value("Mounts", json::array()), o.trunc, &local_volumes);
  std::string command = item.value("Command", "");
  int64_t created = item.value("Created", o.now);
  // Keys in Go's map order (alphabetical), as docker's MarshalJSON writes them.
  Value ctx = Value::object();
  ctx["Command"] = go_quote(o.trunc ? ellipsis(command, 20) : command);
  ctx["CreatedAt"] = go_time_string(created);
  ctx["ID"] = o.trunc ? id.substr(0, 12) : id;
  ctx["Image"] = image_text(item, o.trunc);
  if (o.with_label_method)
    ctx["Label"] = label_map;
  ctx["Labels"] = join_strings(labels, ",");
  ctx["LocalVolumes"] = std::to_string(local_volumes);
  ctx["Mounts"] = mounts;
  ctx["Names"] = join_strings(names, ",");
  ctx["Networks"] = join_strings(networks, ",");
  ctx["Platform"] = nullptr;
  ctx["Ports"] = ports_text(item.value("Ports", json::array()));
  ctx["RunningFor"] = human_duration(o.now - created) + " ago";
  ctx["Size"] = size_text(item);
  ctx["State"] = item.value("State", "");
  ctx["Status"] = item.value("Status", "");
  return ctx;
}

Value container_header(const std::set<std::string>& label_keys) {
  Value label = Value::object();
  for (const auto& k : label_keys)
    label[k] = k;
  return Value{{"Command", "COMMAND"},
               {"CreatedAt", "CREATED AT"},
               {"ID", "CONTAINER ID"},
               {"Image", "IMAGE"},
               {"Label", label},
               {"Labels", "LABELS"},
               {"LocalVolumes", "LOCAL VOLUMES"},
               {"Mounts", "MOUNTS"},
               {"Names", "NAMES"},
               {"Networks", "NETWORKS"},
               {"Platform", "PLATFORM"},
               {"Ports", "PORTS"},
               {"RunningFor", "CREATED"},
               {"Size", "SIZE"},
               {"State", "STATE"},
               {"Status", "STATUS"}};
}

} // namespace mydocker::cli
