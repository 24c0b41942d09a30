// Splitting a template into text and action tokens (private to cli/go_template*).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/go_template.hpp"

namespace mydocker::cli::tmpl {

struct Token {
  enum class Type {
    Field,
    Dot,
    Variable,
    Ident,
    Literal,
    Pipe,
    LParen,
    RParen,
    Declare,
    Assign,
    Comma
  };
  Type type = Type::Dot;
  std::string text; // as written (a field's name without the dot)
  Value value;      // for literals
  size_t pos = 0;
  bool space_before = false;
};

struct Item {
  bool action = false;
  std::string text; // text items only
  std::vector<Token> tokens;
  size_t pos = 0;
  size_t end = 0; // just past the action's tokens, for error contexts
};

Result<std::vector<Item>> lex(std::string_view text);

// "template: :LINE: message" for a parse error at byte offset pos.
Error parse_error(std::string_view text, size_t pos, const std::string& message);

} // namespace mydocker::cli::tmpl
