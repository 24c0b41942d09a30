// The template functions (Go's builtins and docker's additions).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>

#include "cli/go_template/ast.hpp"

namespace mydocker::cli::tmpl {

std::string printf_go(const std::vector<Value>& args); // go_template_printf.cpp

namespace {

Result<Value> bad(const std::string& message) {
  return tl::unexpected(Error{Errc::InvalidArgument, 0, message});
}

std::string as_string(const Value& v) {
  return v.is_string() ? v.get<std::string>() : go_print(v);
}

Result<Value> index(std::vector<Value>& a) {
  if (a.empty())
    return bad("wrong number of args for index: want at least 1 got 0");
  Value v = a[0];
  for (size_t i = 1; i < a.size(); ++i) {
    if (v.is_object() && a[i].is_string()) {
      auto it = v.find(a[i].get<std::string>());
      // A missing key gives the map's zero value: "" for docker's map[string]string labels.
      bool strings = std::all_of(v.begin(), v.end(), [](const Value& e) { return e.is_string(); });
      v = it != v.end() ? Value(*it) : strings ? Value("") : Value();
    } else if (v.is_array() && a[i].is_number_integer()) {
      int64_t n = a[i].get<int64_t>();
      if (n < 0 || static_cast<size_t>(n) >= v.size())
        return bad("index out of range: " + std::to_string(n));
      Value next = v[static_cast<size_t>(n)];
      v = std::move(next);
    } else if (v.is_null() && a[i].is_string()) {
      v = Value(""); // a nil map[string]string (an image's Config.Labels) indexes to ""
    } else if (v.is_null()) {
      return bad("index of untyped nil");
    } else {
      return bad("can't index item of type " + go_type(v));
    }
  }
  return v;
}

int compare(const Value& a, const Value& b, bool* ok) {
  *ok = true;
  if (a.is_number() && b.is_number()) {
    double x = a.get<double>(), y = b.get<double>();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.is_string() && b.is_string())
    return a.get<std::string>().compare(b.get<std::string>());
  if (a.is_boolean() && b.is_boolean())
    return a == b ? 0 : 1;
  *ok = false;
  return 0;
}

Result<Value> compare_fn(std::vector<Value>& a, const std::string& op) {
  if (a.size() < 2)
    return bad("missing argument for comparison");
  for (size_t i = 1; i < a.size(); ++i) {
    bool ok = false;
    int c = compare(a[0], a[i], &ok);
    if (!ok && !(a[0].is_null() || a[i].is_null()))
      return bad("incompatible types for comparison");
    if (!ok)
      c = a[0] == a[i] ? 0 : 1;
    if (op == "eq" && c == 0)
      return Value(true);
    if (op != "eq") {
      bool r = op == "ne"   ? c != 0
               : op == "lt" ? c < 0
               : op == "le" ? c <= 0
               : op == "gt" ? c > 0
                            : c >= 0;
      return Value(r);
    }
  }
  return Value(false);
}

std::string dump_json(const Value& v) {
  // Go's encoder with SetEscapeHTML(false), as docker's json function uses.
  return v.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string go_print_sequence(const std::vector<Value>& a, bool always_space) {
  std::string out;
  for (size_t i = 0; i < a.size(); ++i) {
    // Sprint puts a space between operands when neither is a string.
    if (i > 0 && (always_space || (!a[i - 1].is_string() && !a[i].is_string())))
      out += ' ';
    out += go_print(a[i]);
  }
  return out;
}

// docker's pad: spaces around a non-empty string.
Result<Value> pad(std::vector<Value>& a) {
  if (a.size() != 3 || !a[1].is_number_integer() || !a[2].is_number_integer())
    return bad("wrong arguments for pad");
  std::string s = as_string(a[0]);
  if (s.empty())
    return Value(s);
  return Value(std::string(a[1].get<size_t>(), ' ') + s + std::string(a[2].get<size_t>(), ' '));
}

using Fn = std::function<Result<Value>(std::vector<Value>&)>;

Result<Value> one_string(std::vector<Value>& a, const std::function<std::string(std::string)>& f) {
  if (a.size() != 1)
    return bad("wrong number of args: want 1 got " + std::to_string(a.size()));
  return Value(f(as_string(a[0])));
}

Result<Value> join(std::vector<Value>& a) {
  if (a.size() != 2 || !a[0].is_array())
    return bad("wrong arguments for join");
  std::string out;
  for (size_t i = 0; i < a[0].size(); ++i)
    out += (i ? as_string(a[1]) : "") + as_string(a[0][i]);
  return Value(out);
}

Result<Value> split(std::vector<Value>& a) {
  if (a.size() != 2)
    return bad("wrong number of args for split: want 2 got " + std::to_string(a.size()));
  std::string s = as_string(a[0]), sep = as_string(a[1]);
  Value out = Value::array();
  size_t start = 0;
  for (size_t at; !sep.empty() && (at = s.find(sep, start)) != std::string::npos;
       start = at + sep.size())
    out.push_back(s.substr(start, at - start));
  out.push_back(s.substr(start));
  return out;
}

Result<Value> json_fn(std::vector<Value>& a) {
  return a.size() == 1 ? Result<Value>(dump_json(a[0])) : bad("json: want 1 arg");
}

std::string mapped(std::string s, int (*f)(int)) {
  for (auto& c : s)
    c = static_cast<char>(f(static_cast<unsigned char>(c)));
  return s;
}

Result<Value> lower(std::vector<Value>& a) {
  return one_string(a, [](std::string s) { return mapped(std::move(s), ::tolower); });
}

Result<Value> upper(std::vector<Value>& a) {
  return one_string(a, [](std::string s) { return mapped(std::move(s), ::toupper); });
}

Result<Value> title(std::vector<Value>& a) {
  return one_string(a, [](std::string s) {
    for (size_t i = 0; i < s.size(); ++i)
      if (i == 0 || s[i - 1] == ' ')
        s[i] = static_cast<char>(::toupper(static_cast<unsigned char>(s[i])));
    return s;
  });
}

Result<Value> len(std::vector<Value>& a) {
  if (a.size() != 1 || !(a[0].is_array() || a[0].is_object() || a[0].is_string()))
    return bad("len of " + (a.empty() ? std::string("nothing") : go_type(a[0])));
  return Value(a[0].is_string() ? a[0].get_ref<const std::string&>().size() : a[0].size());
}

Result<Value> not_fn(std::vector<Value>& a) {
  if (a.size() != 1)
    return bad("wrong number of args for not: want 1 got " + std::to_string(a.size()));
  return Value(!truthy(a[0]));
}

// Go's and/or: the first falsy (truthy) operand, else the last.
Result<Value> first_with(std::vector<Value>& a, bool truth) {
  if (a.empty())
    return bad("missing arguments");
  for (auto& v : a)
    if (truthy(v) == truth)
      return v;
  return a.back();
}

Result<Value> truncate(std::vector<Value>& a) {
  if (a.size() != 2 || !a[1].is_number_integer())
    return bad("truncate: want 2 args");
  return Value(
      as_string(a[0]).substr(0, static_cast<size_t>(std::max<int64_t>(0, a[1].get<int64_t>()))));
}

const std::map<std::string, Fn>& functions() {
  static const std::map<std::string, Fn> table = {
      {"index", index},
      {"json", json_fn},
      {"join", join},
      {"split", split},
      {"lower", lower},
      {"upper", upper},
      {"title", title},
      {"len", len},
      {"print", [](auto& a) { return Result<Value>(go_print_sequence(a, false)); }},
      {"println", [](auto& a) { return Result<Value>(go_print_sequence(a, true) + "\n"); }},
      {"printf", [](auto& a) { return Result<Value>(printf_go(a)); }},
      {"not", not_fn},
      {"and", [](auto& a) { return first_with(a, false); }},
      {"or", [](auto& a) { return first_with(a, true); }},
      {"pad", pad},
      {"truncate", truncate},
      {"eq", [](auto& a) { return compare_fn(a, "eq"); }},
      {"ne", [](auto& a) { return compare_fn(a, "ne"); }},
      {"lt", [](auto& a) { return compare_fn(a, "lt"); }},
      {"le", [](auto& a) { return compare_fn(a, "le"); }},
      {"gt", [](auto& a) { return compare_fn(a, "gt"); }},
      {"ge", [](auto& a) { return compare_fn(a, "ge"); }},
  };
  return table;
}

} // namespace

bool is_function(const std::string& name) {
  return functions().count(name) > 0;
}

Result<Value> call_function(const std::string& name, std::vector<Value>& args) {
  return functions().at(name)(args);
}

} // namespace mydocker::cli::tmpl
