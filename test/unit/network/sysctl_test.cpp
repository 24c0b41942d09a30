#include "network/sysctl.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "common/atomic_file.hpp"

using namespace mydocker::network;
namespace fs = std::filesystem;

namespace {

struct FakeProcSys {
  fs::path root = fs::temp_directory_path() / ("sysctl_test." + std::to_string(::getpid()));
  FakeProcSys() {
    fs::create_directories(root / "net/ipv4/conf/mydocker0");
    std::ofstream(root / "net/ipv4/ip_forward") << "0\n";
    std::ofstream(root / "net/ipv4/conf/mydocker0/route_localnet") << "0\n";
  }
  ~FakeProcSys() { fs::remove_all(root); }
  std::string read(const char* rel) { return *mydocker::read_file((root / rel).string()); }
};

} // namespace

TEST_CASE("ip forwarding is switched on", "[sysctl]") {
  FakeProcSys proc;
  REQUIRE(enable_ip_forwarding(proc.root.string()));
  CHECK(proc.read("net/ipv4/ip_forward") == "1\n");
}

TEST_CASE("an already enabled switch is not rewritten", "[sysctl]") {
  FakeProcSys proc;
  auto path = proc.root / "net/ipv4/ip_forward";
  std::ofstream(path) << "1\n";
  ::chmod(path.c_str(), 0444); // a write attempt would fail (for non-root; root: same content)
  CHECK(enable_ip_forwarding(proc.root.string()));
  CHECK(proc.read("net/ipv4/ip_forward") == "1\n");
}

TEST_CASE("route_localnet per bridge", "[sysctl]") {
  FakeProcSys proc;
  REQUIRE(enable_route_localnet("mydocker0", proc.root.string()));
  CHECK(proc.read("net/ipv4/conf/mydocker0/route_localnet") == "1\n");
  auto missing = enable_route_localnet("nosuchbr", proc.root.string());
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == mydocker::Errc::NotFound);
  CHECK_FALSE(enable_route_localnet("../../x", proc.root.string()));
}
