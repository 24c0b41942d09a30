// mydockerd: the composition root, the only place concrete services are built.
#include <clocale>
#include <cstring>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iostream>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>

#include "api/daemon/daemon_options.hpp"
#include "api/daemon/pidfile.hpp"
#include "api/routes/routes.hpp"
#include "api/server/server.hpp"
#include "common/atomic_file.hpp"
#include "common/log.hpp"
#include "common/nofile_limit.hpp"
#include "common/random_id.hpp"
#include "engine/container_service.hpp"
#include "engine/health/health_monitor.hpp"
#include "layers/image_service.hpp"
#include "network/bridge.hpp"
#include "network/default_bridge.hpp"
#include "network/network_service.hpp"
#include "volumes/volume_service.hpp"

using namespace mydocker;
namespace asio = boost::asio;

namespace {

int fail(const std::string& message) {
  std::cerr << "failed to start daemon: " << message << "\n";
  return 1;
}

std::string load_engine_id(const std::string& data_root) {
  std::string path = data_root + "/engine-id";
  if (auto id = read_file(path); id && !id->empty())
    return *id;
  std::string id = random_hex_id(16);
  (void)write_file_atomic(path, id);
  return id;
}

// mydocker-shim sits next to mydockerd (build/bin or /usr/local/bin).
std::string shim_path(const char* argv0) {
  char self[4096];
  ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
  std::string exe = n > 0 ? std::string(self, static_cast<size_t>(n)) : std::string(argv0);
  return exe.substr(0, exe.rfind('/') + 1) + "mydocker-shim";
}

std::string default_bridge_name(const daemon::DaemonOptions& o) {
  return o.bridge.empty() ? std::string(network::default_bridge_name) : o.bridge;
}

// A bridge this daemon created is marked in the exec-root, so that a clean shutdown (also
// after a kill -9 and a restart) removes it and a user's own bridge is never deleted.
std::string bridge_marker(const daemon::DaemonOptions& o) {
  return o.exec_root + "/bridge-created";
}

// The bridge's address (gateway/prefix); "" with `-b none`.
Result<std::string> setup_default_bridge(const daemon::DaemonOptions& o) {
  if (o.bridge == network::no_bridge)
    return std::string();
  std::string cidr = TRY(network::choose_default_bridge_cidr(default_bridge_name(o), o.bip));
  bool created = TRY(network::ensure_bridge(default_bridge_name(o), cidr));
  if (created)
    TRY_VOID(write_file_replace(bridge_marker(o), default_bridge_name(o)));
  return cidr;
}

// Our nftables table: its own per bridge, so daemons on other bridges (tests) keep theirs.
std::string nat_table_name(const daemon::DaemonOptions& o) {
  std::string bridge = default_bridge_name(o);
  return bridge == network::default_bridge_name
             ? std::string(network::nft_table_name)
             : std::string(network::nft_table_name) + "_" + bridge;
}

Result<std::unique_ptr<network::NetworkService>> open_networks(const daemon::DaemonOptions& o,
                                                               const std::string& bridge_cidr) {
  network::NetworkServiceConfig config;
  config.data_root = o.data_root;
  config.default_bridge = bridge_cidr.empty() ? "" : default_bridge_name(o);
  config.bridge_cidr = bridge_cidr;
  config.nat_table = nat_table_name(o);
  auto service = TRY(network::NetworkService::open(config));
  if (auto nat = service->install_nat(); !nat) // containers still start: no NAT, clear log
    log::error("nftables: " + nat.error().message);
  return service;
}

// Clean shutdown: the bridge goes with the daemon unless a container still runs (their
// network namespaces outlive the daemon).
void remove_default_bridge(const daemon::DaemonOptions& o, engine::ContainerService& containers) {
  auto marked = read_file(bridge_marker(o));
  if (!marked || *marked != default_bridge_name(o))
    return;
  if (containers.count(engine::Status::Running) + containers.count(engine::Status::Paused) > 0)
    return;
  if (auto removed = network::delete_bridge(*marked); !removed)
    log::warn("remove bridge " + *marked + ": " + removed.error().message);
  else
    ::unlink(bridge_marker(o).c_str());
}

// A handler that throws leaves io.run() on this thread: log it and run on, rather than
// let the exception end the daemon (sessions catch their own; this is the last line).
void run_reactor(asio::io_context& io) {
  for (;;) {
    try {
      io.run();
      return;
    } catch (const std::exception& e) {
      log::error(std::string("unexpected exception on the reactor: ") + e.what());
    } catch (...) {
      log::error("unexpected exception on the reactor");
    }
  }
}

// SIGTERM/SIGINT: stop accepting, give open requests a moment, then stop the reactor.
// Containers keep running under their shims.
void shutdown_on_signal(asio::io_context& io, asio::signal_set& signals, api::Server& server,
                        layers::ImageService& images) {
  signals.async_wait([&](const boost::system::error_code& ec, int signo) {
    if (ec)
      return;
    log::info("Processing signal " + std::to_string(signo) + ", shutting down");
    server.stop_accepting();
    images.cancel_transfers(); // a pull would hold the blocking pool (and the exit) for long
    auto timer = std::make_shared<asio::steady_timer>(io);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    auto poll = std::make_shared<std::function<void()>>();
    *poll = [&io, &server, timer, deadline, poll] {
      if (server.live_sessions() == 0 || std::chrono::steady_clock::now() > deadline) {
        io.stop();
        return;
      }
      timer->expires_after(std::chrono::milliseconds(50));
      timer->async_wait([poll](const boost::system::error_code&) { (*poll)(); });
    };
    (*poll)();
  });
}

} // namespace

