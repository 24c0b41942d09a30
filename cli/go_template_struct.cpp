// Go's %v of the structs in docker's typed inspect data: `{v1 v2 ...}` in the fields'
// declaration order (JSON carries no order, so the known structs are listed here).
#include <map>
#include <vector>

#include "cli/go_template/ast.hpp"

namespace mydocker::cli::tmpl {

namespace {

using FieldList = std::vector<std::string>;

// container.State, container.RestartPolicy, container.LogConfig, storage.DriverData,
// container.MountPoint (one element of Mounts).
const std::map<std::string, FieldList>& struct_fields() {
  static const std::map<std::string, FieldList> fields = {
      {"State",
       {"Status", "Running", "Paused", "Restarting", "OOMKilled", "Dead", "Pid", "ExitCode",
        "Error", "StartedAt", "FinishedAt", "Health"}},
      {"RestartPolicy", {"Name", "MaximumRetryCount"}},
      {"LogConfig", {"Type", "Config"}},
      {"GraphDriver", {"Data", "Name"}},
      {"Mounts", {"Type", "Name", "Source", "Destination", "Driver", "Mode", "RW", "Propagation"}},
  };
  return fields;
}

std::string print_struct(const FieldList& fields, const Value& v) {
  std::string out = "{";
  for (size_t i = 0; i < fields.size(); ++i) {
    auto it = v.find(fields[i]);
    std::string text;
    if (it == v.end() || it->is_null())
      text = go_print_nil(fields[i]);
    else if (struct_fields().count(fields[i]) && it->is_object())
      text = print_struct(struct_fields().at(fields[i]), *it);
    else
      text = go_print(*it);
    out += (i ? " " : "") + text;
  }
  return out + "}";
}

} // namespace

std::string go_print_field(const std::string& name, const Value& v) {
  auto it = struct_fields().find(name);
  if (it == struct_fields().end())
    return go_print(v);
  if (v.is_object())
    return print_struct(it->second, v);
  if (name == "Mounts" && v.is_array()) { // a slice of structs
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i)
      out += (i ? " " : "") + (v[i].is_object() ? print_struct(it->second, v[i]) : go_print(v[i]));
    return out + "]";
  }
  return go_print(v);
}

} // namespace mydocker::cli::tmpl
