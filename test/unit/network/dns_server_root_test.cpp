#include "network/dns_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <thread>

#include "network/dns_message.hpp"
#include "network/netlink/rtnl_socket.hpp"
#include "throwaway_netns.hpp"

using namespace mydocker::network;
using namespace mydocker::network::netlink;
using mydocker::Fd;
using mydocker::network::test::new_netns;
using mydocker::network::test::run_in_netns;
using Bytes = std::vector<std::uint8_t>;

namespace {

void loopback_up(const Fd& netns) {
  auto nl = *RtnlSocket::open_in_netns(netns.get());
  auto lo = *parse_link(*nl.query(build_get_link(nl.next_seq(), "lo"), "get lo"));
  REQUIRE(nl.request(build_set_link_up(nl.next_seq(), lo.index), "lo up"));
}

Bytes a_query(const std::string& name) {
  Bytes q{0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
  std::size_t start = 0;
  while (start <= name.size()) {
    auto dot = name.find('.', start);
    auto label = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    q.push_back(static_cast<std::uint8_t>(label.size()));
    q.insert(q.end(), label.begin(), label.end());
    if (dot == std::string::npos)
      break;
    start = dot + 1;
  }
  q.insert(q.end(), {0, 0, 1, 0, 1});
  return q;
}

// Sends `query` to 127.0.0.11:53 from inside `netns`; the answer, or empty after 3 s.
Bytes ask(const Fd& netns, const Bytes& query) {
  Bytes answer(512);
  run_in_netns(netns, [&] {
    Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    timeval tv{3, 0};
    ::setsockopt(s.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(53);
    ::inet_pton(AF_INET, "127.0.0.11", &sa.sin_addr);
    REQUIRE(::sendto(s.get(), query.data(), query.size(), 0, reinterpret_cast<sockaddr*>(&sa),
                     sizeof sa) == static_cast<ssize_t>(query.size()));
    ssize_t n = ::recv(s.get(), answer.data(), answer.size(), 0);
    answer.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  });
  return answer;
}

} // namespace

TEST_CASE("the embedded resolver answers container names per sandbox", "[root][dns]") {
  auto ns_a = new_netns();
  auto ns_b = new_netns();
  loopback_up(ns_a);
  loopback_up(ns_b);
  auto server =
      DnsServer::start([](const std::string& sandbox,
                          const std::string& name) -> std::optional<DnsServer::Addresses> {
        if (sandbox == "a" && name == "web")
          return DnsServer::Addresses{{10, 9, 0, 3}};
        return std::nullopt; // b is on another network: web is unknown there
      });
  REQUIRE(server);
  REQUIRE((*server)->add_sandbox("a", ns_a.get()));
  REQUIRE((*server)->add_sandbox("b", ns_b.get()));
  auto twice = (*server)->add_sandbox("a", ns_a.get());
  REQUIRE_FALSE(twice);
  CHECK(twice.error().code == mydocker::Errc::Conflict);

  auto answer = ask(ns_a, a_query("WEB"));
  REQUIRE(answer.size() >= 16);
  CHECK(answer[0] == 0x12);
  CHECK(answer[3] == 0x80); // NOERROR
  CHECK(answer[7] == 1);    // one A record
  CHECK(Bytes(answer.end() - 4, answer.end()) == Bytes{10, 9, 0, 3});

  auto refused = ask(ns_b, a_query("web"));
  REQUIRE(refused.size() >= 12);
  CHECK((refused[3] & 0x0f) == static_cast<int>(dns::Rcode::ServFail));

  (*server)->remove_sandbox("a");
  // After removal the port is free again in that namespace: a new server can bind it.
  auto again = DnsServer::start([](auto&, auto&) { return std::nullopt; });
  REQUIRE(again);
  bool rebound = false;
  for (int i = 0; i < 100 && !rebound; ++i) { // the old loop drops its socket on its next round
    rebound = (*again)->add_sandbox("a", ns_a.get()).has_value();
    if (!rebound)
      ::usleep(10000);
  }
  CHECK(rebound);
}

namespace {

// An upstream nameserver on the test's loopback answering one A query with 192.0.2.7.
class FakeUpstream {
public:
  FakeUpstream() {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    ::inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
    REQUIRE(::bind(m_socket.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
    socklen_t len = sizeof sa;
    REQUIRE(::getsockname(m_socket.get(), reinterpret_cast<sockaddr*>(&sa), &len) == 0);
    m_port = ntohs(sa.sin_port);
    timeval tv{3, 0}; // bounds the thread's life when nothing is forwarded
    ::setsockopt(m_socket.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    m_thread = std::thread([this] { answer_once(); });
  }
  ~FakeUpstream() { join(); }
  void join() {
    if (m_thread.joinable())
      m_thread.join();
  }
  std::uint16_t port() const { return m_port; }
  const std::string& asked() const { return m_asked; }

private:
  void answer_once() {
    std::uint8_t buf[512];
    sockaddr_in from{};
    socklen_t len = sizeof from;
    ssize_t n =
        ::recvfrom(m_socket.get(), buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
    auto q = dns::parse_query(std::span<const std::uint8_t>(buf, n > 0 ? std::size_t(n) : 0));
    if (!q)
      return;
    m_asked = q->name;
    std::array<std::uint8_t, 4> ip{192, 0, 2, 7};
    auto reply = dns::build_answer(*q, std::span(&ip, 1), 30);
    ::sendto(m_socket.get(), reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from),
             len);
  }

  Fd m_socket{::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)};
  std::uint16_t m_port = 0;
  std::string m_asked;
  std::thread m_thread;
};

} // namespace

TEST_CASE("unknown names are forwarded to the upstream resolver", "[root][dns]") {
  FakeUpstream upstream;
  auto ns = new_netns();
  loopback_up(ns);
  auto port = upstream.port();
  auto server = DnsServer::start([](auto&, auto&) { return std::nullopt; },
                                 [port](const std::string& sandbox) {
                                   // Each sandbox has its own upstreams (--dns).
                                   return sandbox == "c"
                                              ? std::vector{DnsUpstream{{127, 0, 0, 1}, port}}
                                              : std::vector<DnsUpstream>{};
                                 });
  REQUIRE(server);
  REQUIRE((*server)->add_sandbox("c", ns.get()));
  auto answer = ask(ns, a_query("outside.example"));
  upstream.join();
  CHECK(upstream.asked() == "outside.example");
  REQUIRE(answer.size() >= 16);
  CHECK(answer[0] == 0x12); // the client's own ID came back through the relay
  CHECK(answer[7] == 1);
  CHECK(Bytes(answer.end() - 4, answer.end()) == Bytes{192, 0, 2, 7});

  auto other = new_netns(); // no upstreams (an --internal network): not forwarded
  loopback_up(other);
  REQUIRE((*server)->add_sandbox("d", other.get()));
  auto refused = ask(other, a_query("outside.example"));
  REQUIRE(refused.size() >= 12);
  CHECK((refused[3] & 0x0f) == static_cast<int>(dns::Rcode::ServFail));
}
