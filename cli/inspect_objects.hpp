// The loop every `inspect` verb shares (docker's inspect.Inspect): look each name up, print
// the JSON array or the --format template once per object, errors after, exit 1 on any.
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/args.hpp"
#include "cli/command.hpp"
#include "common/result.hpp"

namespace mydocker::cli {

// Returns the object, or an error whose message is the line docker prints.
using ObjectFinder =
    std::function<Result<nlohmann::json>(client::Client&, const std::string& name)>;

int inspect_objects(Invocation& inv, const ParsedArgs& a, const ObjectFinder& find);

// GET <collection>/<name> (e.g. "/volumes"), errors as docker prints them.
ObjectFinder find_in(std::string collection);

// "Error response from daemon: ..." unless the client could not reach the daemon at all.
Error daemon_lookup_error(const Error& e);

} // namespace mydocker::cli
