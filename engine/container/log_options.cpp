#include "engine/container/log_options.hpp"

#include "engine/container/log_attrs.hpp"

#include <charconv>
#include <set>

namespace mydocker::engine {

namespace {

using Opts = std::map<std::string, std::string>;

// Kept by the daemon for every driver, never seen by a driver's own validator.
const std::set<std::string> BUILTIN_OPTS = {"mode",           "max-buffer-size", "cache-disabled",
                                            "cache-max-size", "cache-max-file",  "cache-compress"};
const std::set<std::string> JSON_FILE_OPTS = {"max-file",     "max-size", "compress",  "labels",
                                              "labels-regex", "env",      "env-regex", "tag"};
const std::set<std::string> LOCAL_OPTS = JSON_FILE_OPTS; // moby's local driver takes the same keys
constexpr int64_t LOCAL_MAX_SIZE = 20 * 1024 * 1024;     // moby local: defaultMaxFileSize
constexpr int LOCAL_MAX_FILE = 5;
// `none` keeps no log; this bounded file only feeds attach, which reads the shim's output.
constexpr int64_t ATTACH_BUFFER_SIZE = 1024 * 1024;

Result<int> parse_int(const std::string& text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty())
    return invalid_argument("strconv.Atoi: parsing \"" + text + "\": invalid syntax");
  return value;
}

Result<bool> parse_bool(const std::string& text) {
  static const std::set<std::string> yes = {"1", "t", "T", "TRUE", "true", "True"};
  static const std::set<std::string> no = {"0", "f", "F", "FALSE", "false", "False"};
  if (yes.count(text))
    return true;
  if (no.count(text))
    return false;
  return invalid_argument("strconv.ParseBool: parsing \"" + text + "\": invalid syntax");
}

Result<void> check_keys(const Opts& opts, const std::set<std::string>& allowed,
                        const std::string& driver) {
  for (const auto& [key, value] : opts) {
    if (BUILTIN_OPTS.count(key) || allowed.count(key))
      continue;
    if (driver == "json-file")
      return invalid_argument("unknown log opt '" + key + "' for json-file log driver");
    return invalid_argument("unknown log opt '" + key + "' for log driver " + driver);
  }
  return {};
}

Result<void> check_mode(const Opts& opts) {
  auto mode = opts.find("mode");
  std::string value = mode == opts.end() ? "" : mode->second;
  if (value != "" && value != "blocking" && value != "non-blocking")
    return invalid_argument("logger: logging mode not supported: " + value);
  if (opts.count("max-buffer-size") && value != "non-blocking")
    return invalid_argument(
        "logger: max-buffer-size option is only supported with 'mode=non-blocking'");
  return {};
}

// moby daemon/logger/jsonfilelog New(): max-size > 0, max-file >= 1, compress needs both.
Result<runtime::LogSpec> json_file_spec(const Opts& opts) {
  runtime::LogSpec spec;
  if (auto it = opts.find("max-size"); it != opts.end()) {
    spec.max_size = TRY(parse_human_size(it->second));
    if (spec.max_size <= 0)
      return invalid_argument("max-size must be a positive number");
  }
  if (auto it = opts.find("max-file"); it != opts.end()) {
    spec.max_file = TRY(parse_int(it->second));
    if (spec.max_file < 1)
      return invalid_argument("max-file cannot be less than 1");
  }
  if (auto it = opts.find("compress"); it != opts.end()) {
    spec.compress = TRY(parse_bool(it->second));
    if (spec.compress && (spec.max_file == 1 || spec.max_size == -1))
      return invalid_argument(
          "compress cannot be true when max-file is less than 2 or max-size is not set");
  }
  return spec;
}

// moby daemon/logger/local newConfig(): 20 MB x 5 files, compressed, unless told otherwise.
Result<runtime::LogSpec> local_spec(const Opts& opts) {
  runtime::LogSpec spec{"local", LOCAL_MAX_SIZE, LOCAL_MAX_FILE, true};
  if (auto it = opts.find("max-size"); it != opts.end())
    spec.max_size = TRY(parse_human_size(it->second));
  if (auto it = opts.find("max-file"); it != opts.end())
    spec.max_file = TRY(parse_int(it->second));
  if (auto it = opts.find("compress"); it != opts.end())
    spec.compress = TRY(parse_bool(it->second));
  if (spec.max_file < 0)
    return invalid_argument("max-file cannot be less than 0");
  if (spec.compress && spec.max_file <= 1)
    return invalid_argument("compression cannot be enabled when max file count is 1");
  if (spec.max_size <= 0)
    spec.max_size = -1; // local: 0 = unbounded
  spec.max_file = std::max(spec.max_file, 1);
  return spec;
}

} // namespace

