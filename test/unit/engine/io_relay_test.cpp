// The shim's relay (engine/shim/io_relay): an attacher gets every byte the container wrote
// and then a clean EOF, even when the container has exited before the attacher subscribed
// and the attacher sent stdin packets the relay never read.
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "engine/runtime/shim_socket.hpp"
#include "engine/shim/io_relay.hpp"

using namespace mydocker;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/io-relay-test-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

struct Pipe {
  Fd read_end, write_end;
  Pipe() {
    int p[2];
    REQUIRE(::pipe2(p, O_CLOEXEC) == 0);
    read_end.reset(p[0]);
    write_end.reset(p[1]);
  }
};

void send_message(const Fd& sock, runtime::ShimMessage type, std::string_view payload) {
  std::string packet = runtime::shim_message(type, payload);
  REQUIRE(::send(sock.get(), packet.data(), packet.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(packet.size()));
}

// What the daemon reads: stdout bytes until EOF; `error` is the errno that ended it, if any.
std::string read_stdout(const Fd& sock, int& error) {
  std::string out;
  std::string packet(runtime::SHIM_MAX_PACKET, '\0');
  error = 0;
  for (;;) {
    ssize_t n = ::recv(sock.get(), packet.data(), packet.size(), 0);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0) {
      error = errno;
      return out;
    }
    if (n == 0)
      return out;
    if (packet[0] == 1)
      out.append(packet.data() + 1, static_cast<size_t>(n - 1));
  }
}

} // namespace

TEST_CASE("an attacher that subscribes after the exit gets all output despite unread stdin") {
  TempDir dir;
  Pipe out, err;
  auto listener = runtime::listen_shim_socket(dir.path);
  REQUIRE(listener);
  // The container wrote two parts and exited before the attacher came.
  std::string written = "first part\n===\nsecond part\n";
  REQUIRE(::write(out.write_end.get(), written.data(), written.size()) ==
          static_cast<ssize_t>(written.size()));
  out.write_end.reset();
  err.write_end.reset();
  // The daemon's attach: subscribe with replay, then stdin and its end, all queued before
  // the relay reads a single packet (it reads one per round, then ends after the Attach).
  auto attacher = runtime::connect_shim_socket(dir.path);
  REQUIRE(attacher);
  send_message(*attacher, runtime::ShimMessage::Attach, "\1");
  send_message(*attacher, runtime::ShimMessage::Stdin, "typed too late\n");
  send_message(*attacher, runtime::ShimMessage::CloseStdin, "");

  shim::JsonLog log(dir.path + "/log.json", shim::Rotation{-1, 1});
  shim::RelayFds fds;
  fds.stdout_fd = std::move(out.read_end);
  fds.stderr_fd = std::move(err.read_end);
  fds.listen_fd = std::move(*listener);
  fds.attachers = 1;
  shim::IoRelay(std::move(fds), log).run();

  int error = 0;
  CHECK(read_stdout(*attacher, error) == written);
  CHECK(error == 0); // EOF, not ECONNRESET ahead of the queued output
}

TEST_CASE("every subscriber gets the output written while it was attached") {
  TempDir dir;
  Pipe out, err;
  auto listener = runtime::listen_shim_socket(dir.path);
  REQUIRE(listener);
  auto first = runtime::connect_shim_socket(dir.path);
  auto second = runtime::connect_shim_socket(dir.path);
  REQUIRE(first);
  REQUIRE(second);
  send_message(*first, runtime::ShimMessage::Attach, "\1");
  send_message(*second, runtime::ShimMessage::Attach, "\1");
  std::string written = "one\ntwo\n";
  REQUIRE(::write(out.write_end.get(), written.data(), written.size()) ==
          static_cast<ssize_t>(written.size()));
  out.write_end.reset();
  err.write_end.reset();

  shim::JsonLog log(dir.path + "/log.json", shim::Rotation{-1, 1});
  shim::RelayFds fds;
  fds.stdout_fd = std::move(out.read_end);
  fds.stderr_fd = std::move(err.read_end);
  fds.listen_fd = std::move(*listener);
  fds.attachers = 2;
  shim::IoRelay(std::move(fds), log).run();

  int error = 0;
  CHECK(read_stdout(*first, error) == written);
  CHECK(error == 0);
  CHECK(read_stdout(*second, error) == written);
  CHECK(error == 0);
}

TEST_CASE("output beyond the replay bound waits for the attacher counted at the start") {
  TempDir dir;
  Pipe out, err;
  auto listener = runtime::listen_shim_socket(dir.path);
  REQUIRE(listener);
  err.write_end.reset();
  // 6 MiB in numbered chunks: a gap or a repeat shows in the comparison.
  constexpr size_t CHUNK = 64 * 1024, CHUNKS = 96;
  std::string expected;
  for (size_t i = 0; i < CHUNKS; ++i)
    expected.append(CHUNK, static_cast<char>('a' + i % 26));
  std::atomic<size_t> written{0};
  std::thread container([&] {
    for (size_t off = 0; off < expected.size();) { // a chunk at a time: `written` moves
      ssize_t n = ::write(out.write_end.get(), expected.data() + off, CHUNK);
      if (n <= 0)
        break;
      off += static_cast<size_t>(n);
      written = off;
    }
    out.write_end.reset();
  });
  shim::JsonLog log(dir.path + "/log.json", shim::Rotation{-1, 1});
  shim::RelayFds fds;
  fds.stdout_fd = std::move(out.read_end);
  fds.stderr_fd = std::move(err.read_end);
  fds.listen_fd = std::move(*listener);
  fds.attachers = 1;
  std::thread relay([&] { shim::IoRelay(std::move(fds), log).run(); });
  // The attacher comes late: once the relay has read more than the bound (4 MiB).
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (written < 4 * 1024 * 1024 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto attacher = runtime::connect_shim_socket(dir.path);
  std::string got;
  int error = 0;
  if (attacher) { // else the relay has ended (without the attacher): the checks below fail
    std::string attach = runtime::shim_message(runtime::ShimMessage::Attach, "\1");
    CHECK(::send(attacher->get(), attach.data(), attach.size(), MSG_NOSIGNAL) == 2);
    got = read_stdout(*attacher, error);
  }
  container.join();
  relay.join();
  CHECK(error == 0);
  CHECK(got.size() == expected.size());
  CHECK(got == expected);
}
