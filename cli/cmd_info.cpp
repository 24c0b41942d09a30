// mydocker info: the daemon's /info in docker's layout (the common fields).
#include <cmath>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

std::string text(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null())
    return "";
  return j[key].is_string() ? j[key].get<std::string>() : j[key].dump();
}

// go-units BytesSize: binary units with two decimals ("23.54GiB").
std::string bytes_size(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int i = 0;
  while (bytes >= 1024 && i < 5) {
    bytes /= 1024;
    ++i;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g%s", bytes, units[i]);
  return buf;
}

void print_list(const char* indent, const json& list) {
  if (list.is_array())
    for (const auto& item : list)
      std::cout << indent << (item.is_string() ? item.get<std::string>() : item.dump()) << "\n";
}

void print_server(const json& i) {
  std::cout << "\nServer:\n";
  std::cout << " Containers: " << text(i, "Containers")
            << "\n  Running: " << text(i, "ContainersRunning")
            << "\n  Paused: " << text(i, "ContainersPaused")
            << "\n  Stopped: " << text(i, "ContainersStopped") << "\n Images: " << text(i, "Images")
            << "\n Server Version: " << text(i, "ServerVersion")
            << "\n Storage Driver: " << text(i, "Driver") << "\n";
  if (i.contains("DriverStatus") && i["DriverStatus"].is_array())
    for (const auto& pair : i["DriverStatus"])
      if (pair.is_array() && pair.size() == 2)
        std::cout << "  " << pair[0].get<std::string>() << ": " << pair[1].get<std::string>()
                  << "\n";
  std::cout << " Logging Driver: " << text(i, "LoggingDriver")
            << "\n Cgroup Driver: " << text(i, "CgroupDriver")
            << "\n Cgroup Version: " << text(i, "CgroupVersion") << "\n Swarm: inactive\n";
  std::cout << " Kernel Version: " << text(i, "KernelVersion")
            << "\n Operating System: " << text(i, "OperatingSystem")
            << "\n OSType: " << text(i, "OSType") << "\n Architecture: " << text(i, "Architecture")
            << "\n CPUs: " << text(i, "NCPU")
            << "\n Total Memory: " << bytes_size(i.value("MemTotal", 0.0))
            << "\n Name: " << text(i, "Name") << "\n ID: " << text(i, "ID")
            << "\n Docker Root Dir: " << text(i, "DockerRootDir")
            << "\n Debug Mode: " << text(i, "Debug") << "\n";
  if (i.contains("RegistryConfig") && i["RegistryConfig"].contains("InsecureRegistryCIDRs")) {
    std::cout << " Insecure Registries:\n";
    print_list("  ", i["RegistryConfig"]["InsecureRegistryCIDRs"]);
  }
  std::cout << " Live Restore Enabled: " << text(i, "LiveRestoreEnabled") << "\n";
  if (i.contains("Warnings") && i["Warnings"].is_array())
    for (const auto& w : i["Warnings"])
      std::cerr << w.get<std::string>() << "\n";
}

} // namespace

Command info_command() {
  CommandSpec spec{"info", "[OPTIONS]", "Display system-wide information", {}, "Common Commands"};
  return {spec, [spec](Invocation& inv) {
            if (wants_help(spec, inv.args()))
              return 0;
            std::cout << "Client:\n Version:    " << MYDOCKER_VERSION << "\n Context:    default\n"
                      << " Debug Mode: " << (inv.globals().debug ? "true" : "false") << "\n";
            client::Client* c = inv.client();
            if (!c)
              return 1;
            auto info = c->get_json("/info");
            if (!info)
              return report_error(info.error());
            print_server(*info);
            return 0;
          }};
}

} // namespace mydocker::cli
