#include "cli/args.hpp"

#include <cctype>

namespace mydocker::cli {

std::string ParsedArgs::last(const std::string& name, const std::string& fallback) const {
  auto it = values.find(name);
  return it == values.end() || it->second.empty() ? fallback : it->second.back();
}

const std::vector<std::string>& ParsedArgs::all(const std::string& name) const {
  static const std::vector<std::string> none;
  auto it = values.find(name);
  return it == values.end() ? none : it->second;
}

namespace {

const FlagSpec* find_flag(const std::vector<FlagSpec>& flags, const std::string& name,
                          bool is_long) {
  for (const auto& f : flags)
    if ((is_long ? f.long_name : f.short_name) == name)
      return &f;
  return nullptr;
}

} // namespace

Result<ParsedArgs> parse_args(const std::vector<std::string>& args,
                              const std::vector<FlagSpec>& flags, bool stop_at_first_positional) {
  ParsedArgs out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    bool positional = arg.size() < 2 || arg[0] != '-' || arg == "--";
    if (positional || (stop_at_first_positional && !out.positionals.empty())) {
      size_t from = arg == "--" ? i + 1 : i;
      if (stop_at_first_positional || arg == "--") {
        out.positionals.insert(out.positionals.end(), args.begin() + static_cast<long>(from),
                               args.end());
        break;
      }
      out.positionals.push_back(arg);
      continue;
    }
    bool is_long = arg.rfind("--", 0) == 0;
    std::string body = arg.substr(is_long ? 2 : 1);
    std::string inline_value;
    bool has_inline = false;
    if (size_t eq = body.find('='); eq != std::string::npos) {
      inline_value = body.substr(eq + 1);
      body = body.substr(0, eq);
      has_inline = true;
    }
    // "-aq": a run of short booleans; "-cVALUE" is not supported (docker accepts it rarely).
    std::vector<std::string> names =
        is_long ? std::vector<std::string>{body} : std::vector<std::string>{};
    if (!is_long)
      for (char c : body)
        names.emplace_back(1, c);
    for (size_t n = 0; n < names.size(); ++n) {
      const FlagSpec* spec = find_flag(flags, names[n], is_long);
      if (!spec)
        return invalid_argument("unknown " +
                                std::string(is_long ? "flag: --" : "shorthand flag: '") + names[n] +
                                (is_long ? "" : "' in " + arg));
      std::string value = "true";
      if (spec->takes_value) {
        if (has_inline)
          value = inline_value;
        else if (n + 1 == names.size() && i + 1 < args.size())
          value = args[++i];
        else
          return invalid_argument(is_long ? "flag needs an argument: --" + names[n]
                                          : "flag needs an argument: '" + names[n] + "' in " + arg);
      } else if (has_inline) {
        value = inline_value;
      }
      out.values[spec->long_name].push_back(value);
    }
  }
  return out;
}

} // namespace mydocker::cli
