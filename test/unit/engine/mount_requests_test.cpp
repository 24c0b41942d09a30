// The container's mounts from Binds, Mounts, VolumesFrom and Config.Volumes: Docker's
// parsing, defaults (Mode, RW, Propagation) and 400 texts.
#include <catch2/catch.hpp>

#include "engine/container/bind_propagation.hpp"
#include "engine/container/mount_requests.hpp"

using namespace mydocker;
using namespace mydocker::engine;

namespace {

MountContext context() {
  MountContext ctx;
  ctx.host_path_exists = [](const std::string& p) { return p == "/srv" || p == "/tmp"; };
  ctx.mounts_of = [](const std::string& ref) -> Result<std::vector<ContainerMount>> {
    if (ref != "data")
      return not_found("No such container: " + ref);
    ContainerMount v;
    v.type = "volume";
    v.source = "shared";
    v.destination = "/shared";
    v.mode = "z";
    v.anonymous = true;
    ContainerMount b;
    b.type = "bind";
    b.source = "/srv";
    b.destination = "/srv";
    b.propagation = "rprivate";
    return std::vector<ContainerMount>{v, b};
  };
  return ctx;
}

std::string error_of(const std::vector<std::string>& binds,
                     const std::vector<api::MountSpec>& mounts = {}) {
  api::HostConfig hc;
  hc.binds = binds;
  hc.mounts = mounts;
  auto r = container_mounts({}, hc, context());
  REQUIRE(!r);
  CHECK(r.error().code == Errc::InvalidArgument);
  return r.error().message;
}

api::MountSpec spec(const std::string& type, const std::string& source, const std::string& target) {
  api::MountSpec s;
  s.type = type;
  s.source = source;
  s.target = target;
  return s;
}

} // namespace

TEST_CASE("binds: host paths, names and anonymous volumes as Docker shows them", "[unit]") {
  auto bind = parse_bind("/srv:/data:ro");
  REQUIRE(bind);
  CHECK(bind->type == "bind");
  CHECK(bind->read_only);
  CHECK(bind->mode == "ro");
  CHECK(bind->propagation == "rprivate");
  CHECK(bind->create_source);
  CHECK(parse_bind("/srv:/data:rw,rslave")->propagation == "rslave");
  auto named = parse_bind("cache:/cache");
  CHECK(named->type == "volume");
  CHECK(named->mode == "z");
  CHECK(named->propagation.empty());
  CHECK(!named->anonymous);
  CHECK(parse_bind("cache:/cache:ro,nocopy")->no_copy);
  auto anon = parse_bind("/anon");
  CHECK(anon->type == "volume");
  CHECK(anon->anonymous);
  CHECK(anon->source.empty());
}

TEST_CASE("bind errors carry Docker's texts", "[unit]") {
  CHECK(error_of({"x:y:z:w"}) == "invalid volume specification: 'x:y:z:w'");
  CHECK(error_of({"/anon:ro"}) == "invalid volume specification: '/anon:ro'");
  CHECK(error_of({"/srv:/x:bogus"}) == "invalid mode: bogus");
  CHECK(error_of({"/srv:/x:ro,rw"}) == "invalid mode: ro,rw");
  CHECK(error_of({"/srv:relative"}) ==
        "invalid volume specification: '/srv:relative': invalid mount config for type \"bind\": "
        "invalid mount path: 'relative' mount path must be absolute");
  CHECK(error_of({"/srv:/"}) ==
        "invalid volume specification: '/srv:/': invalid mount config for type \"bind\": "
        "invalid specification: destination can't be '/'");
  CHECK(error_of({"/srv:/x", "v:/x/"}) == "Duplicate mount point: /x");
}

TEST_CASE("mount specs: Docker's validation", "[unit]") {
  CHECK(error_of({}, {spec("bind", "/nonexist/q", "/x")}) ==
        "invalid mount config for type \"bind\": bind source path does not exist: /nonexist/q");
  CHECK(error_of({}, {spec("bind", "relative", "/x")}) ==
        "invalid mount config for type \"bind\": invalid mount path: 'relative' mount path "
        "must be absolute");
  CHECK(error_of({}, {spec("bind", "", "/x")}) ==
        "invalid mount config for type \"bind\": field Source must not be empty");
  CHECK(error_of({}, {spec("bind", "/srv", "x")}) ==
        "invalid mount config for type \"bind\": invalid mount path: 'x' mount path must be "
        "absolute");
  CHECK(error_of({}, {spec("tmpfs", "/tmp", "/x")}) ==
        "invalid mount config for type \"tmpfs\": field Source must not be specified");
  CHECK(error_of({}, {spec("bind", "/srv", "")}) ==
        "invalid mount config for type \"bind\": field Target must not be empty");
  CHECK(error_of({}, {spec("npipe", "", "/x")}) ==
        "invalid mount config for type \"npipe\": mount type unknown");
  auto with_volume_options = spec("bind", "/srv", "/x");
  with_volume_options.volume_options.emplace();
  CHECK(error_of({}, {with_volume_options}) ==
        "invalid mount config for type \"bind\": field VolumeOptions must not be specified");
  CHECK(error_of({"/tmp:/x"}, {spec("bind", "/srv", "/x")}) == "Duplicate mount point: /x");
}

