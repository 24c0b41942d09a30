// The "attrs" of every json-file record, from the log options labels, labels-regex, env,
// env-regex and tag (moby logger.Info.ExtraAttributes and loggerutils.ParseLogTag).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace mydocker::engine {

// What a tag template and the label/env options may refer to.
struct LogSource {
  std::string id;         // 64 hex
  std::string name;       // without the leading '/'
  std::string image_name; // as the client gave it
  std::string image_id;   // sha256:...
  std::map<std::string, std::string> labels;
  std::vector<std::string> env; // "K=V"
};

// Refuses a bad labels-regex or env-regex (checked at create, before any container exists).
Result<void> check_log_regexes(const std::map<std::string, std::string>& opts);

Result<std::map<std::string, std::string>> log_attrs(const std::map<std::string, std::string>& opts,
                                                     const LogSource& source);

// `tag` with {{.ID}} {{.FullID}} {{.Name}} {{.ImageID}} {{.ImageFullID}} {{.ImageName}}
// {{.DaemonName}} replaced; other text is kept as it is.
std::string expand_log_tag(const std::string& tmpl, const LogSource& source);

} // namespace mydocker::engine
