#include "cli/json_messages.hpp"

#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"

namespace mydocker::cli {

int print_json_messages(const std::string& body, const std::string& field) {
  std::istringstream lines(body);
  for (std::string line; std::getline(lines, line);) {
    auto msg = nlohmann::json::parse(line, nullptr, false);
    if (!msg.is_object())
      continue;
    if (msg.contains("errorDetail") && msg["errorDetail"].is_object())
      return report_error(Error{Errc::Internal, 0, msg["errorDetail"].value("message", "")});
    if (msg.contains(field) && msg[field].is_string())
      std::cout << msg[field].get<std::string>() << (field == "status" ? "\n" : "");
  }
  return 0;
}

} // namespace mydocker::cli
