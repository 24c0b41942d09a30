#include "builder/dockerfile_check.hpp"

#include "builder/shell_words.hpp"

namespace mydocker::builder {

namespace {

tl::unexpected<Error> at_line(const Instruction& in, const std::string& what) {
  return invalid_argument("dockerfile parse error line " + std::to_string(in.line) + ": " + what);
}

size_t word_count(const Instruction& in) {
  if (in.exec_form)
    return in.exec_args.size();
  size_t count = 0;
  bool in_word = false;
  for (char c : in.rest) {
    bool blank = c == ' ' || c == '\t';
    count += !blank && !in_word;
    in_word = !blank;
  }
  return count;
}

Result<void> check_one(const Instruction& in, char escape) {
  const std::string& k = in.keyword;
  if ((k == "COPY" || k == "ADD") && word_count(in) < 2)
    return at_line(in, k + " requires at least two arguments, but only one was provided. "
                           "Destination could not be determined");
  if (k == "ENV" || k == "LABEL") {
    VarLookup none = [](const std::string&) { return std::optional<std::string>(); };
    auto pairs = parse_key_values(k, in.rest, none, escape);
    if (!pairs)
      return invalid_argument("failed to parse Dockerfile: " + pairs.error().message);
  }
  return {};
}

} // namespace

Result<void> check_dockerfile(const Dockerfile& dockerfile) {
  for (const auto& in : dockerfile.instructions)
    TRY_VOID(check_one(in, dockerfile.escape));
  return {};
}

} // namespace mydocker::builder
