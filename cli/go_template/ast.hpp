// The parsed form of a template (private to cli/go_template*).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/go_template.hpp"

namespace mydocker::cli::tmpl {

struct PipeNode;

struct Operand {
  enum class Kind { Dot, Field, Variable, Func, Literal, Pipe };
  Kind kind = Kind::Dot;
  std::string name;                // function or variable name ("$", "$x")
  std::vector<std::string> fields; // chain after the term: .A.B
  std::vector<size_t> field_pos;   // where each field is written (Go reports the failing one)
  Value literal;                   // strings, numbers, booleans, nil
  std::shared_ptr<PipeNode> pipe;  // parenthesised pipeline
  size_t pos = 0;
  std::string source; // as written, for error contexts
};

struct CommandNode {
  std::vector<Operand> args;
  size_t pos = 0;
  std::string source;
};

struct PipeNode {
  std::vector<std::string> decl; // $x := ... / $i, $e := ...
  bool assign = false;           // '=' instead of ':='
  std::vector<CommandNode> cmds;
  size_t pos = 0;
};

struct Node {
  enum class Kind { List, Text, Action, If, Range, With };
  Kind kind = Kind::List;
  std::string text; // Text's bytes; the root List keeps the whole template (error locations)
  std::shared_ptr<PipeNode> pipe;
  std::vector<Node> list;
  std::vector<Node> else_list;
  size_t pos = 0;
};

// "template: :LINE:COL: " for an execution error at byte offset pos of text.
std::string exec_location(const std::string& text, size_t pos);

// Functions (go_template_funcs.cpp).
bool is_function(const std::string& name);
Result<Value> call_function(const std::string& name, std::vector<Value>& args);
bool truthy(const Value& v);
// How Go prints a nil of the typed field `name` in docker's structs: "[]" for slices, "map[]"
// for maps, "<nil>" otherwise (the JSON only says null).
std::string go_print_nil(const std::string& name);
// A value reached as field `name` of docker's typed inspect structs: a struct (State,
// RestartPolicy, LogConfig, GraphDriver, Mounts' elements) prints as Go's %v does,
// `{v1 v2 ...}` in declaration order; anything else as go_print.
std::string go_print_field(const std::string& name, const Value& v);
// Pointer fields the daemon omits when nil (State.Health, SizeRw): Go's typed evaluation
// sees nil.
bool go_omitted_pointer(const std::string& name);
std::string go_type(const Value& v);

} // namespace mydocker::cli::tmpl
