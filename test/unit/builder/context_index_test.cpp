// The in-memory build context index: what a cached build reads instead of the disk.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstring>

#include "builder/context_index.hpp"
#include "builder/dockerignore.hpp"

using namespace mydocker;
using namespace mydocker::builder;

namespace {

// One ustar member: type '0' file, '5' directory, '2' symlink (`data` = target).
std::string member(const std::string& name, char type, const std::string& data,
                   unsigned mode = 0644) {
  char h[512] = {};
  std::snprintf(h, 100, "%s", name.c_str());
  std::snprintf(h + 100, 8, "%07o", mode);
  std::snprintf(h + 108, 8, "%07o", 0);
  std::snprintf(h + 116, 8, "%07o", 0);
  std::snprintf(h + 124, 12, "%011o", type == '0' ? unsigned(data.size()) : 0u);
  std::snprintf(h + 136, 12, "%011o", 0);
  h[156] = type;
  if (type == '2')
    std::snprintf(h + 157, 100, "%s", data.c_str());
  std::memcpy(h + 257,
              "ustar\0"
              "00",
              8);
  std::memset(h + 148, ' ', 8);
  unsigned sum = 0;
  for (unsigned char c : h)
    sum += c;
  std::snprintf(h + 148, 8, "%06o", sum);
  std::string out(h, 512);
  if (type == '0') {
    out += data;
    out.append((512 - data.size() % 512) % 512, '\0');
  }
  return out;
}

std::string tar(const std::vector<std::string>& members) {
  std::string out;
  for (const auto& m : members)
    out += m;
  return out + std::string(1024, '\0');
}

std::string app_tar(const std::string& mod_text) {
  return tar({member("Dockerfile", '0', "FROM busybox\n"), member("src/", '5', "", 0755),
              member("src/pkg/a.py", '0', mod_text), member("src/pkg/b.py", '0', "b"),
              member("src-old.txt", '0', "o"), member(".dockerignore", '0', "*.log\n"),
              member("x.log", '0', "log")});
}

} // namespace

TEST_CASE("the index finds files, globs and keeps the Dockerfile", "[builder]") {
  std::string data = app_tar("a");
  auto index = ContextIndex::read(data, {"Dockerfile"});
  REQUIRE(index);
  CHECK(index->contents("Dockerfile") == "FROM busybox\n");
  CHECK_FALSE(index->contents(".dockerignore")); // not asked for
  CHECK(index->exists("src/pkg"));               // an implicit directory
  CHECK(index->exists("."));
  CHECK_FALSE(index->exists("src/pkg/c.py"));
  CHECK(*index->glob("src/pkg/*.py") == std::vector<std::string>{"src/pkg/a.py", "src/pkg/b.py"});
  CHECK(*index->glob("src*") == std::vector<std::string>{"src", "src-old.txt"});
  CHECK(index->glob("nothing/*")->empty());
}

TEST_CASE("the index's checksums follow contents and modes only where copied", "[builder]") {
  std::string one = app_tar("a"), same = app_tar("a"), changed = app_tar("A");
  auto a = ContextIndex::read(one, {}), b = ContextIndex::read(same, {}),
       c = ContextIndex::read(changed, {});
  REQUIRE((a && b && c));
  CHECK(*a->checksum("src") == *b->checksum("src"));
  CHECK(*a->checksum(".") == *b->checksum("."));
  CHECK(*a->checksum("src") != *c->checksum("src"));
  CHECK(*a->checksum("src/pkg/b.py") == *c->checksum("src/pkg/b.py"));
  CHECK(*a->checksum("src/pkg/a.py") != *c->checksum("src/pkg/a.py"));
  std::string chmodded = tar({member("f", '0', "x", 0755)}), plain = tar({member("f", '0', "x")});
  CHECK(*ContextIndex::read(chmodded, {})->checksum("f") !=
        *ContextIndex::read(plain, {})->checksum("f"));
  CHECK_FALSE(a->checksum("missing"));
}

TEST_CASE("contexts the index cannot confine are left to the disk", "[builder]") {
  std::string link = tar({member("Dockerfile", '0', "FROM x\n"), member("l", '2', "/etc/passwd")});
  CHECK_FALSE(ContextIndex::read(link, {}));
  std::string escape = tar({member("../x", '0', "x")});
  CHECK_FALSE(ContextIndex::read(escape, {}));
  CHECK_FALSE(ContextIndex::read(std::string("\x1f\x8b\x08\0\0\0\0\0", 8), {}));
  CHECK_FALSE(ContextIndex::read("", {}));
  std::string clash = tar({member("a", '0', "x"), member("a/b", '0', "y")});
  CHECK_FALSE(ContextIndex::read(clash, {}));
}

TEST_CASE("dockerignore rules remove files and emptied directories from the index", "[builder]") {
  std::string data = tar({member("keep.txt", '0', "k"), member("logs/a.log", '0', "a"),
                          member("cache/x", '0', "x"), member("cache/keep.me", '0', "y")});
  auto index = ContextIndex::read(data, {});
  REQUIRE(index);
  index->apply(*IgnoreRules::parse("**/*.log\nlogs\ncache\n!cache/keep.me\n"));
  CHECK(index->exists("keep.txt"));
  CHECK_FALSE(index->exists("logs/a.log"));
  CHECK_FALSE(index->exists("logs"));
  CHECK_FALSE(index->exists("cache/x"));
  CHECK(index->exists("cache/keep.me"));
  CHECK(index->exists("cache"));
}
