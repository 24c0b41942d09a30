#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "engine/json_log_reader.hpp"

using namespace mydocker;
using namespace mydocker::engine;
namespace fs = std::filesystem;

namespace {

// A temp dir removed at the end of the test, also when it fails.
struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/json-log-test-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
  std::string file(const std::string& name) const { return (path / name).string(); }
};

std::string record(int i) {
  return "{\"log\":\"line " + std::to_string(i) +
         "\\n\",\"stream\":\"stdout\",\"time\":\"2026-12-02T06:00:00.000000001Z\"}\n";
}

// Lines first..last (inclusive), and an optional unfinished record after them.
void write_log(const std::string& path, int first, int last, const std::string& partial = "") {
  std::ofstream out(path, std::ios::trunc);
  for (int i = first; i <= last; ++i)
    out << record(i);
  out << partial;
}

std::vector<std::string> texts(const std::vector<LogRecord>& records) {
  std::vector<std::string> out;
  for (const auto& r : records)
    out.push_back(r.text);
  return out;
}

std::vector<std::string> expected(int first, int last) {
  std::vector<std::string> out;
  for (int i = first; i <= last; ++i)
    out.push_back("line " + std::to_string(i) + "\n");
  return out;
}

std::vector<std::string> tail_texts(const std::string& path, size_t n) {
  std::vector<LogRecord> records;
  LogCursor::tail(path, n, records);
  return texts(records);
}

} // namespace

TEST_CASE("tail reads the last records of one file", "[engine][log]") {
  TempDir dir;
  std::string log = dir.file("c-json.log");
  write_log(log, 1, 5000);
  CHECK(tail_texts(log, 0).empty());
  CHECK(tail_texts(log, 1) == expected(5000, 5000));
  CHECK(tail_texts(log, 3) == expected(4998, 5000));
  CHECK(tail_texts(log, 5000) == expected(1, 5000));
  CHECK(tail_texts(log, 100000) == expected(1, 5000));
}

TEST_CASE("tail ignores a partial last record and continues after it", "[engine][log]") {
  TempDir dir;
  std::string log = dir.file("c-json.log");
  write_log(log, 1, 10, "{\"log\":\"unfinis");
  std::vector<LogRecord> records;
  auto cursor = LogCursor::tail(log, 2, records);
  CHECK(texts(records) == expected(9, 10));
  CHECK(cursor.read().empty());
  { // the shim finishes the record
    std::ofstream out(log, std::ios::app);
    out << "hed\\n\",\"stream\":\"stderr\",\"time\":\"2026-12-02T06:00:00Z\"}\n";
  }
  auto more = cursor.read();
  REQUIRE(more.size() == 1);
  CHECK(more[0].text == "unfinished\n");
  CHECK(more[0].stream == 2);
}

TEST_CASE("backward line reading handles lines across blocks", "[engine][log]") {
  TempDir dir;
  std::string path = dir.file("long");
  std::string big(200 * 1024, 'x');
  {
    std::ofstream out(path);
    out << "first\n" << big << "\nlast\npartial";
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  REQUIRE(fd >= 0);
  off_t end = complete_end(fd, static_cast<off_t>(fs::file_size(path)));
  CHECK(end == static_cast<off_t>(6 + big.size() + 1 + 5));
  auto lines = last_lines(fd, end, 10);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "last");
  CHECK(lines[1] == big);
  CHECK(lines[2] == "first");
  CHECK(last_lines(fd, 0, 10).empty());
  ::close(fd);
}

TEST_CASE("tail and a full read cross the rotated files in order", "[engine][log]") {
  TempDir dir;
  std::string log = dir.file("c-json.log");
  write_log(log + ".2", 1, 10);
  write_log(log + ".1", 11, 20);
  write_log(log, 21, 25);
  CHECK(tail_texts(log, 3) == expected(23, 25));
  CHECK(tail_texts(log, 8) == expected(18, 25));
  CHECK(tail_texts(log, 21) == expected(5, 25));
  CHECK(tail_texts(log, 1000) == expected(1, 25));
  LogCursor all(log, LogCursor::Start::Oldest);
  std::vector<std::string> got;
  for (auto part = all.read(100); !part.empty(); part = all.read(100))
    for (auto& t : texts(part))
      got.push_back(t);
  CHECK(got == expected(1, 25));
}

TEST_CASE("a follower survives a rotation of the file it reads", "[engine][log]") {
  TempDir dir;
  std::string log = dir.file("c-json.log");
  write_log(log, 1, 3);
  LogCursor cursor(log, LogCursor::Start::Oldest);
  CHECK(texts(cursor.read()) == expected(1, 3));
  { // the shim appends, renames the full file away and starts a new one
    std::ofstream out(log, std::ios::app);
    out << record(4);
  }
  fs::rename(log, log + ".1");
  write_log(log, 5, 6);
  CHECK(texts(cursor.read()) == expected(4, 6));
  fs::remove(log); // max-file 1: unlinked and started again
  write_log(log, 7, 7);
  CHECK(texts(cursor.read()) == expected(7, 7));
  CHECK(cursor.read().empty());
}

TEST_CASE("a follower reads every file of two rotations between its reads", "[engine][log]") {
  TempDir dir;
  std::string log = dir.file("c-json.log");
  write_log(log, 1, 2);
  LogCursor cursor(log, LogCursor::Start::Oldest);
  CHECK(texts(cursor.read()) == expected(1, 2));
  fs::rename(log, log + ".1");
  write_log(log, 3, 4);
  fs::rename(log + ".1", log + ".2");
  fs::rename(log, log + ".1");
  write_log(log, 5, 6);
  CHECK(texts(cursor.read()) == expected(3, 6));
}

TEST_CASE("a cursor at the end sees only new records; a missing file is waited for",
          "[engine][log]") {
  TempDir dir;
  std::string log = dir.file("c-json.log");
  LogCursor early(log, LogCursor::Start::End);
  CHECK(early.read().empty());
  write_log(log, 1, 2);
  LogCursor at_end(log, LogCursor::Start::End);
  CHECK(texts(early.read()) == expected(1, 2));
  CHECK(at_end.read().empty());
  {
    std::ofstream out(log, std::ios::app);
    out << record(3);
  }
  CHECK(texts(at_end.read()) == expected(3, 3));
}
