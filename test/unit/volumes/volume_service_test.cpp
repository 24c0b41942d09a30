// VolumeService on a temp data root with a recording mounter (no root needed).
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "common/atomic_file.hpp"
#include "volumes/volume_service.hpp"

using namespace mydocker;
using namespace mydocker::volumes;
namespace fs = std::filesystem;

namespace {

struct RecordingMounter : DeviceMounter {
  std::vector<std::string>* calls;
  explicit RecordingMounter(std::vector<std::string>* c) : calls(c) {}
  Result<void> mount(const std::map<std::string, std::string>& o, const std::string& t) override {
    calls->push_back("mount " + o.at("device") + " " + t);
    return {};
  }
  Result<void> unmount(const std::string& t) override {
    calls->push_back("unmount " + t);
    return {};
  }
};

struct TempRoot {
  std::string path;
  std::vector<std::string> calls;
  TempRoot() {
    char tmpl[] = "/tmp/volumes-test-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempRoot() { fs::remove_all(path); }
  std::unique_ptr<VolumeService> open() {
    auto s = VolumeService::open(path, std::make_unique<RecordingMounter>(&calls));
    REQUIRE(s);
    return std::move(*s);
  }
};

api::VolumeCreateBody body(std::string name, std::map<std::string, std::string> labels = {}) {
  api::VolumeCreateBody b;
  b.name = std::move(name);
  b.labels = std::move(labels);
  return b;
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

} // namespace

TEST_CASE("create stores the volume with the Docker layout and modes", "[unit]") {
  TempRoot root;
  auto service = root.open();
  auto v = service->create(body("v1", {{"a", "b"}}));
  REQUIRE(v);
  CHECK(v->mountpoint == root.path + "/volumes/v1/_data");
  CHECK(v->scope == "local");
  CHECK(v->driver == "local");
  CHECK(v->labels.at("a") == "b");
  CHECK(v->created_at.size() == 20); // 2026-12-02T07:20:00Z
  CHECK(mode_of(root.path + "/volumes") == 0701);
  CHECK(mode_of(v->mountpoint) == 0755);
  CHECK(fs::exists(root.path + "/volumes/v1/volume.json"));
  auto again = service->create(body("v1"));
  REQUIRE(again);
  CHECK(again->labels.at("a") == "b"); // an existing name answers the stored volume
}

TEST_CASE("a volume without a name gets 64 hex characters", "[unit]") {
  TempRoot root;
  auto v = root.open()->create(body(""));
  REQUIRE(v);
  CHECK(v->name.size() == 64);
  CHECK(v->name.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(v->labels.count(ANONYMOUS_LABEL) == 1);
}

TEST_CASE("names and options are checked with Docker texts", "[unit]") {
  TempRoot root;
  auto service = root.open();
  auto bad = service->create(body("x y"));
  REQUIRE(!bad);
  CHECK(bad.error().code == Errc::InvalidArgument);
  CHECK(bad.error().message ==
        "create x y: \"x y\" includes invalid characters for a local volume name, only "
        "\"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, "
        "use absolute path");
  CHECK(service->create(body("_x")).error().code == Errc::InvalidArgument);
  CHECK(service->create(body("a")).error().message ==
        "create a: volume name is too short, names should be at least two alphanumeric "
        "characters");
  api::VolumeCreateBody opts = body("v2");
  opts.driver_opts = {{"foo", "1"}};
  CHECK(service->create(opts).error().message == "create v2: invalid option key: \"foo\"");
  opts.driver_opts = {{"type", "tmpfs"}};
  CHECK(service->create(opts).error().message == "create v2: missing required option: \"device\"");
  opts.driver = "nfsplugin";
  opts.driver_opts = {};
  CHECK(service->create(opts).error().code == Errc::NotFound);
  CHECK(service->count() == 0);
}

TEST_CASE("volumes survive a reopen and pending leftovers are swept", "[unit]") {
  TempRoot root;
  {
    auto service = root.open();
    api::VolumeCreateBody b = body("keep", {{"k", "v"}});
    b.driver_opts = {{"type", "tmpfs"}, {"device", "tmpfs"}, {"o", "size=1m"}};
    REQUIRE(service->create(b));
  }
  fs::create_directories(root.path + "/volumes/.pending-0123/_data");
  fs::create_directories(root.path + "/volumes/legacy/_data"); // no record: still a volume
  auto service = root.open();
  auto v = service->inspect("keep");
  REQUIRE(v);
  CHECK(v->labels.at("k") == "v");
  CHECK(v->options.at("o") == "size=1m");
  CHECK(service->inspect("legacy"));
  CHECK(!fs::exists(root.path + "/volumes/.pending-0123"));
  CHECK(service->count() == 2);
}

TEST_CASE("inspect and remove of a missing volume", "[unit]") {
  TempRoot root;
  auto service = root.open();
  CHECK(service->inspect("nope").error().message == "get nope: no such volume");
  CHECK(service->remove("nope", false).error().code == Errc::NotFound);
  CHECK(service->remove("nope", true));
}

TEST_CASE("references block removal and mount a device volume once", "[unit]") {
  TempRoot root;
  auto service = root.open();
  api::VolumeCreateBody b = body("dev");
  b.driver_opts = {{"type", "tmpfs"}, {"device", "tmpfs"}};
  REQUIRE(service->create(b));
  std::string data = root.path + "/volumes/dev/_data";
  REQUIRE(service->mount_for_container("dev", "c1"));
  auto src = service->mount_for_container("dev", "c2");
  REQUIRE(src);
  CHECK(src->path == data);
  CHECK(root.calls == std::vector<std::string>{"unmount " + data, "mount tmpfs " + data});
  auto busy = service->remove("dev", true);
  REQUIRE(!busy);
  CHECK(busy.error().code == Errc::Conflict);
  CHECK(busy.error().message == "remove dev: volume is in use - [c1 c2]");
  REQUIRE(service->release("dev", "c1"));
  CHECK(root.calls.size() == 2);
  REQUIRE(service->release("dev", "c2"));
  CHECK(root.calls.back() == "unmount " + data);
  REQUIRE(service->remove("dev", false));
  CHECK(!fs::exists(root.path + "/volumes/dev"));
  CHECK(service->mount_for_container("dev", "c1").error().code == Errc::NotFound);
}

TEST_CASE("list filters", "[unit]") {
  TempRoot root;
  auto service = root.open();
  REQUIRE(service->create(body("web-data", {{"app", "web"}})));
  REQUIRE(service->create(body("db-data", {{"app", "db"}, {"tier", ""}})));
  REQUIRE(service->mount_for_container("db-data", "c1"));
  auto names = [&](api::Filters f) {
    std::vector<std::string> out;
    auto listed = service->list(f);
    REQUIRE(listed);
    for (const auto& v : listed->volumes)
      out.push_back(v.name);
    return out;
  };
  CHECK(names({}) == std::vector<std::string>{"db-data", "web-data"});
  CHECK(names({{"name", {"web"}}}) == std::vector<std::string>{"web-data"});
  CHECK(names({{"label", {"app=db"}}}) == std::vector<std::string>{"db-data"});
  CHECK(names({{"label", {"tier"}}}) == std::vector<std::string>{"db-data"});
  CHECK(names({{"dangling", {"true"}}}) == std::vector<std::string>{"web-data"});
  CHECK(names({{"dangling", {"0"}}}) == std::vector<std::string>{"db-data"});
  CHECK(names({{"driver", {"local"}}}).size() == 2);
  CHECK(service->list({{"dangling", {"maybe"}}}).error().message ==
        "invalid filter 'dangling=maybe'");
}

TEST_CASE("prune takes only unused anonymous volumes unless all=true", "[unit]") {
  TempRoot root;
  auto service = root.open();
  REQUIRE(service->create(body("named", {{"keep", "no"}})));
  REQUIRE(service->create(body("anon1", {{ANONYMOUS_LABEL, ""}})));
  REQUIRE(service->create(body("anon2", {{ANONYMOUS_LABEL, ""}})));
  REQUIRE(service->create(body("named2", {{"keep", "yes"}})));
  REQUIRE(service->mount_for_container("anon2", "c1"));
  REQUIRE(write_file_atomic(root.path + "/volumes/anon1/_data/f", std::string(5000, 'x')));
  auto report = service->prune({});
  REQUIRE(report);
  CHECK(report->deleted == std::vector<std::string>{"anon1"});
  CHECK(report->space_reclaimed >= 5000);
  report = service->prune({{"all", {"true"}}, {"label!", {"keep=yes"}}});
  REQUIRE(report);
  CHECK(report->deleted == std::vector<std::string>{"named"});
  CHECK(service->count() == 2);
}
