#include <catch2/catch.hpp>

#include "builder/shell_words.hpp"

using namespace mydocker::builder;

namespace {
std::vector<std::string> ENV = {"A=1", "EMPTY=", "B=two words", "A=3"};
VarLookup vars = lookup_in(ENV);
std::string word(const std::string& w, char escape = '\\') {
  return *expand_word(w, vars, escape);
}
} // namespace

TEST_CASE("variables expand as in Docker", "[builder]") {
  CHECK(word("$A") == "3"); // the later entry wins
  CHECK(word("${A}x") == "3x");
  CHECK(word("$UNSET.") == ".");
  CHECK(word("${UNSET:-dflt}") == "dflt");
  CHECK(word("${EMPTY:-dflt}") == "dflt");
  CHECK(word("${EMPTY-dflt}") == "");
  CHECK(word("${A:+alt}") == "alt");
  CHECK(word("${UNSET:+alt}") == "");
  CHECK(word("${EMPTY+alt}") == "alt");
  CHECK(word("${UNSET:-${A}}") == "3");
  CHECK(word("a$") == "a$");
  CHECK_FALSE(expand_word("${UNSET:?missing}", vars, '\\'));
  CHECK_FALSE(expand_word("${A", vars, '\\'));
}

TEST_CASE("quotes and escapes", "[builder]") {
  CHECK(word("'$A'") == "$A");
  CHECK(word("\"$A and $B\"") == "3 and two words");
  CHECK(word("\\$A") == "$A");
  CHECK(word("`$A", '`') == "$A");
  CHECK(word("\"a\\\"b\"") == "a\"b");
  CHECK_FALSE(expand_word("'open", vars, '\\'));
  auto words = expand_words("a  \"b c\" $B", vars, '\\');
  REQUIRE(words);
  CHECK(*words == std::vector<std::string>{"a", "b c", "two words"});
}

TEST_CASE("ENV and LABEL pairs", "[builder]") {
  auto kv = parse_key_values("ENV", "X=$A Y=\"q r\" Z='$A'", vars, '\\');
  REQUIRE(kv);
  REQUIRE(kv->size() == 3);
  CHECK((*kv)[0] == std::pair<std::string, std::string>{"X", "3"});
  CHECK((*kv)[1].second == "q r");
  CHECK((*kv)[2].second == "$A");
  auto legacy = parse_key_values("ENV", "KEY value with  spaces", vars, '\\');
  REQUIRE(legacy);
  CHECK((*legacy)[0] == std::pair<std::string, std::string>{"KEY", "value with  spaces"});
  auto bad = parse_key_values("ENV", "A=1 B", vars, '\\');
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message ==
        "Syntax error - can't find = in \"B\". Must be of the form: name=value");
}
