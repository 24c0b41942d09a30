// The listener: connections beyond the cap wait until one closes, and every socket the server
// holds is close-on-exec (Asio's own accept would leave them inheritable).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "api/server/server.hpp"

using namespace mydocker::api;
namespace fs = std::filesystem;

namespace {

// A server on a temporary unix socket, its reactor on a thread; all stopped at the end.
struct LiveServer {
  asio::io_context io;
  asio::thread_pool pool{1};
  Router router;
  std::string dir;
  std::unique_ptr<Server> server;
  std::thread reactor;

  explicit LiveServer(int max_connections) {
    char tmpl[] = "/tmp/mydocker-accept-XXXXXX";
    dir = ::mkdtemp(tmpl);
    ServerOptions options;
    options.max_connections = max_connections;
    options.socket_group = "";
    server = std::make_unique<Server>(io, pool, router, options);
    REQUIRE(server->listen("unix://" + dir + "/api.sock", TlsFiles{}));
    reactor = std::thread([this] { io.run(); });
  }
  ~LiveServer() {
    io.stop();
    reactor.join();
    server.reset();
    pool.join();
    fs::remove_all(dir);
  }
};

int connect_to(const std::string& path) {
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

// Sends one request; true when a response starts arriving within timeout_ms.
bool answered(int fd, int timeout_ms, bool send_request = true) {
  const char request[] = "GET /_ping HTTP/1.1\r\nHost: x\r\n\r\n";
  if (send_request)
    REQUIRE(::write(fd, request, sizeof request - 1) == ssize_t(sizeof request - 1));
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) != 1)
    return false;
  char buf[64];
  return ::read(fd, buf, sizeof buf) > 0;
}

} // namespace

TEST_CASE("a connection beyond the listener's cap waits until another one closes") {
  LiveServer live(2);
  std::string path = live.dir + "/api.sock";
  int first = connect_to(path), second = connect_to(path), third = connect_to(path);
  CHECK(answered(first, 5000));
  CHECK(answered(second, 5000));
  // Held in the backlog: nothing reads the third connection's request meanwhile.
  CHECK_FALSE(answered(third, 300));
  ::close(first);
  CHECK(answered(third, 5000, false));
  ::close(second);
  ::close(third);
}

TEST_CASE("the listening and the accepted sockets are close-on-exec") {
  LiveServer live(16);
  int client = connect_to(live.dir + "/api.sock");
  CHECK(answered(client, 5000)); // accepted and served by now
  int sockets = 0;
  for (const auto& entry : fs::directory_iterator("/proc/self/fd")) {
    int fd = std::stoi(entry.path().filename().string());
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode))
      continue;
    ++sockets;
    INFO("fd " << fd);
    CHECK((::fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
  }
  CHECK(sockets >= 3); // the listener, the accepted socket, the client
  ::close(client);
}
