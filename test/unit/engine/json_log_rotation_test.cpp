// The shim's json-file writer rotates as Docker's json-file driver, and the reader reads
// what it wrote back in order.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "engine/json_log_reader.hpp"
#include "engine/shim/json_log.hpp"

using namespace mydocker;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/json-log-rotation-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

uintmax_t total_size(const std::string& log) {
  uintmax_t total = 0;
  for (const char* suffix : {"", ".1", ".2", ".3"})
    if (fs::exists(log + suffix))
      total += fs::file_size(log + suffix);
  return total;
}

void write_lines(shim::JsonLog& log, int count) {
  std::string pending;
  for (int i = 0; i < count; ++i)
    log.feed("stdout", pending, "line " + std::to_string(i) + " " + std::string(60, 'x') + "\n");
}

} // namespace

TEST_CASE("max-size and max-file bound the files; newest records survive", "[engine][log]") {
  TempDir dir;
  std::string log = (dir.path / "c-json.log").string();
  {
    shim::JsonLog writer(log, shim::Rotation{2000, 3});
    write_lines(writer, 500);
  }
  CHECK(fs::exists(log + ".1"));
  CHECK(fs::exists(log + ".2"));
  CHECK_FALSE(fs::exists(log + ".3"));
  for (const char* suffix : {"", ".1", ".2"})
    CHECK(fs::file_size(log + suffix) <= 2000);
  CHECK(total_size(log) <= 3 * 2000);
  std::vector<engine::LogRecord> last;
  engine::LogCursor::tail(log, 1, last);
  REQUIRE(last.size() == 1);
  CHECK(last[0].text.rfind("line 499 ", 0) == 0);
  engine::LogCursor all(log, engine::LogCursor::Start::Oldest);
  auto records = all.read();
  REQUIRE(!records.empty());
  int first = std::atoi(records.front().text.c_str() + 5);
  for (size_t i = 0; i < records.size(); ++i)
    CHECK(std::atoi(records[i].text.c_str() + 5) == first + static_cast<int>(i));
  CHECK(first + static_cast<int>(records.size()) == 500);
}

TEST_CASE("max-file 1 starts the file again; a restart appends and keeps the bound",
          "[engine][log]") {
  TempDir dir;
  std::string log = (dir.path / "c-json.log").string();
  {
    shim::JsonLog writer(log, shim::Rotation{1000, 1});
    write_lines(writer, 100);
  }
  CHECK_FALSE(fs::exists(log + ".1"));
  CHECK(fs::file_size(log) <= 1000);
  auto before = fs::file_size(log);
  {
    shim::JsonLog writer(log, shim::Rotation{-1, 1}); // unbounded: only appends
    write_lines(writer, 1);
  }
  CHECK(fs::file_size(log) > before);
}

TEST_CASE("compress gzips the rotated files; readers read through them", "[engine][log]") {
  TempDir dir;
  std::string log = (dir.path / "c-json.log").string();
  {
    shim::JsonLog writer(log, shim::Rotation{2000, 3, true});
    write_lines(writer, 500);
  }
  CHECK(fs::exists(log + ".1.gz"));
  CHECK(fs::exists(log + ".2.gz"));
  CHECK_FALSE(fs::exists(log + ".1"));
  CHECK_FALSE(fs::exists(log + ".3.gz"));
  CHECK(fs::file_size(log + ".1.gz") < 2000);
  std::vector<engine::LogRecord> last;
  engine::LogCursor::tail(log, 20, last); // more than the current file holds
  REQUIRE(last.size() == 20);
  for (size_t i = 0; i < last.size(); ++i)
    CHECK(std::atoi(last[i].text.c_str() + 5) == 480 + static_cast<int>(i));
  engine::LogCursor all(log, engine::LogCursor::Start::Oldest);
  auto records = all.read();
  REQUIRE(records.size() > 20);
  int first = std::atoi(records.front().text.c_str() + 5);
  for (size_t i = 0; i < records.size(); ++i)
    CHECK(std::atoi(records[i].text.c_str() + 5) == first + static_cast<int>(i));
  CHECK(first + static_cast<int>(records.size()) == 500);
}

TEST_CASE("a follower of a compressed log goes on with the new file", "[engine][log]") {
  TempDir dir;
  std::string log = (dir.path / "c-json.log").string();
  shim::JsonLog writer(log, shim::Rotation{2000, 3, true});
  engine::LogCursor cursor(log, engine::LogCursor::Start::Oldest);
  std::vector<int> seen;
  std::string pending;
  for (int i = 0; i < 200; ++i) {
    writer.feed("stdout", pending, "line " + std::to_string(i) + " " + std::string(60, 'x') + "\n");
    for (auto& r : cursor.read())
      seen.push_back(std::atoi(r.text.c_str() + 5));
  }
  for (auto& r : cursor.read())
    seen.push_back(std::atoi(r.text.c_str() + 5));
  REQUIRE(seen.size() == 200);
  for (int i = 0; i < 200; ++i)
    CHECK(seen[static_cast<size_t>(i)] == i);
}