Result<int64_t> parse_human_size(const std::string& text) {
  size_t sep = text.find_last_of("0123456789. ");
  if (sep == std::string::npos)
    return invalid_argument("invalid size: '" + text + "'");
  std::string number = text[sep] == ' ' ? text.substr(0, sep) : text.substr(0, sep + 1);
  std::string suffix = text.substr(sep + 1);
  double size = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), size);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size())
    return invalid_argument("strconv.ParseFloat: parsing \"" + number + "\": invalid syntax");
  if (size < 0)
    return invalid_argument("invalid size: '" + text + "'");
  if (suffix.empty())
    return static_cast<int64_t>(size);
  if (suffix.size() > 3)
    return invalid_argument("invalid suffix: '" + suffix + "'");
  for (auto& c : suffix)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string units = "kmgtp";
  size_t unit = units.find(suffix[0]);
  bool plain_b = suffix == "b";
  bool tail_ok = suffix.size() == 1 || (suffix.size() == 2 && suffix[1] == 'b') ||
                 (suffix.size() == 3 && suffix.substr(1) == "ib");
  if (plain_b)
    return static_cast<int64_t>(size);
  if (unit == std::string::npos || !tail_ok)
    return invalid_argument("invalid suffix: '" + suffix + "'");
  for (size_t i = 0; i <= unit; ++i)
    size *= 1000;
  return static_cast<int64_t>(size);
}

Result<RequestedLogConfig> requested_log_config(const nlohmann::json& host_config) {
  RequestedLogConfig out;
  if (!host_config.is_object() || !host_config.contains("LogConfig"))
    return out;
  const auto& log = host_config["LogConfig"];
  if (log.is_null())
    return out;
  const auto& type = log.is_object() && log.contains("Type") ? log["Type"] : nlohmann::json();
  const auto& config = log.is_object() && log.contains("Config") ? log["Config"] : nlohmann::json();
  bool ok = log.is_object() && (type.is_null() || type.is_string()) &&
            (config.is_null() || config.is_object());
  if (config.is_object())
    for (const auto& [key, value] : config.items())
      ok = ok && value.is_string();
  if (!ok)
    return invalid_argument("json: cannot unmarshal HostConfig.LogConfig: expected "
                            "{\"Type\": string, \"Config\": {string: string}}");
  out.type = type.is_string() ? type.get<std::string>() : "";
  if (config.is_object())
    out.opts = config.get<std::map<std::string, std::string>>();
  return out;
}

Result<EffectiveLogConfig> resolve_log_config(const std::string& type, const Opts& opts,
                                              const LogDefaults& defaults) {
  EffectiveLogConfig out;
  out.type = type.empty() ? defaults.type : type;
  out.config = opts;
  if (out.type == defaults.type)
    for (const auto& [key, value] : defaults.opts)
      out.config.emplace(key, value); // the container's own value wins
  if (out.type == "none") {
    out.spec = {"none", ATTACH_BUFFER_SIZE, 1, false};
    return out;
  }
  TRY_VOID(check_mode(out.config));
  if (out.type == "json-file") {
    TRY_VOID(check_keys(out.config, JSON_FILE_OPTS, out.type));
    TRY_VOID(check_log_regexes(out.config));
    out.spec = TRY(json_file_spec(out.config));
  } else if (out.type == "local") {
    TRY_VOID(check_keys(out.config, LOCAL_OPTS, out.type));
    TRY_VOID(check_log_regexes(out.config));
    out.spec = TRY(local_spec(out.config));
  } else {
    return invalid_argument("logger: no log driver named '" + out.type + "' is registered");
  }
  return out;
}

} // namespace mydocker::engine
