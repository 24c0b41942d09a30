#include "network/dns_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "network/dns_message.hpp"

namespace mydocker::network {
namespace {

// A socket belongs to the namespace it is created in: make it on a thread that joined it.
Result<Fd> bind_resolver_socket(int netns_fd) {
  Result<Fd> out = internal_error("dns: netns thread did not run");
  std::thread maker([&] {
    if (::setns(netns_fd, CLONE_NEWNET) < 0) {
      out = sys_error("setns net");
      return;
    }
    Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(53);
    sa.sin_addr.s_addr = htonl(0x7f00000b); // 127.0.0.11
    if (!s || ::bind(s.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) < 0)
      out = sys_error("bind 127.0.0.11:53");
    else
      out = std::move(s);
  });
  maker.join();
  return out;
}

} // namespace

Result<std::unique_ptr<DnsServer>> DnsServer::start(Resolver resolver, UpstreamsOf upstreams) {
  Fd wakeup(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!wakeup)
    return sys_error("eventfd");
  std::unique_ptr<DnsServer> server(
      new DnsServer(std::move(resolver), std::move(wakeup), std::move(upstreams)));
  server->m_thread = std::thread([s = server.get()] { s->run(); });
  return server;
}

DnsServer::~DnsServer() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  wake();
  if (m_thread.joinable())
    m_thread.join();
}

void DnsServer::wake() {
  std::uint64_t one = 1;
  (void)!::write(m_wakeup.get(), &one, sizeof one);
}

Result<void> DnsServer::add_sandbox(const std::string& sandbox, int netns_fd) {
  {
    std::lock_guard lock(m_mutex);
    if (m_sockets.count(sandbox))
      return conflict("dns: sandbox " + sandbox + " is already served");
  }
  auto socket = TRY(bind_resolver_socket(netns_fd));
  {
    std::lock_guard lock(m_mutex);
    m_sockets.emplace(sandbox, std::make_shared<Fd>(std::move(socket)));
  }
  wake();
  return {};
}

void DnsServer::remove_sandbox(const std::string& sandbox) {
  {
    std::lock_guard lock(m_mutex);
    m_sockets.erase(sandbox);
  }
  wake(); // the loop drops its reference on the next round
}

void DnsServer::run() {
  for (;;) {
    std::vector<pollfd> fds{{m_wakeup.get(), POLLIN, 0}};
    std::vector<std::pair<std::string, std::shared_ptr<Fd>>> round{{"", nullptr}};
    {
      std::lock_guard lock(m_mutex);
      if (m_stopping)
        return;
      for (const auto& [key, fd] : m_sockets) {
        fds.push_back({fd->get(), POLLIN, 0});
        round.emplace_back(key, fd);
      }
    }
    std::size_t sandboxes_end = fds.size();
    m_forwarder.add_poll_fds(fds);
    if (::poll(fds.data(), fds.size(), m_forwarder.next_timeout_ms()) < 0)
      continue; // EINTR
    std::uint64_t drained;
    if (fds[0].revents)
      (void)!::read(m_wakeup.get(), &drained, sizeof drained);
    for (std::size_t i = 1; i < sandboxes_end; ++i) {
      if (fds[i].revents & POLLIN)
        answer_one(round[i].first, round[i].second);
    }
    m_forwarder.handle(std::span(fds).subspan(sandboxes_end));
  }
}

// Runs on the loop thread without the lock: the resolver may take its own locks.
void DnsServer::answer_one(const std::string& sandbox, const std::shared_ptr<Fd>& socket) {
  int fd = socket->get();
  std::uint8_t buf[512]; // classic DNS over UDP
  sockaddr_in from{};
  socklen_t len = sizeof from;
  ssize_t n = ::recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
  if (n <= 0)
    return;
  auto query = dns::parse_query(std::span<const std::uint8_t>(buf, static_cast<std::size_t>(n)));
  if (!query)
    return; // not worth an answer
  std::vector<std::uint8_t> reply;
  auto addresses = m_resolver(sandbox, query->name);
  if (!addresses) {
    auto upstreams = m_upstreams ? m_upstreams(sandbox) : std::vector<DnsUpstream>{};
    if (!upstreams.empty())
      return m_forwarder.forward(std::span(buf, static_cast<std::size_t>(n)), upstreams.front(),
                                 socket, from);
  }
  if (!addresses)
    reply = dns::build_error(*query, dns::Rcode::ServFail);
  else if (query->type == dns::type_a && query->klass == dns::class_in)
    reply = dns::build_answer(*query, *addresses);
  else
    reply = dns::build_answer(*query, {}); // the name exists, but has no such record
  ::sendto(fd, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
}

} // namespace mydocker::network
