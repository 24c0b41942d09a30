// Docker's JSON seccomp profile -> SeccompProfile. Decoded as Go's encoding/json does for
// moby's types: keys match case-insensitively, unknown keys and nulls are ignored, a wrong
// type is an error naming the field.
#include "engine/runtime/seccomp_profile.hpp"

#include <strings.h>

#include <nlohmann/json.hpp>

namespace mydocker::runtime {

using nlohmann::json;

namespace {

struct DecodeError {
  std::string message;
};
// A well-formed profile that moby's setupSeccomp refuses (no "Decoding..." prefix).
struct ProfileError {
  std::string message;
};

const json* field(const json& obj, const char* name) {
  for (auto it = obj.begin(); it != obj.end(); ++it)
    if (::strcasecmp(it.key().c_str(), name) == 0)
      return it->is_null() ? nullptr : &*it;
  return nullptr;
}

// Go's wording: "json: cannot unmarshal number into Go struct field Seccomp.defaultAction of
// type string".
void expect(const json& v, bool ok, const std::string& go_type, const std::string& where) {
  if (ok)
    return;
  std::string kind = v.is_boolean() ? "bool" : v.type_name();
  throw DecodeError{"json: cannot unmarshal " + kind + " into Go struct field " + where +
                    " of type " + go_type};
}

std::string str(const json& obj, const char* name, const std::string& where) {
  const json* v = field(obj, name);
  if (!v)
    return "";
  expect(*v, v->is_string(), "string", where + "." + name);
  return v->get<std::string>();
}

std::vector<std::string> strings(const json& obj, const char* name, const std::string& where) {
  std::vector<std::string> out;
  const json* v = field(obj, name);
  if (!v)
    return out;
  expect(*v, v->is_array(), "[]string", where + "." + name);
  for (const auto& s : *v) {
    expect(s, s.is_string(), "string", where + "." + name);
    out.push_back(s.get<std::string>());
  }
  return out;
}

std::optional<uint64_t> number(const json& obj, const char* name, const std::string& where) {
  const json* v = field(obj, name);
  if (!v)
    return std::nullopt;
  expect(*v, v->is_number_unsigned() || (v->is_number_integer() && v->get<int64_t>() >= 0),
         "unsigned integer", where + "." + name);
  return v->get<uint64_t>();
}

std::optional<unsigned> errno_value(const json& obj, const char* name, const std::string& where) {
  auto n = number(obj, name, where);
  if (n && *n > 0xffffffffULL)
    throw DecodeError{"json: number out of range for field " + where + "." + name};
  return n ? std::optional<unsigned>(static_cast<unsigned>(*n)) : std::nullopt;
}

KernelVersion kernel_version(const std::string& text) {
  auto bad = [&](const std::string& why) {
    return DecodeError{"invalid kernel version: \"" + text + "\", expected \"<kernel>.<major>\"" +
                       why};
  };
  size_t dot = text.find('.');
  if (dot == std::string::npos || text.find('.', dot + 1) != std::string::npos)
    throw bad("");
  auto part = [&](const std::string& p) {
    if (p.empty() || p.size() > 3 || p.find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(p) > 255)
      throw bad(": invalid number \"" + p + "\"");
    return static_cast<unsigned>(std::stoul(p));
  };
  KernelVersion k{part(text.substr(0, dot)), part(text.substr(dot + 1))};
  if (k.kernel == 0 && k.major == 0)
    throw bad(": version cannot be 0.0");
  return k;
}

SeccompCondition condition(const json& call, const char* name) {
  SeccompCondition c;
  const json* v = field(call, name);
  if (!v)
    return c;
  std::string where = std::string("Syscall.") + name;
  expect(*v, v->is_object(), "seccomp.Filter", where);
  c.caps = strings(*v, "caps", where);
  c.arches = strings(*v, "arches", where);
  if (std::string k = str(*v, "minKernel", where); !k.empty())
    c.min_kernel = kernel_version(k);
  return c;
}

SeccompArg argument(const json& a) {
  expect(a, a.is_object(), "specs.LinuxSeccompArg", "Syscall.args");
  SeccompArg arg;
  arg.index = static_cast<unsigned>(number(a, "index", "args").value_or(0));
  arg.value = number(a, "value", "args").value_or(0);
  arg.value_two = number(a, "valueTwo", "args").value_or(0);
  arg.op = str(a, "op", "args");
  return arg;
}

SeccompRule syscall_rule(const json& call) {
  expect(call, call.is_object(), "seccomp.Syscall", "Seccomp.syscalls");
  SeccompRule rule;
  rule.names = strings(call, "names", "Syscall");
  if (std::string name = str(call, "name", "Syscall"); !name.empty()) {
    if (!rule.names.empty())
      throw ProfileError{"both 'name' and 'names' are specified in the seccomp profile, use "
                         "either 'name' or 'names'"};
    rule.names = {name};
  }
  rule.action = str(call, "action", "Syscall");
  rule.errno_ret = errno_value(call, "errnoRet", "Syscall");
  if (const json* args = field(call, "args")) {
    expect(*args, args->is_array(), "[]specs.LinuxSeccompArg", "Syscall.args");
    for (const auto& a : *args)
      rule.args.push_back(argument(a));
  }
  rule.includes = condition(call, "includes");
  rule.excludes = condition(call, "excludes");
  return rule;
}

SeccompProfile decode(const json& doc) {
  if (!doc.is_object())
    throw DecodeError{"json: cannot unmarshal " + std::string(doc.type_name()) +
                      " into Go value of type seccomp.Seccomp"};
  SeccompProfile p;
  p.default_action = str(doc, "defaultAction", "Seccomp");
  p.default_errno_ret = errno_value(doc, "defaultErrnoRet", "Seccomp");
  p.architectures = strings(doc, "architectures", "Seccomp");
  if (const json* maps = field(doc, "archMap")) {
    expect(*maps, maps->is_array(), "[]seccomp.Architecture", "Seccomp.archMap");
    for (const auto& m : *maps) {
      expect(m, m.is_object(), "seccomp.Architecture", "Seccomp.archMap");
      p.arch_map.push_back(
          {str(m, "architecture", "Architecture"), strings(m, "subArchitectures", "Architecture")});
    }
  }
  if (const json* calls = field(doc, "syscalls")) {
    expect(*calls, calls->is_array(), "[]*seccomp.Syscall", "Seccomp.syscalls");
    for (const auto& call : *calls)
      if (!call.is_null())
        p.syscalls.push_back(syscall_rule(call));
  }
  return p;
}

} // namespace

Result<SeccompProfile> parse_seccomp_profile(std::string_view json_text) {
  try {
    return decode(json::parse(json_text));
  } catch (const DecodeError& e) {
    return invalid_argument("Decoding seccomp profile failed: " + e.message);
  } catch (const ProfileError& e) {
    return invalid_argument(e.message);
  } catch (const json::exception& e) {
    return invalid_argument(std::string("Decoding seccomp profile failed: ") + e.what());
  }
}

} // namespace mydocker::runtime
