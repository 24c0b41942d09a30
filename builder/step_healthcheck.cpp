// HEALTHCHECK [--interval --timeout --start-period --retries] CMD ... | NONE: config only.
#include <cctype>
#include <cstdlib>

#include "builder/build_job.hpp"

namespace mydocker::builder {

using nlohmann::json;

namespace {

// A Go duration ("30s", "1m30s", "500ms") in nanoseconds.
Result<int64_t> parse_duration(const std::string& flag, const std::string& text) {
  auto bad = [&] { return invalid_argument("invalid " + flag + " duration: " + text); };
  if (text == "0")
    return int64_t{0};
  int64_t total = 0;
  size_t i = 0;
  if (text.empty())
    return bad();
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
      ++i;
    if (start == i)
      return bad();
    double number = std::atof(text.substr(start, i - start).c_str());
    size_t unit_start = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i])))
      ++i;
    std::string unit = text.substr(unit_start, i - unit_start);
    double scale = unit == "ns"   ? 1
                   : unit == "us" ? 1e3
                   : unit == "ms" ? 1e6
                   : unit == "s"  ? 1e9
                   : unit == "m"  ? 60e9
                   : unit == "h"  ? 3600e9
                                  : -1;
    if (scale < 0)
      return bad();
    total += static_cast<int64_t>(number * scale);
  }
  return total;
}

} // namespace

Result<std::string> BuildJob::apply_healthcheck(const Instruction& in) {
  json& c = m_stage->config;
  std::string rest = in.rest;
  size_t sp = rest.find_first_of(" \t");
  std::string type = rest.substr(0, sp);
  for (auto& ch : type)
    ch = char(std::toupper(static_cast<unsigned char>(ch)));
  if (type == "NONE") {
    c["Healthcheck"] = {{"Test", {"NONE"}}};
    return "HEALTHCHECK NONE";
  }
  if (type != "CMD")
    return invalid_argument("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
  Instruction cmd = TRY(parse_instruction_line(
      "CMD " + rest.substr(sp == std::string::npos ? rest.size() : sp), in.line));
  json test = json::array();
  if (cmd.exec_form) {
    test.push_back("CMD");
    for (const auto& a : cmd.exec_args)
      test.push_back(a);
  } else {
    test = {"CMD-SHELL", cmd.rest};
  }
  json health = {{"Test", test}};
  const std::pair<const char*, const char*> durations[] = {
      {"interval", "Interval"}, {"timeout", "Timeout"}, {"start-period", "StartPeriod"}};
  for (const auto& [flag, field] : durations) {
    std::string value;
    if (find_flag(in, flag, value))
      health[field] = TRY(parse_duration(flag, value));
  }
  std::string retries;
  if (find_flag(in, "retries", retries))
    health["Retries"] = std::atoi(retries.c_str());
  c["Healthcheck"] = health;
  return "HEALTHCHECK " + health.dump();
}

} // namespace mydocker::builder
