#include "engine/container_top.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <ctime>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/atomic_file.hpp"
#include "common/fd.hpp"

extern char** environ;

namespace mydocker::engine {

namespace {

std::vector<std::string> split_ws(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;)
    out.push_back(w);
  return out;
}

// The container's PIDs from the first of its cgroups that can be read.
Result<std::vector<int>> container_pids(const std::string& state_dir) {
  auto text = TRY(read_file(state_dir + "/spec.json"));
  auto spec = nlohmann::json::parse(text, nullptr, false);
  for (const auto& procs : spec.value("cgroup_procs", std::vector<std::string>{})) {
    auto list = read_file(procs);
    if (!list)
      continue;
    std::vector<int> pids;
    for (const auto& w : split_ws(*list))
      pids.push_back(std::atoi(w.c_str()));
    std::sort(pids.begin(), pids.end());
    return pids;
  }
  return internal_error("no readable cgroup of the container in " + state_dir);
}

std::string user_name(uid_t uid) {
  passwd pw{}, *found = nullptr;
  char buf[4096];
  if (::getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 && found)
    return pw.pw_name;
  return std::to_string(uid);
}

std::optional<uid_t> effective_uid(const std::string& status) {
  size_t at = status.find("\nUid:");
  if (at == std::string::npos)
    return std::nullopt;
  auto words = split_ws(status.substr(at + 5, status.find('\n', at + 1) - at - 5));
  return words.size() >= 2 ? std::optional<uid_t>(std::stoul(words[1])) : std::nullopt;
}

std::string command_line(int pid, const std::string& comm) {
  auto raw = read_file("/proc/" + std::to_string(pid) + "/cmdline");
  if (!raw || raw->empty())
    return "[" + comm + "]";
  std::string cmd = *raw;
  while (!cmd.empty() && cmd.back() == '\0')
    cmd.pop_back();
  std::replace(cmd.begin(), cmd.end(), '\0', ' ');
  return cmd;
}

int64_t boot_time() {
  auto stat = read_file("/proc/stat");
  size_t at = stat ? stat->find("btime ") : std::string::npos;
  return at == std::string::npos ? 0 : std::atoll(stat->c_str() + at + 6);
}

// One `ps -ef` row; nullopt when the process has gone meanwhile.
std::optional<std::vector<std::string>> ps_ef_row(int pid, int64_t boot, int64_t now) {
  std::string dir = "/proc/" + std::to_string(pid);
  auto stat_text = read_file(dir + "/stat");
  auto status = read_file(dir + "/status");
  auto stat = stat_text ? parse_proc_stat(*stat_text) : std::nullopt;
  if (!stat || !status)
    return std::nullopt;
  int64_t hz = ::sysconf(_SC_CLK_TCK);
  int64_t started = boot + static_cast<int64_t>(stat->start_ticks) / hz;
  uint64_t cpu_seconds = stat->cpu_ticks / static_cast<uint64_t>(hz);
  int64_t elapsed = std::max<int64_t>(1, now - started);
  int64_t c = static_cast<int64_t>(stat->cpu_ticks) * 100 / hz / elapsed;
  auto uid = effective_uid(*status);
  return std::vector<std::string>{
      uid ? user_name(*uid) : "?",     std::to_string(stat->pid),
      std::to_string(stat->ppid),      std::to_string(std::min<int64_t>(c, 99)),
      format_start_time(started, now), tty_name(stat->tty_nr),
      format_cpu_time(cpu_seconds),    command_line(pid, stat->comm)};
}

// dockerd runs `ps` with the client's arguments (split on spaces) and keeps the container's rows.
Result<TopResult> run_ps(const std::string& ps_args, const std::vector<int>& pids) {
  std::vector<std::string> args = {"ps"};
  for (const auto& a : split_ws(ps_args))
    args.push_back(a);
  std::vector<char*> argv;
  for (auto& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0)
    return sys_error("pipe");
  Fd read_end(p[0]), write_end(p[1]);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, write_end.get(), 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t child = 0;
  int rc = ::posix_spawnp(&child, "ps", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  write_end.reset();
  if (rc != 0)
    return internal_error("Error running ps: " + std::string(std::strerror(rc)));
  std::string output;
  char buf[16384];
  for (ssize_t n; (n = ::read(read_end.get(), buf, sizeof buf)) != 0;) {
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      break;
    output.append(buf, static_cast<size_t>(n));
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return internal_error("ps: exit status " + std::to_string(WEXITSTATUS(status)));
  return filter_ps_output(output, pids);
}

} // namespace

std::optional<ProcStat> parse_proc_stat(const std::string& text) {
  size_t open = text.find('('), close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open)
    return std::nullopt;
  auto f = split_ws(text.substr(close + 1)); // f[0] is field 3 (state)
  if (f.size() < 20)
    return std::nullopt;
  ProcStat s;
  s.pid = std::atoi(text.c_str());
  s.comm = text.substr(open + 1, close - open - 1);
  s.ppid = std::atoi(f[1].c_str());
  s.tty_nr = std::atoll(f[4].c_str());
  s.cpu_ticks = std::stoull(f[11]) + std::stoull(f[12]);
  s.start_ticks = std::stoull(f[19]);
  return s;
}

std::string format_cpu_time(uint64_t seconds) {
  char buf[64];
  uint64_t days = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60, s = seconds % 60;
  if (days > 0)
    std::snprintf(buf, sizeof buf, "%llu-%02llu:%02llu:%02llu", (unsigned long long)days,
                  (unsigned long long)h, (unsigned long long)m, (unsigned long long)s);
  else
    std::snprintf(buf, sizeof buf, "%02llu:%02llu:%02llu", (unsigned long long)h,
                  (unsigned long long)m, (unsigned long long)s);
  return buf;
}

std::string format_start_time(int64_t start, int64_t now) {
  time_t t = static_cast<time_t>(start);
  tm local{};
  ::localtime_r(&t, &local);
  char buf[32];
  const char* format = now - start < 86400 ? "%H:%M" : now - start < 365 * 86400 ? "%b%d" : "%Y";
  std::strftime(buf, sizeof buf, format, &local);
  return buf;
}

std::string tty_name(int64_t tty_nr) {
  int64_t major = (tty_nr >> 8) & 0xfff, minor = (tty_nr & 0xff) | ((tty_nr >> 12) & 0xfff00);
  if (major >= 136 && major <= 143)
    return "pts/" + std::to_string(minor + (major - 136) * 256);
  return "?";
}

Result<TopResult> filter_ps_output(const std::string& output, const std::vector<int>& pids) {
  std::istringstream in(output);
  std::string header;
  std::getline(in, header);
  TopResult out;
  out.titles = split_ws(header);
  auto pid_col = std::find(out.titles.begin(), out.titles.end(), "PID");
  if (pid_col == out.titles.end())
    return internal_error("Couldn't find PID field in ps output");
  size_t pid_index = static_cast<size_t>(pid_col - out.titles.begin());
  for (std::string line; std::getline(in, line);) {
    auto fields = split_ws(line);
    if (fields.size() <= pid_index)
      continue;
    int pid = std::atoi(fields[pid_index].c_str());
    if (!std::binary_search(pids.begin(), pids.end(), pid))
      continue;
    // The last column (the command) keeps its spaces.
    size_t cut = out.titles.size() - 1;
    std::vector<std::string> row(fields.begin(), fields.begin() + std::min(cut, fields.size()));
    std::string rest;
    for (size_t i = cut; i < fields.size(); ++i)
      rest += (rest.empty() ? "" : " ") + fields[i];
    row.push_back(rest);
    out.processes.push_back(std::move(row));
  }
  return out;
}

Result<TopResult> container_top(ContainerService& containers, const std::string& exec_root,
                                const std::string& ref, const std::string& ps_args) {
  ContainerRecord r = TRY(containers.snapshot(ref));
  if (!has_process(r.state.status))
    return conflict("Container " + r.id + " is not running");
  auto pids = TRY(container_pids(exec_root + "/containers/" + r.id));
  if (!ps_args.empty() && ps_args != "-ef")
    return run_ps(ps_args, pids);
  TopResult out;
  out.titles = {"UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"};
  int64_t boot = boot_time(), now = ::time(nullptr);
  for (int pid : pids)
    if (auto row = ps_ef_row(pid, boot, now))
      out.processes.push_back(std::move(*row));
  return out;
}

} // namespace mydocker::engine
