// mydocker update: new resource limits or restart policy for one or more containers.
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/run_options.hpp"
#include "cli/simple_command.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

Result<json> restart_value(const std::string& text) {
  size_t colon = text.find(':');
  int max = 0;
  if (colon != std::string::npos) {
    std::string count = text.substr(colon + 1);
    char* end = nullptr;
    long value = std::strtol(count.c_str(), &end, 10);
    if (count.empty() || *end != '\0')
      return invalid_argument(
          "invalid restart policy format: maximum retry count must be an integer");
    max = static_cast<int>(value);
  }
  return json{{"Name", text.substr(0, colon)}, {"MaximumRetryCount", max}};
}

Result<int64_t> integer(const ParsedArgs& a, const std::string& flag) {
  std::string text = a.last(flag);
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0')
    return invalid_argument("invalid argument \"" + text + "\" for \"--" + flag +
                            "\" flag: strconv.ParseInt: parsing \"" + text + "\": invalid syntax");
  return v;
}

// Only the flags given go into the body: a zero field means "unchanged" to the daemon.
Result<json> update_body(const ParsedArgs& a) {
  json body = json::object();
  if (a.has("memory"))
    body["Memory"] = TRY(parse_bytes(a.last("memory")));
  if (a.has("memory-swap"))
    body["MemorySwap"] =
        a.last("memory-swap") == "-1" ? -1 : TRY(parse_bytes(a.last("memory-swap")));
  if (a.has("memory-reservation"))
    body["MemoryReservation"] = TRY(parse_bytes(a.last("memory-reservation")));
  if (a.has("cpus")) {
    char* end = nullptr;
    double cpus = std::strtod(a.last("cpus").c_str(), &end);
    if (*end != '\0')
      return invalid_argument("invalid argument \"" + a.last("cpus") +
                              "\" for \"--cpus\" flag: failed to parse " + a.last("cpus") +
                              " as a rational number");
    body["NanoCpus"] = static_cast<int64_t>(cpus * 1e9);
  }
  for (const auto& [flag, key] :
       std::vector<std::pair<std::string, std::string>>{{"cpu-shares", "CpuShares"},
                                                        {"cpu-period", "CpuPeriod"},
                                                        {"cpu-quota", "CpuQuota"},
                                                        {"pids-limit", "PidsLimit"},
                                                        {"blkio-weight", "BlkioWeight"}})
    if (a.has(flag))
      body[key] = TRY(integer(a, flag));
  for (const auto& [flag, key] : std::vector<std::pair<std::string, std::string>>{
           {"cpuset-cpus", "CpusetCpus"}, {"cpuset-mems", "CpusetMems"}})
    if (a.has(flag))
      body[key] = a.last(flag);
  if (a.has("restart"))
    body["RestartPolicy"] = TRY(restart_value(a.last("restart")));
  return body;
}

int run_update(Invocation& inv, const ParsedArgs& a) {
  auto body = update_body(a);
  if (!body) {
    std::cerr << body.error().message << "\n";
    return 125;
  }
  client::Client* c = inv.client();
  if (!c)
    return 1;
  int status = 0;
  for (const auto& name : a.positionals) {
    auto sent = c->request("POST", "/containers/" + percent_encode(name) + "/update", body->dump(),
                           "application/json");
    if (!sent) {
      std::cerr << "Error response from daemon: " << sent.error().message << "\n";
      status = 1;
      continue;
    }
    json answer = json::parse(sent->body, nullptr, false);
    if (answer.is_object() && answer["Warnings"].is_array())
      for (const auto& w : answer["Warnings"])
        std::cerr << w.get<std::string>() << "\n";
    std::cout << name << "\n";
  }
  return status;
}

} // namespace

Command update_command() {
  CommandSpec spec{
      "update",
      "[OPTIONS] CONTAINER [CONTAINER...]",
      "Update configuration of one or more containers",
      {{"    --blkio-weight uint16", "Block IO (relative weight), between 10 and 1000, or 0 to "
                                     "disable (default 0)"},
       {"    --cpu-period int", "Limit CPU CFS (Completely Fair Scheduler) period"},
       {"    --cpu-quota int", "Limit CPU CFS (Completely Fair Scheduler) quota"},
       {"-c, --cpu-shares int", "CPU shares (relative weight)"},
       {"    --cpus decimal", "Number of CPUs"},
       {"    --cpuset-cpus string", "CPUs in which to allow execution (0-3, 0,1)"},
       {"    --cpuset-mems string", "MEMs in which to allow execution (0-3, 0,1)"},
       {"-m, --memory bytes", "Memory limit"},
       {"    --memory-reservation bytes", "Memory soft limit"},
       {"    --memory-swap bytes",
        "Swap limit equal to memory plus swap: -1 to enable unlimited swap"},
       {"    --pids-limit int", "Tune container pids limit (set -1 for unlimited)"},
       {"    --restart string", "Restart policy to apply when a container exits"}},
      "Commands"};
  std::vector<FlagSpec> flags = {
      {"", "blkio-weight", true}, {"", "cpu-period", true}, {"", "cpu-quota", true},
      {"c", "cpu-shares", true},  {"", "cpus", true},       {"", "cpuset-cpus", true},
      {"", "cpuset-mems", true},  {"m", "memory", true},    {"", "memory-reservation", true},
      {"", "memory-swap", true},  {"", "pids-limit", true}, {"", "restart", true}};
  return simple_command(spec, flags, 1, ANY, run_update);
}

} // namespace mydocker::cli
