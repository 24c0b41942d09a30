#include "engine/health/health_policy.hpp"

#include "api/types/container_codec.hpp"

namespace mydocker::engine::health {

namespace {

constexpr int64_t MINIMUM_DURATION = 1'000'000; // 1ms, Docker's MinimumDuration

int64_t or_default(int64_t value, int64_t fallback) {
  return value > 0 ? value : fallback;
}

// `value / unit` with the fraction's trailing zeros dropped, as Go prints durations.
std::string decimal(int64_t value, int64_t unit, int digits) {
  std::string out = std::to_string(value / unit);
  std::string frac = std::to_string(value % unit);
  frac.insert(0, digits - frac.size(), '0');
  while (!frac.empty() && frac.back() == '0')
    frac.pop_back();
  return frac.empty() ? out : out + "." + frac;
}

Result<void> at_least_1ms(int64_t value, const char* field) {
  if (value != 0 && value < MINIMUM_DURATION)
    return invalid_argument(std::string(field) + " in Healthcheck cannot be less than 1ms");
  return {};
}

} // namespace

Timings timings_of(const api::HealthConfig& c) {
  Timings t;
  t.interval = or_default(c.interval, t.interval);
  t.timeout = or_default(c.timeout, t.timeout);
  t.start_period = or_default(c.start_period, t.start_period);
  t.start_interval = or_default(c.start_interval, t.start_interval);
  t.retries = c.retries > 0 ? c.retries : t.retries;
  return t;
}

std::optional<std::vector<std::string>> probe_command(const api::HealthConfig& c,
                                                      const std::vector<std::string>& shell) {
  if (c.test.empty())
    return std::nullopt;
  std::vector<std::string> args(c.test.begin() + 1, c.test.end());
  if (c.test[0] == "CMD")
    return args.empty() ? std::nullopt : std::optional(args);
  if (c.test[0] != "CMD-SHELL" || args.empty())
    return std::nullopt;
  std::vector<std::string> argv = shell.empty() ? std::vector<std::string>{"/bin/sh", "-c"} : shell;
  argv.push_back(args[0]);
  return argv;
}

int64_t next_delay(const api::Health& h, const Timings& t, int64_t started_at, int64_t now) {
  if (h.status == STARTING && now - started_at < t.start_period)
    return t.start_interval;
  return t.interval;
}

bool record_result(api::Health& h, api::HealthcheckResult result, int64_t result_start,
                   int64_t started_at, const Timings& t) {
  const std::string before = h.status;
  if (h.log.size() >= MAX_LOG)
    h.log.erase(h.log.begin(), h.log.begin() + static_cast<long>(h.log.size() + 1 - MAX_LOG));
  bool healthy = result.exit_code == 0;
  h.log.push_back(std::move(result));
  if (healthy) {
    h.failing_streak = 0;
    h.status = HEALTHY;
  } else if (h.status != STARTING || result_start - started_at >= t.start_period) {
    if (++h.failing_streak >= t.retries)
      h.status = UNHEALTHY;
  }
  return h.status != before;
}

std::string kept_output(const std::string& out, bool truncated) {
  if (out.size() <= MAX_OUTPUT && !truncated)
    return out;
  return out.substr(0, MAX_OUTPUT) + "...";
}

std::string go_duration(int64_t nanos) {
  if (nanos == 0)
    return "0s";
  if (nanos < 1000)
    return std::to_string(nanos) + "ns";
  if (nanos < 1'000'000)
    return decimal(nanos, 1000, 3) + "µs";
  if (nanos < 1'000'000'000)
    return decimal(nanos, 1'000'000, 6) + "ms";
  std::string out;
  int64_t hours = nanos / 3'600'000'000'000, minutes = nanos / 60'000'000'000 % 60;
  if (hours > 0)
    out += std::to_string(hours) + "h";
  if (hours > 0 || minutes > 0)
    out += std::to_string(minutes) + "m";
  return out + decimal(nanos % 60'000'000'000, 1'000'000'000, 9) + "s";
}

Result<void> validate_healthcheck(const std::optional<api::HealthConfig>& c) {
  if (!c)
    return {};
  TRY_VOID(at_least_1ms(c->interval, "Interval"));
  TRY_VOID(at_least_1ms(c->timeout, "Timeout"));
  if (c->retries < 0)
    return invalid_argument("Retries in Healthcheck cannot be negative");
  TRY_VOID(at_least_1ms(c->start_period, "StartPeriod"));
  return at_least_1ms(c->start_interval, "StartInterval");
}

std::optional<api::HealthConfig> image_healthcheck(const nlohmann::json& config_blob) {
  if (!config_blob.is_object() || !config_blob.contains("config"))
    return std::nullopt;
  api::ContainerConfig config;
  if (api::from_json(config_blob["config"], config)) // an error text: ignored as unusable
    return std::nullopt;
  return config.healthcheck;
}

std::optional<api::HealthConfig> merge_healthcheck(std::optional<api::HealthConfig> requested,
                                                   const std::optional<api::HealthConfig>& image) {
  if (!image)
    return requested;
  if (!requested)
    return image;
  api::HealthConfig& r = *requested;
  if (r.test.empty())
    r.test = image->test;
  if (r.interval == 0)
    r.interval = image->interval;
  if (r.timeout == 0)
    r.timeout = image->timeout;
  if (r.start_period == 0)
    r.start_period = image->start_period;
  if (r.start_interval == 0)
    r.start_interval = image->start_interval;
  if (r.retries == 0)
    r.retries = image->retries;
  return requested;
}

} // namespace mydocker::engine::health
