// RUN: a container of the ContainerService with run's defaults (the image's env, workdir and
// user; no entrypoint), its output streamed, its writable layer committed, and the container
// removed whatever happens.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <future>

#include "api/types/create_body.hpp"
#include "builder/build_job.hpp"
#include "common/atomic_file.hpp"
#include "common/fd.hpp"
#include "common/scope_guard.hpp"
#include "engine/json_log_reader.hpp"
#include "layers/build_support.hpp"

namespace mydocker::builder {

using nlohmann::json;

namespace {

// The predefined proxy ARGs: usable with --build-arg without an ARG line.
const char* const PROXY_ARGS[] = {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
                                  "FTP_PROXY",  "ftp_proxy",  "NO_PROXY",    "no_proxy",
                                  "ALL_PROXY",  "all_proxy"};

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : " ") + p;
  return out;
}

} // namespace

std::vector<std::string> step_command(const Instruction& in, const json& config) {
  if (in.exec_form)
    return in.exec_args;
  std::vector<std::string> argv = {"/bin/sh", "-c"};
  if (config.contains("Shell") && config["Shell"].is_array() && !config["Shell"].empty())
    argv = config["Shell"].get<std::vector<std::string>>();
  argv.push_back(in.rest);
  return argv;
}

// The stage's ARGs and the predefined proxy ARGs given with --build-arg.
std::vector<std::string> BuildJob::run_env() {
  std::vector<std::string> env = arg_env();
  for (const char* name : PROXY_ARGS) {
    auto given = m_request.build_args.find(name);
    if (given != m_request.build_args.end() && given->second && !m_stage->args.count(name)) {
      env.push_back(std::string(name) + "=" + *given->second);
      m_used_args.insert(name);
    }
  }
  return env;
}

// run's defaults: the image's env, workdir and user; its entrypoint does not apply.
Result<std::string> BuildJob::create_step_container(const std::vector<std::string>& argv,
                                                    const std::vector<std::string>& env) {
  json body = {{"Image", m_stage->image_id},
               {"Cmd", argv},
               {"Entrypoint", json::array({""})},
               {"Env", env},
               {"HostConfig", {{"NetworkMode", m_request.network_mode}}}};
  api::CreateBody create = TRY(api::decode_create_body(body));
  return m_deps.containers.create("", create);
}

Result<void> BuildJob::run_command(const Instruction& in) {
  std::vector<std::string> argv = step_command(in, m_stage->config);
  std::vector<std::string> env = run_env();
  std::string created_by = join(argv);
  if (!env.empty())
    created_by = "|" + std::to_string(env.size()) + " " + join(env) + " " + created_by;
  std::string key = cache_key("RUN " + created_by);
  if (use_cache(key, created_by))
    return {};
  std::string id = TRY(create_step_container(argv, env));
  // The issue asks that a failed build leave no container: with rm (the default) or forcerm the
  // failed step's container goes too (dockerd's classic builder keeps it unless forcerm);
  // rm=0 keeps every step's container for inspection.
  Rollback remove;
  if (m_request.remove || m_request.force_remove)
    remove.add([&] { (void)remove_step_container(id); });
  say(" ---> Running in " + id.substr(0, 12) + "\n");
  int code = TRY(run_container(id));
  if (code != 0) {
    m_exit_code = code;
    return invalid_argument("The command '" + join(argv) +
                            "' returned a non-zero code: " + std::to_string(code));
  }
  layers::ContainerLayer layer = TRY(m_deps.images.container_layer(id));
  layers::ChildImageOptions options{m_stage->image_id, m_stage->config, created_by,
                                    layer.upper_dir};
  layers::Image image = TRY(m_deps.images.create_child_image(options));
  remove.dismiss();
  if (m_request.remove || m_request.force_remove) // rm=0 keeps it
    TRY_VOID(remove_step_container(id));
  m_stage->image_id = image.id;
  TRY_VOID(m_deps.cache.put(key, image.id));
  say(" ---> " + short_image_id(image.id) + "\n");
  return {};
}

Result<void> BuildJob::remove_step_container(const std::string& id) {
  say("Removing intermediate container " + id.substr(0, 12) + "\n");
  return m_deps.containers.remove(id, true);
}

// Starts the container and passes its output on as it comes (the json-file log, polled)
// until it exits; the exit code.
Result<int> BuildJob::run_container(const std::string& id) {
  TRY_VOID(m_deps.containers.start(id));
  std::promise<int> exited;
  auto code = exited.get_future();
  TRY_VOID(m_deps.containers.wait(id, engine::WaitCondition::NotRunning,
                                  [&exited](int c) { exited.set_value(c); }));
  engine::ContainerRecord record = TRY(m_deps.containers.snapshot(id));
  Fd log;
  size_t offset = 0;
  std::string pending;
  auto pump = [&] {
    if (!log)
      log = Fd(::open(record.log_path.c_str(), O_RDONLY | O_CLOEXEC));
    char buf[65536];
    for (ssize_t n; log && (n = ::pread(log.get(), buf, sizeof buf, off_t(offset))) > 0;) {
      offset += size_t(n);
      pending.append(buf, size_t(n));
    }
    for (size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1))
      say(engine::parse_log_line(pending.substr(0, nl)).text);
  };
  while (code.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready)
    pump();
  int exit_code = code.get();
  pump(); // what the shim wrote last
  return exit_code;
}

} // namespace mydocker::builder
