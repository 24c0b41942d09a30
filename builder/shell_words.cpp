#include "builder/shell_words.hpp"

#include <cctype>

namespace mydocker::builder {

namespace {

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

class Lexer {
public:
  Lexer(std::string_view text, const VarLookup& vars, char escape)
      : m_text(text), m_vars(vars), m_escape(escape) {}

  // Reads until `stop` (not consumed) or the end; splits on blanks when `split`.
  Result<std::vector<std::string>> words(bool split, char stop = '\0') {
    std::vector<std::string> out;
    std::string cur;
    bool has_word = false;
    while (m_pos < m_text.size() && m_text[m_pos] != stop) {
      char c = m_text[m_pos];
      if (split && (c == ' ' || c == '\t' || c == '\n')) {
        if (has_word)
          out.push_back(std::move(cur));
        cur.clear();
        has_word = false;
        ++m_pos;
        continue;
      }
      has_word = true;
      TRY_VOID(one_piece(cur));
    }
    if (has_word || !split)
      out.push_back(std::move(cur));
    return out;
  }
  bool at_end() const { return m_pos >= m_text.size(); }
  size_t pos() const { return m_pos; }

private:
  Result<void> one_piece(std::string& cur) {
    char c = m_text[m_pos++];
    if (c == m_escape) {
      if (m_pos < m_text.size())
        cur += m_text[m_pos++];
      else
        cur += c;
      return {};
    }
    if (c == '\'')
      return single_quoted(cur);
    if (c == '"')
      return double_quoted(cur);
    if (c == '$') {
      cur += TRY(variable());
      return {};
    }
    cur += c;
    return {};
  }

  Result<void> single_quoted(std::string& cur) {
    size_t end = m_text.find('\'', m_pos);
    if (end == std::string_view::npos)
      return invalid_argument(
          "unexpected end of statement while looking for matching single-quote");
    cur += m_text.substr(m_pos, end - m_pos);
    m_pos = end + 1;
    return {};
  }

  Result<void> double_quoted(std::string& cur) {
    while (m_pos < m_text.size() && m_text[m_pos] != '"') {
      char c = m_text[m_pos++];
      if (c == m_escape && m_pos < m_text.size() &&
          (m_text[m_pos] == '"' || m_text[m_pos] == '$' || m_text[m_pos] == m_escape)) {
        cur += m_text[m_pos++];
      } else if (c == '$') {
        cur += TRY(variable());
      } else {
        cur += c;
      }
    }
    if (m_pos >= m_text.size())
      return invalid_argument(
          "unexpected end of statement while looking for matching double-quote");
    ++m_pos;
    return {};
  }

  std::string read_name() {
    size_t start = m_pos;
    while (m_pos < m_text.size() && is_name_char(m_text[m_pos]))
      ++m_pos;
    return std::string(m_text.substr(start, m_pos - start));
  }

  // After '$'.
  Result<std::string> variable() {
    if (m_pos < m_text.size() && m_text[m_pos] == '{') {
      ++m_pos;
      return braced();
    }
    std::string name = read_name();
    if (name.empty())
      return std::string("$");
    return m_vars(name).value_or("");
  }

  // After "${".
  Result<std::string> braced() {
    std::string name = read_name();
    if (name.empty() || m_pos >= m_text.size())
      return invalid_argument("missing '}' or bad substitution");
    if (m_text[m_pos] == '}') {
      ++m_pos;
      return m_vars(name).value_or("");
    }
    bool colon = m_text[m_pos] == ':';
    if (colon)
      ++m_pos;
    if (m_pos >= m_text.size())
      return invalid_argument("missing '}' or bad substitution");
    char op = m_text[m_pos++];
    if (op != '-' && op != '+' && op != '?')
      return invalid_argument("unsupported modifier (" + std::string(1, op) + ") in substitution");
    auto word = TRY(words(false, '}'));
    if (at_end())
      return invalid_argument("missing '}' in substitution");
    ++m_pos;
    return apply_modifier(name, colon, op, word.empty() ? "" : word[0]);
  }

  Result<std::string> apply_modifier(const std::string& name, bool colon, char op,
                                     const std::string& word) {
    std::optional<std::string> value = m_vars(name);
    bool set = value && (!colon || !value->empty());
    if (op == '-')
      return set ? *value : word;
    if (op == '+')
      return set ? word : std::string();
    if (!set)
      return invalid_argument(name + ": " + (word.empty() ? "is not allowed to be unset" : word));
    return *value;
  }

  std::string_view m_text;
  const VarLookup& m_vars;
  char m_escape;
  size_t m_pos = 0;
};

} // namespace

Result<std::string> expand_word(std::string_view word, const VarLookup& vars, char escape) {
  Lexer lexer(word, vars, escape);
  auto out = TRY(lexer.words(false));
  return out.empty() ? std::string() : out[0];
}

Result<std::vector<std::string>> expand_words(std::string_view text, const VarLookup& vars,
                                              char escape) {
  Lexer lexer(text, vars, escape);
  return lexer.words(true);
}

namespace {

// Splits on unquoted blanks keeping quotes and escapes (expansion comes later, per word).
std::vector<std::string> raw_words(std::string_view text, char escape) {
  std::vector<std::string> out;
  std::string cur;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (!quote && (c == ' ' || c == '\t')) {
      if (!cur.empty())
        out.push_back(std::move(cur));
      cur.clear();
      continue;
    }
    cur += c;
    if (c == escape && quote != '\'' && i + 1 < text.size())
      cur += text[++i];
    else if (!quote && (c == '"' || c == '\''))
      quote = c;
    else if (quote == c)
      quote = 0;
  }
  if (!cur.empty())
    out.push_back(std::move(cur));
  return out;
}

} // namespace

Result<KeyValues> parse_key_values(const std::string& keyword, std::string_view text,
                                   const VarLookup& vars, char escape) {
  std::vector<std::string> words = raw_words(text, escape);
  KeyValues out;
  if (words.empty())
    return invalid_argument(keyword + " requires at least one argument");
  if (words[0].find('=') == std::string::npos) { // legacy "ENV key value with spaces"
    size_t sp = text.find_first_of(" \t");
    if (sp == std::string_view::npos)
      return invalid_argument(keyword + " must have two arguments");
    std::string value(text.substr(text.find_first_not_of(" \t", sp)));
    out.emplace_back(words[0], TRY(expand_word(value, vars, escape)));
    return out;
  }
  for (const auto& w : words) {
    size_t eq = w.find('=');
    if (eq == std::string::npos)
      return invalid_argument("Syntax error - can't find = in \"" + w +
                              "\". Must be of the form: name=value");
    std::string key = TRY(expand_word(w.substr(0, eq), vars, escape));
    if (key.empty())
      return invalid_argument(keyword + " names can not be blank");
    out.emplace_back(key, TRY(expand_word(w.substr(eq + 1), vars, escape)));
  }
  return out;
}

VarLookup lookup_in(const std::vector<std::string>& env) {
  return [&env](const std::string& name) -> std::optional<std::string> {
    for (auto it = env.rbegin(); it != env.rend(); ++it)
      if (it->size() > name.size() && it->compare(0, name.size(), name) == 0 &&
          (*it)[name.size()] == '=')
        return it->substr(name.size() + 1);
    return std::nullopt;
  };
}

} // namespace mydocker::builder
