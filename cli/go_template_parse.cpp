// The parser of the Go text/template subset: items from the lexer -> Node tree.
#include "cli/go_template/ast.hpp"
#include "cli/go_template/lex.hpp"

namespace mydocker::cli::tmpl {

namespace {

using Type = Token::Type;

class Parser {
public:
  Parser(std::string_view text, std::vector<Item> items)
      : m_text(text), m_items(std::move(items)) {}

  // Parses nodes until {{end}} or {{else}} (returned in `stop`) or the end of the template.
  Result<std::vector<Node>> list(const Item** stop) {
    std::vector<Node> nodes;
    *stop = nullptr;
    while (m_next < m_items.size()) {
      const Item& item = m_items[m_next++];
      if (!item.action) {
        nodes.push_back(Node{Node::Kind::Text, item.text, nullptr, {}, {}, item.pos});
        continue;
      }
      const std::string keyword = leading_ident(item);
      if (keyword == "end" || keyword == "else") {
        *stop = &item;
        return nodes;
      }
      auto node = keyword == "if" || keyword == "range" || keyword == "with"
                      ? control(item, keyword, 1)
                      : action(item);
      if (!node)
        return tl::unexpected(node.error());
      nodes.push_back(std::move(*node));
    }
    return nodes;
  }

  Error error(size_t pos, const std::string& message) const {
    return parse_error(m_text, pos, message);
  }

private:
  static std::string leading_ident(const Item& item) {
    if (!item.tokens.empty() && item.tokens[0].type == Type::Ident)
      return item.tokens[0].text;
    return "";
  }

  Result<Node> action(const Item& item) {
    const std::string keyword = leading_ident(item);
    if (keyword == "define" || keyword == "template" || keyword == "block" || keyword == "break" ||
        keyword == "continue")
      return tl::unexpected(error(item.pos, "{{" + keyword + "}} is not supported"));
    if (item.tokens.empty())
      return tl::unexpected(error(item.pos, "missing value for command"));
    auto pipe = pipeline(item, 0, false);
    if (!pipe)
      return tl::unexpected(pipe.error());
    return Node{Node::Kind::Action, "", *pipe, {}, {}, item.pos};
  }

  // if/range/with whose pipeline starts at token `first` of item.
  Result<Node> control(const Item& item, const std::string& keyword, size_t first) {
    Node node;
    node.kind = keyword == "if"      ? Node::Kind::If
                : keyword == "range" ? Node::Kind::Range
                                     : Node::Kind::With;
    node.pos = item.pos;
    if (first >= item.tokens.size())
      return tl::unexpected(error(item.pos, "missing value for " + keyword));
    auto pipe = pipeline(item, first, keyword == "range");
    if (!pipe)
      return tl::unexpected(pipe.error());
    node.pipe = *pipe;
    const Item* stop = nullptr;
    auto body = list(&stop);
    if (!body)
      return tl::unexpected(body.error());
    node.list = std::move(*body);
    if (!stop)
      return tl::unexpected(error(m_text.size(), "unexpected EOF"));
    if (leading_ident(*stop) == "end")
      return node;
    auto rest = else_branch(*stop);
    if (!rest)
      return tl::unexpected(rest.error());
    node.else_list = std::move(*rest);
    return node;
  }

  // After {{else}}: the nodes up to {{end}}; {{else if ...}} / {{else with ...}} is a nested
  // node whose {{end}} also closes ours.
  Result<std::vector<Node>> else_branch(const Item& stop_item) {
    if (stop_item.tokens.size() > 1) {
      const Token& next = stop_item.tokens[1];
      if (next.type != Type::Ident || (next.text != "if" && next.text != "with"))
        return tl::unexpected(error(stop_item.pos, "unexpected " + next.text + " in else"));
      auto nested = control(stop_item, next.text, 2);
      if (!nested)
        return tl::unexpected(nested.error());
      std::vector<Node> one;
      one.push_back(std::move(*nested));
      return one;
    }
    const Item* stop = nullptr;
    auto rest = list(&stop);
    if (!rest)
      return rest;
    if (!stop || leading_ident(*stop) != "end")
      return tl::unexpected(error(stop ? stop->pos : m_text.size(),
                                  stop ? "expected end; found {{else}}" : "unexpected EOF"));
    return rest;
  }

  Result<std::shared_ptr<PipeNode>> pipeline(const Item& item, size_t first, bool range) {
    m_tokens = &item.tokens;
    m_pos = first;
    m_item = &item;
    return pipe_from_tokens(range, false);
  }

  bool at(Type t) const { return m_pos < m_tokens->size() && (*m_tokens)[m_pos].type == t; }
  size_t here() const { return m_pos < m_tokens->size() ? (*m_tokens)[m_pos].pos : m_item->end; }

