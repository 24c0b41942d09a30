// Go's fmt.Sprintf for the verbs templates use: %v %s %d %q %t %f %x %% with flags, width
// and precision; a missing operand prints %!v(MISSING) as Go does.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/go_template/ast.hpp"

namespace mydocker::cli::tmpl {

namespace {

struct Spec {
  bool left = false;
  bool zero = false;
  bool plus = false;
  int width = -1;
  int precision = -1;
};

std::string pad(std::string s, const Spec& spec) {
  size_t cols = 0;
  for (unsigned char c : s)
    cols += (c & 0xC0) != 0x80;
  if (spec.width < 0 || cols >= static_cast<size_t>(spec.width))
    return s;
  std::string fill(static_cast<size_t>(spec.width) - cols, spec.zero && !spec.left ? '0' : ' ');
  return spec.left ? s + fill : fill + s;
}

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '\t') {
      out += "\\t";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

std::string format_one(char verb, const Value& v, const Spec& spec) {
  char buf[128];
  switch (verb) {
  case 'd':
    if (!v.is_number())
      return "%!d(" + go_type(v) + "=" + go_print(v) + ")";
    std::snprintf(buf, sizeof buf, spec.plus ? "%+lld" : "%lld",
                  static_cast<long long>(v.get<double>()));
    return buf;
  case 'f':
    if (!v.is_number())
      return "%!f(" + go_type(v) + "=" + go_print(v) + ")";
    std::snprintf(buf, sizeof buf, "%.*f", spec.precision < 0 ? 6 : spec.precision,
                  v.get<double>());
    return buf;
  case 'x':
    if (v.is_number_integer()) {
      std::snprintf(buf, sizeof buf, "%llx", static_cast<long long>(v.get<int64_t>()));
      return buf;
    } else {
      std::string out;
      for (unsigned char c : (v.is_string() ? v.get<std::string>() : go_print(v))) {
        std::snprintf(buf, sizeof buf, "%02x", c);
        out += buf;
      }
      return out;
    }
  case 'q': return quote(v.is_string() ? v.get<std::string>() : go_print(v));
  case 't': return v.is_boolean() ? go_print(v) : "%!t(" + go_type(v) + "=" + go_print(v) + ")";
  default: {
    std::string s = go_print(v);
    if (verb == 's' && spec.precision >= 0 && s.size() > static_cast<size_t>(spec.precision))
      s.resize(static_cast<size_t>(spec.precision));
    return s;
  }
  }
}

int read_number(const std::string& f, size_t& i) {
  int n = 0;
  while (i < f.size() && f[i] >= '0' && f[i] <= '9')
    n = n * 10 + (f[i++] - '0');
  return n;
}

// Flags, width and precision after a '%'; i ends on the verb.
Spec read_spec(const std::string& f, size_t& i) {
  Spec spec;
  for (; i < f.size() && (f[i] == '-' || f[i] == '0' || f[i] == '+' || f[i] == ' '); ++i)
    (f[i] == '-' ? spec.left : f[i] == '0' ? spec.zero : spec.plus) = true;
  if (i < f.size() && f[i] >= '1' && f[i] <= '9')
    spec.width = read_number(f, i);
  if (i < f.size() && f[i] == '.') {
    ++i;
    spec.precision = read_number(f, i);
  }
  return spec;
}

} // namespace

std::string printf_go(const std::vector<Value>& args) {
  if (args.empty() || !args[0].is_string())
    return "";
  const std::string f = args[0].get<std::string>();
  std::string out;
  size_t next = 1;
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '%' || i + 1 >= f.size()) {
      out += f[i];
      continue;
    }
    ++i;
    Spec spec = read_spec(f, i);
    if (i >= f.size())
      break;
    char verb = f[i];
    if (verb == '%') {
      out += '%';
      continue;
    }
    if (next >= args.size()) {
      out += std::string("%!") + verb + "(MISSING)";
      continue;
    }
    out += pad(format_one(verb, args[next++], spec), spec);
  }
  if (next < args.size()) {
    out += "%!(EXTRA ";
    for (size_t i = next; i < args.size(); ++i)
      out += (i > next ? ", " : "") + go_type(args[i]) + "=" + go_print(args[i]);
    out += ")";
  }
  return out;
}

} // namespace mydocker::cli::tmpl
