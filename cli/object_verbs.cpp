#include "cli/object_verbs.hpp"

#include <iostream>

#include "common/percent_encode.hpp"

namespace mydocker::cli {

using nlohmann::json;

int create_and_print(Invocation& inv, const std::string& path, const json& body,
                     const std::string& field) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto made = c->request("POST", path, body.dump(), "application/json");
  if (!made)
    return report_error(made.error());
  json answer = json::parse(made->body, nullptr, false);
  std::cout << (answer.is_object() ? answer.value(field, "") : "") << "\n";
  return 0;
}

int remove_each(Invocation& inv, const std::string& prefix, const std::vector<std::string>& names,
                const std::string& query) {
  client::Client* c = inv.client();
  if (!c)
    return 1;
  int status = 0;
  for (const auto& name : names) {
    auto gone = c->request("DELETE", prefix + percent_encode(name) + query);
    if (!gone)
      status = report_error(gone.error());
    else
      std::cout << name << "\n";
  }
  return status;
}

bool print_deleted(const json& answer, const std::string& key, const std::string& title) {
  json deleted = answer.is_object() ? answer.value(key, json()) : json();
  if (!deleted.is_array() || deleted.empty())
    return false;
  std::cout << "Deleted " << title << ":\n";
  for (const auto& name : deleted)
    std::cout << (name.is_string() ? name.get<std::string>() : "") << "\n";
  return true;
}

std::string labels_text(const json& labels) {
  std::string out;
  if (!labels.is_object())
    return out;
  for (auto& [key, value] : labels.items())
    out +=
        (out.empty() ? "" : ",") + key + "=" + (value.is_string() ? value.get<std::string>() : "");
  return out;
}

} // namespace mydocker::cli