  Result<std::shared_ptr<PipeNode>> pipe_from_tokens(bool range, bool in_parens) {
    auto pipe = std::make_shared<PipeNode>();
    pipe->pos = here();
    declarations(*pipe, range);
    for (;;) {
      auto cmd = command(in_parens);
      if (!cmd)
        return tl::unexpected(cmd.error());
      pipe->cmds.push_back(std::move(*cmd));
      if (!at(Type::Pipe))
        break;
      ++m_pos;
    }
    if (in_parens ? !at(Type::RParen) : m_pos < m_tokens->size())
      return tl::unexpected(
          error(here(), in_parens ? "unclosed left paren"
                                  : "unexpected \"" + (*m_tokens)[m_pos].text + "\" in operand"));
    return pipe;
  }

  void declarations(PipeNode& pipe, bool range) {
    size_t save = m_pos;
    std::vector<std::string> names;
    while (at(Type::Variable)) {
      names.push_back((*m_tokens)[m_pos++].text);
      if (range && names.size() == 1 && at(Type::Comma)) {
        ++m_pos;
        continue;
      }
      break;
    }
    if (!names.empty() && (at(Type::Declare) || at(Type::Assign))) {
      pipe.assign = at(Type::Assign);
      ++m_pos;
      pipe.decl = std::move(names);
      return;
    }
    m_pos = save;
  }

  Result<CommandNode> command(bool in_parens) {
    CommandNode cmd;
    cmd.pos = here();
    while (m_pos < m_tokens->size() && !at(Type::Pipe) && !(in_parens && at(Type::RParen))) {
      auto op = operand();
      if (!op)
        return tl::unexpected(op.error());
      cmd.args.push_back(std::move(*op));
    }
    if (cmd.args.empty())
      return tl::unexpected(error(cmd.pos, "missing value for command"));
    size_t end = m_pos < m_tokens->size() ? (*m_tokens)[m_pos].pos : m_item->end;
    cmd.source = trimmed(m_text.substr(cmd.pos, end - cmd.pos));
    return cmd;
  }

  static std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n'))
      s.remove_suffix(1);
    return std::string(s);
  }

  // The term an operand starts with: ., .Field, $var, a literal, a function, (pipeline).
  Result<Operand> term() {
    const Token& t = (*m_tokens)[m_pos++];
    Operand op;
    op.pos = t.pos;
    switch (t.type) {
    case Type::Dot: op.kind = Operand::Kind::Dot; break;
    case Type::Field:
      op.kind = Operand::Kind::Field;
      op.fields.push_back(t.text);
      op.field_pos.push_back(t.pos);
      break;
    case Type::Variable:
      op.kind = Operand::Kind::Variable;
      op.name = t.text;
      break;
    case Type::Literal:
      op.kind = Operand::Kind::Literal;
      op.literal = t.value;
      break;
    case Type::Ident:
      if (!is_function(t.text))
        return tl::unexpected(error(t.pos, "function \"" + t.text + "\" not defined"));
      op.kind = Operand::Kind::Func;
      op.name = t.text;
      break;
    case Type::LParen: {
      op.kind = Operand::Kind::Pipe;
      auto inner = pipe_from_tokens(false, true);
      if (!inner)
        return tl::unexpected(inner.error());
      op.pipe = *inner;
      ++m_pos; // ')'
      break;
    }
    default: return tl::unexpected(error(t.pos, "unexpected \"" + t.text + "\" in operand"));
    }
    return op;
  }

  // A term and the fields chained to it without spaces (.A.B, $x.A, (pipe).A).
  Result<Operand> operand() {
    auto op = term();
    if (!op)
      return op;
    while (at(Type::Field) && !(*m_tokens)[m_pos].space_before) {
      op->field_pos.push_back((*m_tokens)[m_pos].pos);
      op->fields.push_back((*m_tokens)[m_pos++].text);
    }
    size_t end = m_pos < m_tokens->size() ? (*m_tokens)[m_pos].pos : m_item->end;
    op->source = trimmed(m_text.substr(op->pos, end - op->pos));
    return op;
  }

  std::string_view m_text;
  std::vector<Item> m_items;
  size_t m_next = 0;
  const std::vector<Token>* m_tokens = nullptr;
  const Item* m_item = nullptr;
  size_t m_pos = 0;
};

} // namespace

Result<Template> Template::parse(std::string_view text) {
  auto items = lex(text);
  if (!items)
    return tl::unexpected(items.error());
  Parser parser(text, std::move(*items));
  const Item* stop = nullptr;
  auto nodes = parser.list(&stop);
  if (!nodes)
    return tl::unexpected(nodes.error());
  if (stop)
    return tl::unexpected(
        parser.error(stop->pos, "unexpected {{" + std::string(stop->tokens[0].text) + "}}"));
  auto root = std::make_shared<Node>();
  root->kind = Node::Kind::List;
  root->text = std::string(text);
  root->list = std::move(*nodes);
  return Template(std::move(root));
}

} // namespace mydocker::cli::tmpl
