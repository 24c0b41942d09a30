#include "cli/command.hpp"

#include <iostream>

#include "cli/commands.hpp"

namespace mydocker::cli {

const std::vector<Command>& commands() {
  static const std::vector<Command> table = [] {
    std::vector<Command> all = {
        version_command(),
        info_command(),
        images_command(),
        import_command(),
        tag_command(),
        rmi_command(),
        ps_command(),
        logs_command(),
        exec_command(),
        top_command(),
        attach_command(),
        inspect_command(),
        run_command(),
        create_command(),
        rename_command(),
        container_prune_command(),
        image_prune_command(),
        pull_command(),
        push_command(),
        login_command(),
        logout_command(),
        history_command(),
        container_inspect_command(),
        image_inspect_command(),
        cp_command(),
        build_command(),
    };
    for (auto& c : archive_commands())
      all.push_back(std::move(c));
    for (auto& c : container_verb_commands())
      all.push_back(std::move(c));
    for (auto& c : volume_commands())
      all.push_back(std::move(c));
    for (auto& c : network_commands())
      all.push_back(std::move(c));
    all.push_back(port_command());
    for (auto& c : system_commands())
      all.push_back(std::move(c));
    for (auto& c : observe_commands())
      all.push_back(std::move(c));
    return all;
  }();
  return table;
}

const Command* find_command(const std::string& name) {
  for (const auto& c : commands())
    if (c.spec.name == name)
      return &c;
  return nullptr;
}

CommandSpec Invocation::shown_spec(const CommandSpec& spec) const {
  CommandSpec shown = spec;
  if (!m_invoked_as.empty())
    shown.name = m_invoked_as;
  return shown;
}

client::Client* Invocation::client() {
  if (m_client)
    return &*m_client;
  auto created = client::Client::create(client::resolve_host(m_globals.host));
  if (!created) {
    report_error(created.error());
    return nullptr;
  }
  if (auto negotiated = created->negotiate(); !negotiated) {
    report_error(negotiated.error());
    return nullptr;
  }
  m_client.emplace(std::move(*created));
  return &*m_client;
}

int report_error(const Error& error) {
  // Unavailable marks client-side failures (no daemon, bad -H); the rest came from the daemon.
  if (error.code == Errc::Unavailable)
    std::cerr << error.message << "\n";
  else
    std::cerr << "Error response from daemon: " << error.message << "\n";
  return 1;
}

} // namespace mydocker::cli
