// Docker's container Config (moby api/types/container/config.go): what a container runs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/types/wire_basics.hpp"

namespace mydocker::api {

// The `{}` values of ExposedPorts and Volumes.
struct EmptyObject {
  static constexpr const char* go_name = "struct {}";
  template <class S, class V> static void fields(S&, V&) {}
};

struct HealthConfig {
  static constexpr const char* go_name = "container.HealthConfig";
  std::vector<std::string> test; // ["NONE"], ["CMD", ...], ["CMD-SHELL", "..."]
  int64_t interval = 0;          // nanoseconds, 0 = inherit
  int64_t timeout = 0;
  int64_t start_period = 0;
  int64_t start_interval = 0;
  int retries = 0;

  template <class S, class V> static void fields(S& s, V& v) {
    v("Test", s.test, Empty::Omit);
    v("Interval", s.interval, Empty::Omit);
    v("Timeout", s.timeout, Empty::Omit);
    v("StartPeriod", s.start_period, Empty::Omit);
    v("StartInterval", s.start_interval, Empty::Omit);
    v("Retries", s.retries, Empty::Omit);
  }
};

struct ContainerConfig {
  static constexpr const char* go_name = "container.Config";
  std::string hostname;
  std::string domainname;
  std::string user;
  bool attach_stdin = false;
  bool attach_stdout = false;
  bool attach_stderr = false;
  std::map<std::string, EmptyObject> exposed_ports; // "80/tcp"
  bool tty = false;
  bool open_stdin = false;
  bool stdin_once = false;
  std::vector<std::string> env; // "K=V"
  StrSlice cmd;
  std::optional<HealthConfig> healthcheck;
  bool args_escaped = false;
  std::string image; // as the client typed it
  // null and {} are both kept as sent.
  std::optional<std::map<std::string, EmptyObject>> volumes;
  std::string working_dir;
  std::optional<StrSlice> entrypoint; // null = the image's; [""] clears it
  bool network_disabled = false;
  std::string mac_address;
  std::vector<std::string> on_build;
  std::map<std::string, std::string> labels;
  std::string stop_signal;
  std::optional<int> stop_timeout; // seconds
  StrSlice shell;

  template <class S, class V> static void fields(S& s, V& v) {
    v("Hostname", s.hostname);
    v("Domainname", s.domainname);
    v("User", s.user);
    v("AttachStdin", s.attach_stdin);
    v("AttachStdout", s.attach_stdout);
    v("AttachStderr", s.attach_stderr);
    v("ExposedPorts", s.exposed_ports, Empty::Omit);
    v("Tty", s.tty);
    v("OpenStdin", s.open_stdin);
    v("StdinOnce", s.stdin_once);
    v("Env", s.env);
    v("Cmd", s.cmd);
    v("Healthcheck", s.healthcheck, Empty::Omit);
    v("ArgsEscaped", s.args_escaped, Empty::Omit);
    v("Image", s.image);
    v("Volumes", s.volumes);
    v("WorkingDir", s.working_dir);
    v("Entrypoint", s.entrypoint);
    v("NetworkDisabled", s.network_disabled, Empty::Omit);
    v("MacAddress", s.mac_address, Empty::Omit);
    v("OnBuild", s.on_build);
    v("Labels", s.labels, Empty::Value);
    v("StopSignal", s.stop_signal, Empty::Omit);
    v("StopTimeout", s.stop_timeout, Empty::Omit);
    v("Shell", s.shell, Empty::Omit);
  }
};

} // namespace mydocker::api
