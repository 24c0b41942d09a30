// Docker-style flag parsing for one command: "-f", "--force", "-c x", "--change=x",
// combined short booleans ("-aq"); flags may follow positionals unless the command
// stops at its first positional (run/create/exec pass the rest to the container).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace mydocker::cli {

struct FlagSpec {
  std::string short_name; // "f" or ""
  std::string long_name;  // "force"
  bool takes_value = false;
};

struct ParsedArgs {
  std::map<std::string, std::vector<std::string>> values; // by long name
  std::vector<std::string> positionals;
  bool has(const std::string& name) const { return values.count(name) > 0; }
  std::string last(const std::string& name, const std::string& fallback = "") const;
  const std::vector<std::string>& all(const std::string& name) const;
};

Result<ParsedArgs> parse_args(const std::vector<std::string>& args,
                              const std::vector<FlagSpec>& flags,
                              bool stop_at_first_positional = false);

} // namespace mydocker::cli
