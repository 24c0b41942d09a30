// What `volume` and `network` (and any named-object command) share: create and print one field,
// remove each name, the "Deleted X:" list of a prune, and the Labels column text.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/command.hpp"

namespace mydocker::cli {

// POSTs body to path and prints the answer's `field` (docker prints the new Name or Id).
int create_and_print(Invocation& inv, const std::string& path, const nlohmann::json& body,
                     const std::string& field);
// DELETE <prefix><name><query> for each name, printing the name or docker's error; 1 if any
// failed.
int remove_each(Invocation& inv, const std::string& prefix, const std::vector<std::string>& names,
                const std::string& query);
// "Deleted <title>:\n" and the names in answer[key], when any; true when it printed.
bool print_deleted(const nlohmann::json& answer, const std::string& key, const std::string& title);
// {"a":"1","b":"2"} as "a=1,b=2" (docker's Labels column); null or not an object is "".
std::string labels_text(const nlohmann::json& labels);

} // namespace mydocker::cli
