#include "api/routes/exec_pump.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "api/routes/log_tail.hpp"

namespace mydocker::api {

namespace {

using asio::posix::stream_descriptor;
using namespace asio::experimental::awaitable_operators;
constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);

std::optional<stream_descriptor> adopt(const asio::any_io_executor& ex, Fd& fd) {
  if (!fd)
    return std::nullopt;
  ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) | O_NONBLOCK);
  return stream_descriptor(ex, fd.release());
}

// Reads what is there now; false once the pipe has closed.
bool read_available(stream_descriptor& pipe, std::string& into) {
  char buf[32768];
  for (;;) {
    ssize_t n = ::read(pipe.native_handle(), buf, sizeof buf);
    if (n > 0) {
      into.append(buf, static_cast<size_t>(n));
      continue;
    }
    return n < 0 && (errno == EAGAIN || errno == EINTR);
  }
}

asio::awaitable<void> wait_readable(std::optional<stream_descriptor>& a,
                                    std::optional<stream_descriptor>& b) {
  auto wait = [](stream_descriptor& d) {
    return d.async_wait(stream_descriptor::wait_read, tuple_awaitable);
  };
  if (a && b)
    co_await (wait(*a) || wait(*b));
  else if (a)
    co_await wait(*a);
  else if (b)
    co_await wait(*b);
}

asio::awaitable<void> copy_output(RawStream& client, std::optional<stream_descriptor> out,
                                  std::optional<stream_descriptor> err, bool tty) {
  while (out || err) {
    co_await wait_readable(out, err);
    std::string data;
    for (auto [pipe, stream] : {std::pair{&out, 1}, std::pair{&err, 2}}) {
      if (!*pipe)
        continue;
      std::string piece;
      bool open = read_available(**pipe, piece);
      if (!piece.empty())
        data += tty ? piece : frame(stream, piece);
      if (!open)
        pipe->reset();
    }
    if (!data.empty() && !co_await client.write_all(data))
      co_return; // the client has gone
  }
}

// Holds back a possible start of the detach sequence until it is complete or broken.
class DetachMatcher {
public:
  explicit DetachMatcher(std::string keys) : m_keys(std::move(keys)) {}
  std::string feed(std::string_view in, bool& detached) {
    std::string out;
    for (char ch : in) {
      if (ch != m_keys[m_matched]) {
        out.append(m_keys, 0, m_matched);
        m_matched = 0;
      }
      if (ch == m_keys[m_matched]) {
        if (++m_matched == m_keys.size())
          return detached = true, out;
        continue;
      }
      out += ch;
    }
    return out;
  }

private:
  std::string m_keys;
  size_t m_matched = 0;
};

// Ends by cancellation (the output is over) or at the detach sequence; after the client's
// half-close it idles.
asio::awaitable<void> copy_input(RawStream& client, std::optional<stream_descriptor> in,
                                 DetachMatcher matcher, bool& detached) {
  char buf[16384];
  while (in) {
    auto [n, connected] = co_await client.read_some(buf, sizeof buf);
    if (n == 0) {
      in.reset(); // EOF (or the client has gone): the process sees its stdin end
      break;
    }
    std::string data = matcher.feed(std::string_view(buf, n), detached);
    if (detached)
      co_return;
    auto [ec, written] = co_await asio::async_write(*in, asio::buffer(data), tuple_awaitable);
    if (ec)
      in.reset();
  }
  asio::steady_timer idle(co_await asio::this_coro::executor,
                          std::chrono::steady_clock::time_point::max());
  co_await idle.async_wait(tuple_awaitable);
}

} // namespace

std::string detach_sequence(const std::string& keys) {
  std::string out;
  for (size_t start = 0; start <= keys.size() && !keys.empty();) {
    size_t comma = std::min(keys.find(',', start), keys.size());
    std::string key = keys.substr(start, comma - start);
    start = comma + 1;
    static const std::string specials = "@abcdefghijklmnopqrstuvwxyz[\\]^_"; // ctrl-@ = 0
    size_t ctrl =
        key.rfind("ctrl-", 0) == 0 && key.size() == 6 ? specials.find(key[5]) : std::string::npos;
    if (key.size() == 1)
      out += key[0];
    else if (ctrl != std::string::npos)
      out += static_cast<char>(ctrl);
    else
      return detach_sequence("ctrl-p,ctrl-q");
  }
  return out.empty() ? std::string("\x10\x11") : out;
}

asio::awaitable<bool> pump_exec(RawStream& client, engine::StartedExec& started,
                                std::string detach_keys) {
  auto ex = co_await asio::this_coro::executor;
  auto in = adopt(ex, started.stdin_fd);
  auto out = adopt(ex, started.stdout_fd);
  auto err = adopt(ex, started.stderr_fd);
  if (!out && !err)
    co_return false; // nothing attached to read: the caller waits for the exit
  bool detached = false;
  co_await (
      copy_output(client, std::move(out), std::move(err), started.tty) ||
      copy_input(client, std::move(in), DetachMatcher(detach_sequence(detach_keys)), detached));
  co_return detached;
}

} // namespace mydocker::api
