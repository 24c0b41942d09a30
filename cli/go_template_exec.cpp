// Executing a parsed template against JSON data, with Go's semantics for the subset.
#include <algorithm>

#include "cli/go_template/ast.hpp"

namespace mydocker::cli::tmpl {

std::string exec_location(const std::string& text, size_t pos) {
  std::string before = text.substr(0, std::min(pos, text.size()));
  size_t nl = before.rfind('\n');
  size_t line = 1 + static_cast<size_t>(std::count(before.begin(), before.end(), '\n'));
  size_t col = nl == std::string::npos ? pos : pos - nl - 1;
  return "template: :" + std::to_string(line) + ":" + std::to_string(col) + ": ";
}

namespace {

// Go reports a chain's errors at its second field (the chain node's position).
size_t chain_pos(const Operand& op) {
  if (op.field_pos.empty())
    return op.pos;
  return op.field_pos[op.kind == Operand::Kind::Field && op.fields.size() > 1 ? 1 : 0];
}

class Executor {
public:
  Executor(const Node& root, const Value& data, const ExecOptions& options)
      : m_text(root.text), m_data(data), m_options(options) {
    m_vars.emplace_back("$", data);
  }

  Result<void> run(const std::vector<Node>& nodes, const Value& dot) {
    for (const auto& node : nodes)
      if (auto done = walk(node, dot); !done)
        return done;
    return {};
  }

  std::string& out() { return m_out; }

private:
  Result<void> walk(const Node& node, const Value& dot) {
    switch (node.kind) {
    case Node::Kind::Text: m_out += node.text; return {};
    case Node::Kind::List: return run(node.list, dot);
    case Node::Kind::Action: {
      auto v = pipe(*node.pipe, dot);
      if (!v)
        return tl::unexpected(v.error());
      if (node.pipe->decl.empty())
        m_out += v->is_null() ? nil_text(*node.pipe) : print_text(*node.pipe, *v);
      return {};
    }
    case Node::Kind::Range: return range(node, dot);
    default: break;
    }
    size_t depth = m_vars.size();
    auto v = pipe(*node.pipe, dot);
    if (!v)
      return tl::unexpected(v.error());
    bool yes = truthy(*v);
    const Value& inner = node.kind == Node::Kind::With && yes ? *v : dot;
    auto done = run(yes ? node.list : node.else_list, inner);
    m_vars.resize(depth);
    return done;
  }

  // {{.State}}: a struct of docker's typed inspect data prints as Go prints structs.
  static std::string print_text(const PipeNode& p, const Value& v) {
    const CommandNode& last = p.cmds.back();
    if (p.cmds.size() != 1 || last.args.size() != 1 || last.args[0].fields.empty())
      return go_print(v);
    return go_print_field(last.args[0].fields.back(), v);
  }

  // {{.Config.Entrypoint}} of a nil slice prints [] in docker (a typed struct), not <nil>.
  static std::string nil_text(const PipeNode& p) {
    const CommandNode& last = p.cmds.back();
    if (last.args.size() != 1 || last.args[0].fields.empty())
      return "<nil>";
    return go_print_nil(last.args[0].fields.back());
  }

  Result<void> range(const Node& node, const Value& dot) {
    size_t depth = m_vars.size();
    auto v = pipe_value(*node.pipe, dot);
    if (!v)
      return tl::unexpected(v.error());
    if (!v->is_array() && !v->is_object() && !v->is_null())
      return fail(node.pos, "{{range}}", "range can't iterate over " + go_print(*v));
    std::vector<std::pair<Value, const Value*>> items;
    if (v->is_array())
      for (size_t i = 0; i < v->size(); ++i)
        items.emplace_back(Value(static_cast<int64_t>(i)), &(*v)[i]);
    if (v->is_object()) {
      std::vector<std::string> keys;
      for (const auto& [k, _] : v->items())
        keys.push_back(k);
      std::sort(keys.begin(), keys.end()); // Go ranges over a map in key order
      for (const auto& k : keys)
        items.emplace_back(Value(k), &(*v)[k]);
    }
    for (const auto& [key, elem] : items) {
      m_vars.resize(depth);
      const auto& decl = node.pipe->decl;
      if (decl.size() == 1)
        m_vars.emplace_back(decl[0], *elem);
      if (decl.size() == 2) {
        m_vars.emplace_back(decl[0], key);
        m_vars.emplace_back(decl[1], *elem);
      }
      if (auto done = run(node.list, *elem); !done)
        return done;
    }
    m_vars.resize(depth);
    return items.empty() ? run(node.else_list, dot) : Result<void>{};
  }

  // The pipeline's value without its declarations (range declares per element).
  Result<Value> pipe_value(const PipeNode& p, const Value& dot) {
    std::optional<Value> last;
    for (const auto& cmd : p.cmds) {
      auto v = command(cmd, dot, last);
      if (!v)
        return v;
      last = std::move(*v);
    }
    return last.value_or(Value());
  }

  Result<Value> pipe(const PipeNode& p, const Value& dot) {
    auto v = pipe_value(p, dot);
    if (!v || p.decl.empty())
      return v;
    if (!p.assign) {
      m_vars.emplace_back(p.decl[0], *v);
      return v;
    }
    for (auto it = m_vars.rbegin(); it != m_vars.rend(); ++it)
      if (it->first == p.decl[0]) {
        it->second = *v;
        return v;
      }
    return fail(p.pos, p.decl[0], "undefined variable: " + p.decl[0]);
  }

