#include "cli/prune_prompt.hpp"

#include <iostream>

namespace mydocker::cli {

bool confirmed(const std::string& warning) {
  std::cout << "WARNING! " << warning << "\nAre you sure you want to continue? [y/N] "
            << std::flush;
  std::string answer;
  std::getline(std::cin, answer);
  return answer == "y" || answer == "Y";
}

nlohmann::json filters_of(const ParsedArgs& a) {
  nlohmann::json f = nlohmann::json::object();
  for (const auto& item : a.all("filter")) {
    size_t eq = item.find('=');
    f[item.substr(0, eq)][eq == std::string::npos ? "" : item.substr(eq + 1)] = true;
  }
  return f;
}

} // namespace mydocker::cli
