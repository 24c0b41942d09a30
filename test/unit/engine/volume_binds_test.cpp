// Named-volume binds: which HostConfig.Binds name a volume, and the references they take.
#include <catch2/catch.hpp>
#include <filesystem>

#include "engine/volume_binds.hpp"

using namespace mydocker;
using namespace mydocker::engine;

namespace {

struct NoMounts : volumes::DeviceMounter {
  Result<void> mount(const std::map<std::string, std::string>&, const std::string&) override {
    return {};
  }
  Result<void> unmount(const std::string&) override { return {}; }
};

} // namespace

TEST_CASE("only binds whose source is a name are volumes", "[unit]") {
  auto binds = named_volume_binds({"data:/srv", "/host:/mnt", "logs:/var/log:ro,z", "web:/www:rw"});
  REQUIRE(binds.size() == 3);
  CHECK(binds[0].name == "data");
  CHECK(binds[0].destination == "/srv");
  CHECK(!binds[0].read_only);
  CHECK(binds[1].read_only);
  CHECK(!binds[2].read_only);
}

TEST_CASE("create takes references that removal releases", "[unit]") {
  char tmpl[] = "/tmp/volume-binds-XXXXXX";
  std::string root = ::mkdtemp(tmpl);
  {
    auto service = volumes::VolumeService::open(root, std::make_unique<NoMounts>());
    REQUIRE(service);
    auto& v = **service;
    std::vector<std::string> binds = {"auto1:/a", "/host:/b", "auto2:/c:ro"};
    REQUIRE(take_volumes(v, binds, "c1"));
    CHECK(v.users("auto1") == std::vector<std::string>{"c1"});
    runtime::Spec spec;
    REQUIRE(add_volume_mounts(v, binds, "c1", spec));
    REQUIRE(spec.mounts.size() == 2);
    CHECK(spec.mounts[1].source == root + "/volumes/auto2/_data");
    CHECK(spec.mounts[1].options == std::vector<std::string>{"rbind", "ro"});
    CHECK(take_volumes(v, {"ok1:/a", "x y:/b"}, "c2").error().code == Errc::InvalidArgument);
    CHECK(v.users("ok1").empty()); // a failed create keeps no reference
    release_volumes(v, binds, "c1");
    CHECK(v.users("auto1").empty());
    CHECK(v.remove("auto2", false));
  }
  std::filesystem::remove_all(root);
}
