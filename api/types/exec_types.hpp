// Exec (moby api/types/container/exec.go): create and start bodies, the inspect answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "api/types/wire_basics.hpp"

namespace mydocker::api {

struct ExecCreateBody {
  static constexpr const char* go_name = "container.ExecOptions";
  std::string user;
  bool privileged = false, tty = false;
  std::optional<std::vector<uint64_t>> console_size; // [height, width]
  bool attach_stdin = false, attach_stderr = false, attach_stdout = false;
  std::string detach_keys;
  std::vector<std::string> env;
  std::string working_dir;
  StrSlice cmd;
  template <class S, class V> static void fields(S& s, V& v) {
    v("User", s.user);
    v("Privileged", s.privileged);
    v("Tty", s.tty);
    v("ConsoleSize", s.console_size, Empty::Omit);
    v("AttachStdin", s.attach_stdin);
    v("AttachStderr", s.attach_stderr);
    v("AttachStdout", s.attach_stdout);
    v("DetachKeys", s.detach_keys);
    v("Env", s.env);
    v("WorkingDir", s.working_dir);
    v("Cmd", s.cmd);
  }
};

struct ExecStartBody {
  static constexpr const char* go_name = "container.ExecStartOptions";
  bool detach = false, tty = false;
  std::optional<std::vector<uint64_t>> console_size;
  template <class S, class V> static void fields(S& s, V& v) {
    v("Detach", s.detach);
    v("Tty", s.tty);
    v("ConsoleSize", s.console_size, Empty::Omit);
  }
};

struct ExecProcessConfig {
  static constexpr const char* go_name = "container.ExecProcessConfig";
  bool tty = false;
  std::string entrypoint;
  std::vector<std::string> arguments;
  bool privileged = false;
  std::string user;
  template <class S, class V> static void fields(S& s, V& v) {
    v("tty", s.tty);
    v("entrypoint", s.entrypoint);
    v("arguments", s.arguments, Empty::Value);
    v("privileged", s.privileged);
    v("user", s.user, Empty::Omit);
  }
};

struct ExecInspect {
  static constexpr const char* go_name = "container.ExecInspect";
  std::string id;
  bool running = false;
  std::optional<int> exit_code; // null while running
  ExecProcessConfig process_config;
  bool open_stdin = false, open_stderr = false, open_stdout = false, can_remove = false;
  std::string container_id, detach_keys;
  int pid = 0;
  template <class S, class V> static void fields(S& s, V& v) {
    v("ID", s.id);
    v("Running", s.running);
    v("ExitCode", s.exit_code);
    v("ProcessConfig", s.process_config);
    v("OpenStdin", s.open_stdin);
    v("OpenStderr", s.open_stderr);
    v("OpenStdout", s.open_stdout);
    v("CanRemove", s.can_remove);
    v("ContainerID", s.container_id);
    v("DetachKeys", s.detach_keys);
    v("Pid", s.pid);
  }
};

} // namespace mydocker::api
