#include <catch2/catch.hpp>

#include "engine/container/namespace_modes.hpp"

using namespace mydocker;
using engine::NamespaceOwner;

namespace {

const std::string OWNER_ID = std::string(64, 'a');

// One container "owner" (any prefix of its ID works too), running as pid 4242.
engine::OwnerLookup lookup(bool running = true, const std::string& ipc_mode = "shareable") {
  return [=](const std::string& ref) -> Result<NamespaceOwner> {
    if (ref != "owner" && OWNER_ID.rfind(ref, 0) != 0)
      return not_found("No such container: " + ref);
    return NamespaceOwner{OWNER_ID, running, false, running ? 4242 : 0, ipc_mode};
  };
}

} // namespace

TEST_CASE("create resolves container:NAME to the owner's full ID") {
  api::HostConfig hc;
  hc.pid_mode = "container:owner";
  hc.ipc_mode = "container:aaaa";
  REQUIRE(engine::resolve_namespace_modes(lookup(), "", hc));
  CHECK(hc.pid_mode == "container:" + OWNER_ID);
  CHECK(hc.ipc_mode == "container:" + OWNER_ID);
}

TEST_CASE("create refuses a missing owner with 400 and uts host with a hostname") {
  api::HostConfig hc;
  hc.pid_mode = "container:nope";
  auto missing = engine::resolve_namespace_modes(lookup(), "", hc);
  REQUIRE(!missing);
  CHECK(missing.error().code == Errc::InvalidArgument);
  CHECK(missing.error().message == "No such container: nope");
  api::HostConfig uts;
  uts.uts_mode = "host";
  auto both = engine::resolve_namespace_modes(lookup(), "myhost", uts);
  REQUIRE(!both);
  CHECK(both.error().message == "conflicting options: hostname and the UTS mode");
}

TEST_CASE("create fills IpcMode with the daemon's default, private") {
  api::HostConfig hc;
  REQUIRE(engine::resolve_namespace_modes(lookup(), "", hc));
  CHECK(hc.ipc_mode == "private");
  CHECK(hc.pid_mode.empty());
}

TEST_CASE("start joins the host's or the owner's namespaces") {
  api::HostConfig hc;
  hc.pid_mode = "host";
  hc.ipc_mode = "container:" + OWNER_ID;
  hc.uts_mode = "host";
  auto joins = engine::namespaces_to_join(lookup(), hc);
  REQUIRE(joins);
  CHECK(*joins == std::map<std::string, std::string>{{"ipc", "/proc/4242/ns/ipc"},
                                                     {"pid", "/proc/self/ns/pid"},
                                                     {"uts", "/proc/self/ns/uts"}});
  api::HostConfig own;
  own.ipc_mode = "private";
  own.pid_mode = "bogus"; // Docker's API takes it as a private namespace
  CHECK(engine::namespaces_to_join(lookup(), own)->empty());
}

TEST_CASE("start refuses a stopped or non-shareable owner in Docker's words") {
  api::HostConfig pid;
  pid.pid_mode = "container:" + OWNER_ID;
  auto stopped = engine::namespaces_to_join(lookup(false), pid);
  REQUIRE(!stopped);
  CHECK(stopped.error().code == Errc::Internal);
  CHECK(stopped.error().message == "container " + OWNER_ID + " is not running");
  api::HostConfig ipc;
  ipc.ipc_mode = "container:" + OWNER_ID;
  auto private_owner = engine::namespaces_to_join(lookup(true, "private"), ipc);
  REQUIRE(!private_owner);
  CHECK(private_owner.error().message ==
        "can't join IPC of container " + OWNER_ID +
            ": non-shareable IPC (hint: use IpcMode:shareable for the donor container)");
  api::HostConfig bogus;
  bogus.ipc_mode = "bogus";
  CHECK(engine::namespaces_to_join(lookup(), bogus).error().message == "Invalid IPC mode: bogus");
}

TEST_CASE("cgroupns: private by default, host joins the daemon's") {
  api::HostConfig hc;
  REQUIRE(engine::resolve_namespace_modes(lookup(), "", hc));
  CHECK(hc.cgroupns_mode == "private");
  CHECK(engine::namespaces_to_join(lookup(), hc)->count("cgroup") == 0);
  hc.cgroupns_mode = "host";
  CHECK(engine::namespaces_to_join(lookup(), hc)->at("cgroup") == "/proc/self/ns/cgroup");
}

TEST_CASE("ipc none has no /dev/shm, container:X binds X's from X's mount namespace") {
  api::HostConfig hc;
  runtime::Spec spec;
  spec.mounts.push_back({"tmpfs", "shm", "/dev/shm", {"size=1m"}}); // --shm-size
  engine::set_ipc_shm(hc, spec);                                    // private
  CHECK(spec.dev_shm);
  CHECK(spec.mounts.size() == 1);
  hc.ipc_mode = "none";
  engine::set_ipc_shm(hc, spec);
  CHECK_FALSE(spec.dev_shm);
  CHECK(spec.mounts.empty());
  CHECK(spec.shm_donor_mnt_ns.empty());
  hc.ipc_mode = "container:" + OWNER_ID;
  runtime::Spec joiner;
  joiner.join_namespaces = *engine::namespaces_to_join(lookup(), hc);
  engine::set_ipc_shm(hc, joiner);
  CHECK_FALSE(joiner.dev_shm);
  CHECK(joiner.shm_donor_mnt_ns == "/proc/4242/ns/mnt");
}
