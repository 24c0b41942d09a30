// .dockerignore with Docker's pattern rules (moby/patternmatcher): one pattern a line,
// `#` comments, `!` re-includes, paths cleaned and relative to the context root, `*` `?`
// `[...]` within one path element, `**` across any number of them; a pattern matching a
// directory excludes what is below it; the last matching pattern wins.
#pragma once

#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace mydocker::builder {

class IgnoreRules {
public:
  static Result<IgnoreRules> parse(std::string_view dockerignore_text);
  // `path` relative to the context root, '/'-separated, no leading "./".
  bool excluded(const std::string& path) const;
  bool empty() const { return m_patterns.empty(); }

private:
  struct Pattern {
    std::regex regex;
    bool exclusion = false; // a "!pattern"
  };
  std::vector<Pattern> m_patterns;
};

// filepath.Clean of a relative path: "a//b/./c/../d" -> "a/b/d", "" -> ".".
std::string clean_path(std::string_view path);

} // namespace mydocker::builder