int main(int argc, char** argv) {
  ::signal(SIGPIPE, SIG_IGN);
  // libarchive converts tar names to the locale's charset: in the default "C" locale a
  // UTF-8 name or link target of a pulled layer fails ("can't be converted from UTF-8").
  if (!::setlocale(LC_CTYPE, "C.UTF-8"))
    ::setlocale(LC_CTYPE, "en_US.UTF-8");
  auto parsed = daemon::parse_daemon_options(argc, argv);
  if (!parsed)
    return fail(parsed.error().message);
  daemon::DaemonOptions options = *parsed;
  if (options.exit_now)
    return options.exit_code;
  log::Level level;
  if (!log::parse_level(options.log_level, level))
    return fail("unable to parse logging level: " + options.log_level);
  log::set_level(level);
  engine::LogDefaults log_defaults{options.log_driver, options.log_opts};
  if (auto checked = engine::resolve_log_config("", {}, log_defaults); !checked)
    return fail("failed to set log opts: " + checked.error().message);
  if (::geteuid() != 0)
    return fail("mydockerd needs to be started with root privileges");
  if (auto raised = raise_nofile_limit(); !raised)
    log::warn("could not raise the open file limit: " + raised.error().message);

  auto pidfile = daemon::Pidfile::create(options.pidfile);
  if (!pidfile)
    return fail(pidfile.error().message);
  for (const auto& dir : {options.data_root, options.exec_root})
    if (auto made = make_dirs(dir); !made)
      return fail(made.error().message);
  // As dockerd: others may pass through the data root but list nothing; the exec-root holds
  // the containers' specs (with their Env) for root only.
  for (const auto& [dir, mode] : {std::pair{options.data_root, 0711}, {options.exec_root, 0700}})
    if (::chmod(dir.c_str(), static_cast<mode_t>(mode)) != 0)
      return fail("chmod " + dir + ": " + std::strerror(errno));
  auto bridge_cidr = setup_default_bridge(options);
  if (!bridge_cidr)
    return fail("Error initializing network controller: " + bridge_cidr.error().message);
  auto networks = open_networks(options, *bridge_cidr);
  if (!networks)
    return fail("Error initializing network controller: " + networks.error().message);

  asio::io_context io;
  asio::thread_pool blocking_pool(4);
  asio::thread_pool transfer_pool(16); // pulls, pushes, loads: never in the way of short calls
  api::Router router;

  // ---- composition: services and their routes ------------------------------------
  api::SystemConfig system;
  system.data_root = options.data_root;
  system.exec_root = options.exec_root;
  system.engine_id = load_engine_id(options.data_root);
  system.cgroup_parent = options.cgroup_parent;
  system.insecure_registries = options.insecure_registries;
  system.logging_driver = options.log_driver;
  layers::RegistryConfig registry;
  registry.insecure_registries = options.insecure_registries;
  registry.certs_dir = options.registry_certs_dir;
  registry.max_concurrent_downloads = options.max_concurrent_downloads;
  registry.max_concurrent_uploads = options.max_concurrent_uploads;
  auto images = layers::ImageService::open(options.data_root, registry);
  if (!images)
    return fail("image store: " + images.error().message);
  layers::ImageService& image_service = **images;
  engine::EngineConfig engine_config{options.data_root, options.exec_root, shim_path(argv[0]),
                                     options.cgroup_parent, log_defaults};
  auto volume_store =
      volumes::VolumeService::open(options.data_root, volumes::make_kernel_mounter());
  if (!volume_store)
    return fail("volume store: " + volume_store.error().message);
  engine::ContainerService containers(engine_config, image_service);
  containers.set_volumes(volume_store->get());
  containers.set_networks(networks->get());
  if (auto loaded = containers.init(); !loaded)
    return fail("loading containers: " + loaded.error().message);
  system.counts = [&image_service, &containers] {
    api::SystemCounts counts;
    counts.images = static_cast<int>(image_service.list().size());
    counts.containers = containers.count(std::nullopt);
    counts.running = containers.count(engine::Status::Running);
    counts.paused = containers.count(engine::Status::Paused);
    counts.stopped = counts.containers - counts.running - counts.paused;
    return counts;
  };
  api::add_system_routes(router, system);
  api::add_image_routes(router, image_service, [&containers](const std::string& id) {
    return containers.container_using_image(id);
  });
  api::add_image_registry_routes(router, image_service);
  api::add_container_routes(router, containers);
  api::add_archive_routes(router, image_service, containers, [&containers](const std::string& id) {
    return containers.container_using_image(id);
  });
  api::add_volume_routes(router, **volume_store);
  engine::ContainerArchive container_archive(containers, image_service, volume_store->get(),
                                             options.data_root);
  api::add_container_archive_routes(router, container_archive);
  api::add_system_df_route(router, image_service, containers, **volume_store);
  engine::ExecService exec_service(containers, options.exec_root, engine_config.shim_path);
  containers.set_exec_ids(
      [&exec_service](const std::string& id) { return exec_service.ids_of(id); });
  engine::HealthMonitor health_monitor(containers, exec_service);
  health_monitor.connect();
  api::add_exec_routes(router, exec_service);
  api::add_top_routes(router, containers, options.exec_root);
  api::add_event_routes(router);
  api::add_stats_routes(router, containers);
  builder::BuildService builds(options.data_root, containers, image_service);
  if (auto ready = builds.init(); !ready)
    return fail("builder: " + ready.error().message);
  api::add_build_routes(router, builds);
  api::add_network_routes(router, **networks, containers);
  // ----------------------------------------------------------------------------------

  api::ServerOptions server_options;
  server_options.spill_dir = options.data_root + "/tmp"; // large image archives in requests
  server_options.transfer_pool = &transfer_pool;
  if (auto made = make_dirs(server_options.spill_dir); !made)
    return fail(made.error().message);
  api::Server server(io, blocking_pool, router, server_options);
  api::TlsFiles tls{options.tls_verify, options.tls_ca_cert, options.tls_cert, options.tls_key};
  for (const auto& host : options.hosts)
    if (auto listening = server.listen(host, tls); !listening)
      return fail(listening.error().message);

  asio::signal_set signals(io, SIGTERM, SIGINT);
  shutdown_on_signal(io, signals, server, image_service);
  log::info("Daemon has completed initialization");
  std::thread second([&io] { run_reactor(io); });
  run_reactor(io);
  second.join();
  transfer_pool.stop();
  transfer_pool.join();
  blocking_pool.stop();
  blocking_pool.join();
  (*networks)->shutdown(
      containers.count(engine::Status::Running) + containers.count(engine::Status::Paused) > 0);
  remove_default_bridge(options, containers);
  log::info("Daemon shutdown complete");
  return 0;
}
