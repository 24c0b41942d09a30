// Docker's variable expansion for Dockerfile words (moby's shell lexer): $VAR, ${VAR},
// ${VAR:-word}, ${VAR-word}, ${VAR:+word}, ${VAR+word}, ${VAR:?msg}; single quotes are
// literal, double quotes group and expand, the escape character quotes the next one.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace mydocker::builder {

// Looks a variable up: nullopt when unset (set-but-empty is "").
using VarLookup = std::function<std::optional<std::string>(const std::string&)>;

// One word: quotes removed, variables expanded (WORKDIR, USER, FROM, STOPSIGNAL, ...).
Result<std::string> expand_word(std::string_view word, const VarLookup& vars, char escape);
// Words split on unquoted blanks, each expanded (COPY/ADD sources, EXPOSE, VOLUME).
Result<std::vector<std::string>> expand_words(std::string_view text, const VarLookup& vars,
                                              char escape);

using KeyValues = std::vector<std::pair<std::string, std::string>>;
// ENV and LABEL arguments: "k=v k2='a b'" or the legacy "k value with spaces", expanded
// with `vars` as they were before the instruction (Docker: ENV a=1 b=$a sees the old a).
Result<KeyValues> parse_key_values(const std::string& keyword, std::string_view text,
                                   const VarLookup& vars, char escape);

// A VarLookup over "K=V" strings (an image's Env), later entries winning.
VarLookup lookup_in(const std::vector<std::string>& env);

} // namespace mydocker::builder