  Result<Value> command(const CommandNode& cmd, const Value& dot,
                        const std::optional<Value>& piped) {
    const Operand& head = cmd.args[0];
    if (head.kind == Operand::Kind::Func) {
      std::vector<Value> args;
      for (size_t i = 1; i < cmd.args.size(); ++i) {
        auto v = operand(cmd.args[i], dot);
        if (!v)
          return v;
        args.push_back(std::move(*v));
      }
      if (piped)
        args.push_back(*piped);
      if (m_options.raw_maps && head.name == "join" && cmd.args.size() > 1 && args[0].is_array())
        return fail(chain_pos(cmd.args[1]), "<" + cmd.args[1].source + ">",
                    "wrong type for value; expected []string; got []interface {}");
      auto v = call_function(head.name, args);
      if (!v)
        return fail(cmd.pos, "<" + cmd.source + ">",
                    "error calling " + head.name + ": " + v.error().message);
      return v;
    }
    if (cmd.args.size() > 1 || piped)
      return method_call(cmd, dot, piped);
    return operand(head, dot);
  }

  // {{.Label "key"}}: docker's contexts have methods with arguments; here an object field
  // called with a key is indexed by it.
  Result<Value> method_call(const CommandNode& cmd, const Value& dot,
                            const std::optional<Value>& piped) {
    const Operand& head = cmd.args[0];
    auto v = operand(head, dot);
    if (!v)
      return v;
    std::optional<Value> key = piped;
    if (cmd.args.size() > 1) {
      auto k = operand(cmd.args[1], dot);
      if (!k)
        return k;
      key = *k;
    }
    if (head.fields.empty() || !v->is_object() || !key || !key->is_string())
      return fail(cmd.pos, "<" + cmd.source + ">",
                  head.fields.empty() ? "can't give argument to non-function " + head.source
                                      : head.fields.back() + " is not a method but has arguments");
    auto it = v->find(key->get<std::string>());
    return it == v->end() ? Value("") : *it;
  }

  Result<Value> operand(const Operand& op, const Value& dot) {
    Value base;
    switch (op.kind) {
    case Operand::Kind::Dot:
    case Operand::Kind::Field: base = dot; break;
    case Operand::Kind::Literal: base = op.literal; break;
    case Operand::Kind::Variable: {
      auto it = std::find_if(m_vars.rbegin(), m_vars.rend(),
                             [&](const auto& var) { return var.first == op.name; });
      if (it == m_vars.rend())
        return fail(op.pos, op.source, "undefined variable: " + op.name);
      base = it->second;
      break;
    }
    case Operand::Kind::Pipe: {
      auto v = pipe(*op.pipe, dot);
      if (!v)
        return v;
      base = std::move(*v);
      break;
    }
    case Operand::Kind::Func: {
      std::vector<Value> none;
      auto v = call_function(op.name, none);
      if (!v)
        return fail(op.pos, "<" + op.source + ">",
                    "error calling " + op.name + ": " + v.error().message);
      return v;
    }
    }
    return fields(op, std::move(base), op.kind == Operand::Kind::Field && &dot == &m_data);
  }

  Result<Value> fields(const Operand& op, Value v, bool from_root) {
    for (size_t i = 0; i < op.fields.size(); ++i) {
      const std::string& name = op.fields[i];
      size_t pos = chain_pos(op);
      std::string context = "<" + op.source + ">";
      if (v.is_null())
        return fail(pos, context, "nil pointer evaluating interface {}." + name);
      if (!v.is_object())
        return fail(pos, context, // raw inspect data is map[string]interface {} all the way
                    "can't evaluate field " + name + " in type " +
                        (m_options.root_type.empty() ? "interface {}" : go_type(v)));
      auto it = v.find(name);
      if (it == v.end() && i + 1 == op.fields.size() && go_omitted_pointer(name)) {
        v = Value();
        continue;
      }
      if (it == v.end() && i + 1 == op.fields.size() && m_options.missing_key_no_value) {
        v = Value("<no value>");
        continue;
      }
      if (it == v.end())
        return fail(pos, context,
                    from_root && !m_options.root_type.empty()
                        ? "can't evaluate field " + name + " in type " + m_options.root_type
                        : "map has no entry for key \"" + name + "\"");
      Value next = *it;
      v = std::move(next);
      from_root = false;
    }
    return v;
  }

  tl::unexpected<Error> fail(size_t pos, const std::string& context, const std::string& what) {
    return tl::unexpected(
        Error{Errc::InvalidArgument, 0,
              exec_location(m_text, pos) + "executing \"\" at " + context + ": " + what});
  }

  const std::string& m_text;
  const Value& m_data;
  const ExecOptions& m_options;
  std::vector<std::pair<std::string, Value>> m_vars;
  std::string m_out;
};

} // namespace

Result<std::string> Template::execute(const Value& data, const ExecOptions& options) const {
  Executor exec(*m_root, data, options);
  if (auto done = exec.run(m_root->list, data); !done)
    return tl::unexpected(done.error());
  return std::move(exec.out());
}

} // namespace mydocker::cli::tmpl
