// ContainerService::init: the records of <data-root>/containers/ at daemon start. A record that
// cannot be read, parsed or validated is logged and moved to <data-root>/containers-corrupt/, so
// it is never silently skipped, never stops the daemon, and the other containers still load.
#include <sys/stat.h>

#include <filesystem>

#include "common/atomic_file.hpp"
#include "common/log.hpp"
#include "common/time_format.hpp"
#include "engine/container_service.hpp"
#include "engine/volume_binds.hpp"

namespace mydocker::engine {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr const char* RECORD_FILE = "config.v2.json";

// The fields the engine relies on without checking again, with the types it reads them as.
Result<void> check_record_json(const json& j, const std::string& dir_name) {
  if (!j.is_object())
    return invalid_argument("the record is not a JSON object");
  if (!j.contains("id") || !j["id"].is_string() || j["id"] != dir_name)
    return invalid_argument("\"id\" does not name the container's directory");
  if (!j.contains("name") || !j["name"].is_string() || j["name"].get<std::string>().empty())
    return invalid_argument("\"name\" is missing or not a string");
  for (const char* key : {"config", "host_config"})
    if (j.contains(key) && !j[key].is_object())
      return invalid_argument(std::string("\"") + key + "\" is not an object");
  if (!j.contains("state") || !j["state"].is_object())
    return invalid_argument("\"state\" is missing or not an object");
  const json& state = j["state"];
  if (!state.contains("status") || !state["status"].is_string() ||
      status_name(status_from_name(state["status"].get<std::string>())) != state["status"])
    return invalid_argument("\"state.status\" is not a container state");
  return {};
}

Result<ContainerRecord> read_record(const fs::path& dir) {
  auto text = read_file((dir / RECORD_FILE).string());
  if (!text)
    return invalid_argument(std::string("no readable ") + RECORD_FILE + ": " +
                            text.error().message);
  json j = json::parse(*text, nullptr, false);
  if (j.is_discarded())
    return invalid_argument(std::string(RECORD_FILE) + " is not valid JSON");
  TRY_VOID(check_record_json(j, dir.filename().string()));
  try { // wrongly typed optional fields throw from the decoder
    ContainerRecord r = record_from_json(j);
    if (has_process(r.state.status) && r.state.shim_pid <= 0)
      return invalid_argument("a running container without a shim pid");
    return r;
  } catch (const std::exception& e) {
    return invalid_argument(std::string("cannot decode the record: ") + e.what());
  }
}

// Moves a bad container directory out of the way, so that it is kept for inspection.
void set_aside(const std::string& data_root, const fs::path& dir, const std::string& reason) {
  std::string target_dir = data_root + "/containers-corrupt";
  std::string target = target_dir + "/" + dir.filename().string();
  std::error_code ec;
  if (fs::exists(target, ec))
    target += "." + std::to_string(now_unix_nanos());
  std::string moved = "moved to " + target;
  if (auto made = make_dirs(target_dir, 0700); !made) // records hold secrets (Env)
    moved = "cannot create " + target_dir + ": " + made.error().message;
  else if (fs::rename(dir, target, ec); ec)
    moved = "cannot move it to " + target + ": " + ec.message();
  log::error("corrupt container record " + dir.string() + " (" + reason + "), " + moved);
}

} // namespace

Result<void> ContainerService::init() {
  std::string root = m_config.data_root + "/containers";
  TRY_VOID(make_dirs(root));
  if (::chmod(root.c_str(), 0700) != 0)
    return sys_error("chmod " + root);
  std::error_code ec;
  std::vector<fs::path> dirs; // listed first: bad ones are moved out of the directory
  for (auto& dir : fs::directory_iterator(root, ec))
    if (dir.is_directory(ec))
      dirs.push_back(dir.path());
  if (ec)
    log::error("reading " + root + ": " + ec.message());
  std::vector<EntryPtr> running, stopped;
  for (const auto& dir : dirs) {
    auto record = read_record(dir);
    if (!record) {
      set_aside(m_config.data_root, dir, record.error().message);
      continue;
    }
    // The daemon ended during a removal: a live process is watched again (its exit is then
    // recorded), a dead one leaves Docker's "dead" state, which `rm` finishes.
    if (record->state.status == Status::Removing)
      record->state.status = record->state.shim_pid > 0 ? Status::Running : Status::Dead;
    auto entry = std::make_shared<Entry>();
    entry->record = std::move(*record);
    entry->publish();
    const ContainerRecord& r = entry->record;
    if (auto named = m_index.reserve_name(r.name, r.id); !named)
      log::error("container " + r.id + " loaded without its name: " + named.error().message);
    m_index.insert(r.id, entry);
    if (m_volumes) // references live in memory: taken again for every stored container
      retake_mounts(*m_volumes, r.mounts, r.id);
    (has_process(r.state.status) ? running : stopped).push_back(entry);
  }
  // Containers outlive the daemon: re-watch live shims, settle the ones that ended meanwhile.
  for (auto& entry : running)
    watch(entry);
  restart_after_daemon_start(stopped);
  return {};
}

} // namespace mydocker::engine
