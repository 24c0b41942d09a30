// --mount as the docker CLI turns it into a HostConfig.Mounts entry, and its errors.
#include <catch2/catch.hpp>

#include "cli/mount_flag.hpp"

using namespace mydocker;
using nlohmann::json;

TEST_CASE("the --mount fields become a mount.Mount", "[unit]") {
  auto bind = cli::parse_mount_flag("type=bind,src=/a,dst=/b,readonly,bind-propagation=rslave");
  REQUIRE(bind);
  CHECK(*bind == json{{"Type", "bind"},
                      {"Source", "/a"},
                      {"Target", "/b"},
                      {"ReadOnly", true},
                      {"BindOptions", {{"Propagation", "rslave"}}}});
  auto volume = cli::parse_mount_flag(
      "source=v,target=/d,volume-nocopy,volume-opt=type=tmpfs,volume-label=a=b");
  REQUIRE(volume);
  CHECK((*volume)["Type"] == "volume");
  CHECK((*volume)["VolumeOptions"]["NoCopy"] == true);
  CHECK((*volume)["VolumeOptions"]["DriverConfig"]["Options"]["type"] == "tmpfs");
  CHECK((*volume)["VolumeOptions"]["Labels"]["a"] == "b");
  auto tmpfs = cli::parse_mount_flag("type=tmpfs,destination=/t,tmpfs-size=1m,tmpfs-mode=1770");
  REQUIRE(tmpfs);
  CHECK((*tmpfs)["TmpfsOptions"] == json{{"SizeBytes", 1048576}, {"Mode", 01770}});
}

TEST_CASE("the --mount errors are the docker CLI's", "[unit]") {
  auto error = [](const std::string& v) { return cli::parse_mount_flag(v).error().message; };
  CHECK(error("type=bind,src=/a") ==
        "invalid argument \"type=bind,src=/a\" for \"--mount\" flag: target is required");
  CHECK(error("type=bind,dst=/x,volume-nocopy") ==
        "invalid argument \"type=bind,dst=/x,volume-nocopy\" for \"--mount\" flag: cannot mix "
        "'volume-*' options with mount type 'bind'");
  CHECK(error("dst=/x,bogus") ==
        "invalid argument \"dst=/x,bogus\" for \"--mount\" flag: invalid field 'bogus' must be "
        "a key=value pair");
  CHECK(error("dst=/x,foo=1") ==
        "invalid argument \"dst=/x,foo=1\" for \"--mount\" flag: unexpected key 'foo' in "
        "'foo=1'");
  CHECK(error("dst=/x,readonly=maybe") ==
        "invalid argument \"dst=/x,readonly=maybe\" for \"--mount\" flag: invalid value for "
        "readonly: maybe");
}