TEST_CASE("mount specs become binds, volumes and tmpfs", "[unit]") {
  auto volume = spec("volume", "", "/data");
  volume.volume_options.emplace();
  volume.volume_options->no_copy = true;
  volume.volume_options->driver_config = api::VolumeDriverConfig{"local", {{"type", "tmpfs"}}};
  auto tmpfs = spec("tmpfs", "", "/scratch");
  tmpfs.tmpfs_options = api::TmpfsOptions{1048576, 01770, {}};
  auto bind = spec("bind", "/srv", "/srv");
  bind.read_only = true;
  bind.bind_options = api::BindOptions{"rshared"};
  auto ctx = context();
  auto v = parse_mount_spec(volume, ctx);
  CHECK((v->anonymous && v->no_copy && v->mode == "z"));
  CHECK(v->driver_options.at("type") == "tmpfs");
  auto t = parse_mount_spec(tmpfs, ctx);
  CHECK(t->tmpfs_options ==
        std::vector<std::string>{"noexec", "nosuid", "nodev", "size=1048576", "mode=1770"});
  auto b = parse_mount_spec(bind, ctx);
  CHECK((b->read_only && b->propagation == "rshared" && b->mode.empty() && !b->create_source));
}

TEST_CASE("volumes-from, binds and image volumes in Docker's order", "[unit]") {
  api::HostConfig hc;
  hc.volumes_from = {"data:ro"};
  hc.binds = {"/tmp:/srv"};
  hc.tmpfs = {{"/run", ""}};
  api::ContainerConfig config;
  config.volumes.emplace();
  (*config.volumes)["/srv"];
  (*config.volumes)["/run"];
  (*config.volumes)["/var/lib/db"];
  auto all = container_mounts(config, hc, context());
  REQUIRE(all);
  REQUIRE(all->size() == 3);
  CHECK((*all)[0].source == "shared"); // from the other container, read-only, not ours
  CHECK((*all)[0].read_only);
  CHECK(!(*all)[0].anonymous);
  CHECK((*all)[1].source == "/tmp"); // the bind replaced the other container's /srv
  CHECK((*all)[2].destination == "/var/lib/db");
  CHECK((*all)[2].anonymous);
  hc.volumes_from = {"nope"};
  CHECK(container_mounts(config, hc, context()).error().code == Errc::NotFound);
  hc.volumes_from = {"data:bogus"};
  CHECK(container_mounts(config, hc, context()).error().message == "invalid mode: bogus");
}

TEST_CASE("mount paths are compared clean", "[unit]") {
  CHECK(clean_mount_path("/a//b/") == "/a/b");
  CHECK(clean_mount_path("/a/./b/../c") == "/a/c");
  CHECK(clean_mount_path("/..") == "/");
}

TEST_CASE("shared and slave binds need a shared or slave host mount", "[unit]") {
  std::string mountinfo = "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
                          "30 22 0:40 / /srv rw - tmpfs tmpfs rw\n"
                          "31 22 0:41 / /mnt rw master:7 - tmpfs tmpfs rw\n";
  CHECK(check_bind_propagation("/home/x", "rshared", mountinfo));
  CHECK(check_bind_propagation("/srv/x", "rprivate", mountinfo));
  CHECK(check_bind_propagation("/srv/x", "rslave", mountinfo).error().message ==
        "path /srv/x is mounted on /srv but it is not a shared or slave mount");
  CHECK(check_bind_propagation("/srv", "shared", mountinfo).error().message ==
        "path /srv is mounted on /srv but it is not a shared mount");
  CHECK(check_bind_propagation("/mnt/a", "slave", mountinfo));
  CHECK(!check_bind_propagation("/mnt/a", "rshared", mountinfo));
  CHECK(check_bind_propagation("/srvx", "rshared", mountinfo)); // on / (shared), not /srv
}
