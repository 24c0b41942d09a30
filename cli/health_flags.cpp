#include "cli/health_flags.hpp"

#include <cctype>
#include <utility>

namespace mydocker::cli {

namespace {

int64_t unit_nanos(const std::string& unit) {
  static const std::pair<const char*, int64_t> units[] = {{"ns", 1},
                                                          {"us", 1000},
                                                          {"µs", 1000},
                                                          {"ms", 1'000'000},
                                                          {"s", 1'000'000'000},
                                                          {"m", 60'000'000'000},
                                                          {"h", 3'600'000'000'000}};
  for (const auto& [name, nanos] : units)
    if (unit == name)
      return nanos;
  return 0;
}

Result<int64_t> duration_flag(const ParsedArgs& a, const char* flag) {
  if (!a.has(flag))
    return 0;
  auto parsed = parse_go_duration(a.last(flag));
  if (!parsed)
    return invalid_argument("invalid argument \"" + a.last(flag) + "\" for \"--" + flag +
                            "\" flag: " + parsed.error().message);
  if (*parsed < 0)
    return invalid_argument(std::string("--") + flag + " cannot be negative");
  return *parsed;
}

} // namespace

std::vector<FlagSpec> with_health_flags(std::vector<FlagSpec> flags) {
  for (const char* name : {"health-cmd", "health-interval", "health-timeout", "health-start-period",
                           "health-start-interval", "health-retries"})
    flags.push_back({"", name, true});
  flags.push_back({"", "no-healthcheck", false});
  return flags;
}

Result<int64_t> parse_go_duration(const std::string& text) {
  const std::string bad = "time: invalid duration \"" + text + "\"";
  size_t i = 0;
  bool negative = !text.empty() && text[0] == '-';
  if (!text.empty() && (text[0] == '-' || text[0] == '+'))
    i = 1;
  if (text.substr(i) == "0")
    return 0;
  double total = 0;
  if (i == text.size())
    return invalid_argument(bad);
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
      ++i;
    size_t unit_start = i;
    while (i < text.size() && !std::isdigit(static_cast<unsigned char>(text[i])) && text[i] != '.')
      ++i;
    int64_t unit = unit_nanos(text.substr(unit_start, i - unit_start));
    if (unit_start == start || unit == 0)
      return invalid_argument(bad);
    total += std::stod(text.substr(start, unit_start - start)) * static_cast<double>(unit);
  }
  return static_cast<int64_t>(negative ? -total : total);
}

Result<void> add_health_flags(const ParsedArgs& a, nlohmann::json& body) {
  const char* durations[][2] = {{"health-interval", "Interval"},
                                {"health-timeout", "Timeout"},
                                {"health-start-period", "StartPeriod"},
                                {"health-start-interval", "StartInterval"}};
  nlohmann::json hc = nlohmann::json::object();
  bool any = a.has("health-cmd") || a.has("health-retries");
  for (const auto& [flag, key] : durations) {
    int64_t value = TRY(duration_flag(a, flag));
    any = any || value != 0;
    hc[key] = value;
  }
  int retries = a.has("health-retries") ? std::atoi(a.last("health-retries").c_str()) : 0;
  if (a.has("no-healthcheck")) {
    if (any)
      return invalid_argument("--no-healthcheck conflicts with --health-* options");
    body["Healthcheck"] = {{"Test", {"NONE"}}};
    return {};
  }
  if (!any)
    return {};
  if (retries < 0)
    return invalid_argument("--health-retries cannot be negative");
  hc["Retries"] = retries;
  if (a.has("health-cmd") && !a.last("health-cmd").empty())
    hc["Test"] = {"CMD-SHELL", a.last("health-cmd")};
  body["Healthcheck"] = hc;
  return {};
}

} // namespace mydocker::cli
