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

std::vector<ContainerMount> parsed(const std::vector<std::string>& binds) {
  std::vector<ContainerMount> out;
  for (const auto& b : binds)
    out.push_back(*parse_bind(b));
  return out;
}

} // namespace

TEST_CASE("create takes references that removal releases", "[unit]") {
  char tmpl[] = "/tmp/volume-binds-XXXXXX";
  std::string root = ::mkdtemp(tmpl);
  {
    auto service = volumes::VolumeService::open(root, std::make_unique<NoMounts>());
    REQUIRE(service);
    auto& v = **service;
    auto mounts = parsed({"auto1:/a", root + "/host:/b", "auto2:/c:ro", "/anon"});
    REQUIRE(take_mounts(v, mounts, "c1"));
    CHECK(std::filesystem::is_directory(root + "/host")); // -v makes a missing host dir
    CHECK(v.users("auto1") == std::vector<std::string>{"c1"});
    std::string anon = mounts[3].source;
    CHECK(anon.size() == 64);
    CHECK(v.inspect(anon)->labels.count(volumes::ANONYMOUS_LABEL) == 1);
    runtime::Spec spec;
    REQUIRE(add_container_mounts(v, mounts, "c1", spec));
    REQUIRE(spec.mounts.size() == 4);
    CHECK(spec.mounts[1].source == root + "/host");
    CHECK(spec.mounts[1].options == std::vector<std::string>{"rbind", "rprivate"});
    CHECK(spec.mounts[2].source == root + "/volumes/auto2/_data");
    CHECK(spec.mounts[2].options == std::vector<std::string>{"copy-up", "rbind", "ro"});
    auto bad = parsed({"ok1:/a"});
    bad.push_back(ContainerMount{"volume", "x y", "/b"});
    CHECK(take_mounts(v, bad, "c2").error().code == Errc::InvalidArgument);
    CHECK(v.users("ok1").empty()); // a failed create keeps no reference
    release_mounts(v, mounts, "c1", true);
    CHECK(v.users("auto1").empty());
    CHECK(!v.inspect(anon));   // rm -v: the anonymous volume went
    CHECK(v.inspect("auto1")); // named volumes stay
    CHECK(v.remove("auto2", false));
  }
  std::filesystem::remove_all(root);
}

TEST_CASE("mounts are added parents first", "[unit]") {
  char tmpl[] = "/tmp/volume-binds-XXXXXX";
  std::string root = ::mkdtemp(tmpl);
  {
    auto service = volumes::VolumeService::open(root, std::make_unique<NoMounts>());
    auto mounts = parsed({root + ":/a/b/c", root + ":/a"});
    runtime::Spec spec;
    REQUIRE(add_container_mounts(**service, mounts, "c1", spec));
    CHECK(spec.mounts[0].destination == "/a");
    CHECK(spec.mounts[1].destination == "/a/b/c");
  }
  std::filesystem::remove_all(root);
}
