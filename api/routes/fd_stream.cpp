#include "api/routes/fd_stream.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/server/run_blocking.hpp"
#include "common/fd.hpp"
#include "common/log.hpp"

namespace mydocker::api {

asio::awaitable<void> stream_from_writer(Responder& res, std::string_view content_type,
                                         FdWriter writer,
                                         std::map<std::string, std::string> extra_headers) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    Error error{Errc::Internal, errno, "pipe"};
    co_await res.send_error(error);
    co_return;
  }
  auto executor = co_await asio::this_coro::executor;
  asio::posix::stream_descriptor reader(executor, fds[0]);
  asio::post(res.transfer_pool(), [writer = std::move(writer), out = fds[1]] {
    Fd fd(out); // closing it is the reader's EOF
    // An exception on a pool thread would end the daemon: here it cuts this stream only.
    try {
      if (auto written = writer(fd.get()); !written)
        log::error("streaming an archive: " + written.error().message);
    } catch (...) {
      log::error("unexpected exception streaming an archive: " + current_exception_text());
    }
  });
  co_await res.begin_stream(200, content_type, std::move(extra_headers));
  std::vector<char> buf(1 << 16);
  for (;;) {
    auto [ec, n] =
        co_await reader.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    if (n > 0 && !co_await res.write_chunk(std::string_view(buf.data(), n)))
      co_return; // client gone: closing the pipe stops the writer with EPIPE
    if (ec)
      break; // EOF: the writer finished
  }
  co_await res.end_stream();
}

} // namespace mydocker::api
