// `run` / `create` flags -> the POST /containers/create body, as the docker CLI builds it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/args.hpp"
#include "common/result.hpp"

namespace mydocker::cli {

const std::vector<FlagSpec>& run_flags();
// positionals: IMAGE [COMMAND [ARG...]].
Result<nlohmann::json> create_body(const ParsedArgs& args);
// "64m", "1g", "1024" -> bytes (docker's RAMInBytes).
Result<int64_t> parse_bytes(const std::string& text);

} // namespace mydocker::cli
