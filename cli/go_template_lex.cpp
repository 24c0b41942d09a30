// The lexer of the Go text/template subset: text, {{actions}}, trim markers, comments.
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "cli/go_template/lex.hpp"

namespace mydocker::cli::tmpl {

Error parse_error(std::string_view text, size_t pos, const std::string& message) {
  size_t line =
      1 + static_cast<size_t>(std::count(
              text.begin(), text.begin() + static_cast<long>(std::min(pos, text.size())), '\n'));
  return Error{Errc::InvalidArgument, 0, "template: :" + std::to_string(line) + ": " + message};
}

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}
bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

struct Lexer {
  std::string_view s;
  size_t i = 0;

  bool at(std::string_view what) const { return s.substr(i, what.size()) == what; }

  Result<std::string> quoted() {
    size_t start = i++;
    std::string out;
    while (i < s.size() && s[i] != '"') {
      char c = s[i++];
      if (c == '\n')
        break;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i >= s.size())
        break;
      char e = s[i++];
      switch (e) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '0': out += '\0'; break;
      case 'x': {
        std::string hex(s.substr(i, 2));
        out += static_cast<char>(std::strtol(hex.c_str(), nullptr, 16));
        i += 2;
        break;
      }
      default: out += e;
      }
    }
    if (i >= s.size() || s[i] != '"')
      return tl::unexpected(parse_error(s, start, "unterminated quoted string"));
    ++i;
    return out;
  }

  Value number(size_t start) {
    while (i < s.size() && (is_word(s[i]) || s[i] == '.' ||
                            ((s[i] == '-' || s[i] == '+') && (s[i - 1] == 'e' || s[i - 1] == 'E'))))
      ++i;
    std::string text(s.substr(start, i - start));
    if (text.find_first_of(".eE") != std::string::npos && text.find("0x") == std::string::npos)
      return Value(std::strtod(text.c_str(), nullptr));
    return Value(static_cast<int64_t>(std::strtoll(text.c_str(), nullptr, 0)));
  }

  // Punctuation: | ( ) , := =; false if s[i] is none of them.
  bool punct(Token& t) {
    static const std::pair<std::string_view, Token::Type> table[] = {
        {"|", Token::Type::Pipe},  {"(", Token::Type::LParen},   {")", Token::Type::RParen},
        {",", Token::Type::Comma}, {":=", Token::Type::Declare}, {"=", Token::Type::Assign}};
    for (const auto& [text, type] : table)
      if (at(text)) {
        t.type = type;
        t.text = std::string(text);
        i += text.size();
        return true;
      }
    return false;
  }

  // "...", `...`, 'c' and numbers; false if s[i] starts none of them.
  Result<bool> literal(Token& t) {
    t.type = Token::Type::Literal;
    char c = s[i];
    if (c == '"') {
      auto text = quoted();
      if (!text)
        return tl::unexpected(text.error());
      t.value = *text;
      return true;
    }
    if (c == '`') {
      size_t close = s.find('`', i + 1);
      if (close == std::string_view::npos)
        return tl::unexpected(parse_error(s, i, "unterminated raw quoted string"));
      t.value = std::string(s.substr(i + 1, close - i - 1));
      i = close + 1;
      return true;
    }
    if (c == '\'' && i + 2 < s.size() && s[i + 2] == '\'') {
      t.value = static_cast<int64_t>(static_cast<unsigned char>(s[i + 1]));
      i += 3;
      return true;
    }
    bool digit_next = i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]));
    if (!std::isdigit(static_cast<unsigned char>(c)) && !((c == '-' || c == '+') && digit_next))
      return false;
    size_t start = i++;
    t.value = number(start);
    return true;
  }

  // $var, .Field, ., true/false/nil, function names.
  void word(Token& t) {
    char c = s[i];
    size_t start = i++;
    while (i < s.size() && is_word(s[i]))
      ++i;
    std::string w(s.substr(start, i - start));
    t.text = w;
    t.type = Token::Type::Literal;
    if (c == '$') {
      t.type = Token::Type::Variable;
    } else if (c == '.') {
      t.type = w == "." ? Token::Type::Dot : Token::Type::Field;
      t.text = w.substr(1);
    } else if (w == "true" || w == "false") {
      t.value = w == "true";
    } else if (w == "nil") {
      t.value = nullptr;
    } else {
      t.type = Token::Type::Ident;
    }
  }

  // One token at s[i] (not a space, not the closing delimiter).
  Result<Token> token() {
    Token t;
    t.pos = i;
    if (punct(t))
      return t;
    auto lit = literal(t);
    if (!lit)
      return tl::unexpected(lit.error());
    if (*lit)
      return t;
    char c = s[i];
    if (c == '$' || c == '.' || is_word(c)) {
      word(t);
      return t;
    }
    return tl::unexpected(
        parse_error(s, i, std::string("unrecognized character in action: '") + c + "'"));
  }

  // The tokens of the action whose "{{" (and trim marker) was just consumed.
  Result<bool> action(Item& item) {
    bool space = false;
    for (;;) {
      if (i >= s.size())
        return tl::unexpected(parse_error(s, item.pos, "unclosed action"));
      if (is_space(s[i])) {
        if (s.substr(i + 1, 3) == "-}}") {
          item.end = i;
          i += 4;
          return true; // trim the text that follows
        }
        space = true;
        ++i;
        continue;
      }
      if (at("}}")) {
        item.end = i;
        i += 2;
        return false;
      }
      auto t = token();
      if (!t)
        return tl::unexpected(t.error());
      t->space_before = space;
      space = false;
      item.tokens.push_back(std::move(*t));
    }
  }
};

void trim_left(std::string& text) {
  size_t n = 0;
  while (n < text.size() && is_space(text[n]))
    ++n;
  text.erase(0, n);
}

} // namespace

Result<std::vector<Item>> lex(std::string_view text) {
  std::vector<Item> items;
  Lexer lx{text};
  bool trim_next = false;
  while (lx.i < text.size()) {
    size_t open = text.find("{{", lx.i);
    Item plain{false, std::string(text.substr(lx.i, open - lx.i)), {}, lx.i, 0};
    if (trim_next)
      trim_left(plain.text);
    lx.i = open == std::string_view::npos ? text.size() : open + 2;
    if (open != std::string_view::npos && lx.at("- ")) {
      while (!plain.text.empty() && is_space(plain.text.back()))
        plain.text.pop_back();
      lx.i += 2;
    }
    if (!plain.text.empty())
      items.push_back(std::move(plain));
    if (open == std::string_view::npos)
      break;
    Item item{true, "", {}, open, 0};
    if (size_t comment = lx.i; lx.at("/*")) {
      size_t close = text.find("*/", comment);
      if (close == std::string_view::npos)
        return tl::unexpected(parse_error(text, open, "unclosed comment"));
      lx.i = close + 2;
      trim_next = lx.at(" -}}");
      lx.i += trim_next ? 4 : 2;
      continue;
    }
    auto trim = lx.action(item);
    if (!trim)
      return tl::unexpected(trim.error());
    trim_next = *trim;
    items.push_back(std::move(item));
  }
  return items;
}

} // namespace mydocker::cli::tmpl
