// A subset of Go's text/template, as the docker CLI uses it for --format: field chains
// ({{.State.Status}}), variables, pipes, parentheses, if/else if/else, range (with $i, $e :=),
// with, and the functions docker registers (json, join, split, lower, upper, title, pad,
// truncate) plus Go's own (index, len, printf, print, println, eq, ne, lt, le, gt, ge, and,
// or, not). Data is JSON; values print as Go's %v does ([a b], map[k:v], <nil>).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.hpp"

namespace mydocker::cli::tmpl {

// Ordered, so {{json .X}} keeps the daemon's key order.
using Value = nlohmann::ordered_json;

struct Node;

struct ExecOptions {
  // Go type named in "can't evaluate field X in type T" for a field missing at the top level
  // (docker's typed contexts, e.g. "*formatter.ContainerContext"); empty: a map's
  // "map has no entry for key" error (docker inspect's raw fallback).
  std::string root_type;
  // docker inspect retries a failed template on the raw JSON (map[string]interface {}), where
  // the typed functions reject []interface {} arguments; its error is the one shown.
  bool raw_maps = false;
  // Go's default for a missing map key (docker events' typed Attributes map): the value
  // prints as "<no value>" instead of failing.
  bool missing_key_no_value = false;
};

class Template {
public:
  // Errors read like Go's: `template: :1: function "foo" not defined`.
  static Result<Template> parse(std::string_view text);
  Result<std::string> execute(const Value& data, const ExecOptions& options = {}) const;

private:
  explicit Template(std::shared_ptr<const Node> root) : m_root(std::move(root)) {}
  std::shared_ptr<const Node> m_root;
};

// Go's fmt %v for a JSON value.
std::string go_print(const Value& v);

// docker's `--format` shortcuts: "\t" -> tab, "\n" -> newline in the template text
// (docker unescapes them before parsing).
std::string unescape_format(std::string_view format);

} // namespace mydocker::cli::tmpl
