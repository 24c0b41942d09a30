// Go's fmt %v printing of JSON values, truthiness and type names for the template subset.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "cli/go_template/ast.hpp"

namespace mydocker::cli::tmpl {

namespace {

std::string go_float(double d) {
  if (std::isinf(d))
    return d > 0 ? "+Inf" : "-Inf";
  if (std::isnan(d))
    return "NaN";
  double exp = d == 0 ? 0 : std::floor(std::log10(std::fabs(d)));
  char buf[64];
  // %v uses the shortest representation, in exponent form for big or tiny numbers.
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof buf, exp < -4 || exp >= 21 ? "%.*e" : "%.*g", prec - 1, d);
    if (std::strtod(buf, nullptr) == d)
      break;
  }
  std::string s = buf;
  if (exp >= 21 || exp < -4) { // Go writes e+06, not e+006; C already gives two digits
    return s;
  }
  if (s.find('e') != std::string::npos) { // %g switched to exponent form; Go would not
    std::snprintf(buf, sizeof buf, "%.17f", d);
    s = buf;
    while (s.back() == '0')
      s.pop_back();
    if (s.back() == '.')
      s.pop_back();
  }
  return s;
}

} // namespace

bool truthy(const Value& v) {
  if (v.is_null())
    return false;
  if (v.is_boolean())
    return v.get<bool>();
  if (v.is_number())
    return v.get<double>() != 0;
  if (v.is_string())
    return !v.get_ref<const std::string&>().empty();
  return !v.empty();
}

std::string go_type(const Value& v) {
  if (v.is_string())
    return "string";
  if (v.is_boolean())
    return "bool";
  if (v.is_number_integer())
    return "int";
  if (v.is_number())
    return "float64";
  if (v.is_array())
    return "[]interface {}";
  if (v.is_object())
    return "map[string]interface {}";
  return "interface {}";
}

std::string go_print(const Value& v) {
  if (v.is_string())
    return v.get<std::string>();
  if (v.is_null())
    return "<nil>";
  if (v.is_boolean())
    return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer())
    return v.dump();
  if (v.is_number_float())
    return go_float(v.get<double>());
  std::string out = v.is_array() ? "[" : "map[";
  if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i)
      out += (i ? " " : "") + go_print(v[i]);
  } else {
    std::vector<std::string> keys;
    for (const auto& [k, _] : v.items())
      keys.push_back(k);
    std::sort(keys.begin(), keys.end()); // fmt prints maps in key order
    for (size_t i = 0; i < keys.size(); ++i)
      out += (i ? " " : "") + keys[i] + ":" + go_print(v[keys[i]]);
  }
  return out + "]";
}

std::string go_print_nil(const std::string& name) {
  // Fields of docker's container and image structs that are slices or maps.
  static const std::string slices =
      " Entrypoint Cmd Binds CapAdd CapDrop Dns DnsOptions DnsSearch ExtraHosts GroupAdd Links"
      " SecurityOpt VolumesFrom MaskedPaths ReadonlyPaths OnBuild DeviceCgroupRules"
      " DeviceRequests ExecIDs Mounts SecondaryIPAddresses SecondaryIPv6Addresses RepoTags"
      " RepoDigests Layers Shell Devices Ulimits Tmpfs Aliases DNSNames Args Env ";
  static const std::string maps =
      " Labels Volumes ExposedPorts Ports PortBindings Data Networks Options StorageOpt Sysctls ";
  std::string word = " " + name + " ";
  if (slices.find(word) != std::string::npos)
    return "[]";
  return maps.find(word) != std::string::npos ? "map[]" : "<nil>";
}

bool go_omitted_pointer(const std::string& name) {
  return name == "Health" || name == "SizeRw" || name == "SizeRootFs";
}

std::string unescape_format(std::string_view format) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '\\' && i + 1 < format.size() &&
        (format[i + 1] == 't' || format[i + 1] == 'n')) {
      out += format[++i] == 't' ? '\t' : '\n';
      continue;
    }
    out += format[i];
  }
  return out;
}

} // namespace mydocker::cli::tmpl
