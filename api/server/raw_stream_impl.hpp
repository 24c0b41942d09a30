// RawStream over a hijacked Beast stream (private to session.cpp).
#pragma once

#include <cstring>
#include <memory>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>

#include "api/server/http_context.hpp"

namespace mydocker::api {

template <class Stream> class HijackedStream final : public RawStream {
public:
  HijackedStream(Stream& stream, boost::beast::flat_buffer& leftover)
      : m_stream(stream), m_leftover(leftover) {}

  asio::awaitable<std::pair<size_t, bool>> read_some(char* data, size_t size) override {
    // Bytes the client sent right after its request headers come first.
    if (m_leftover.size() > 0) {
      size_t n = std::min(size, m_leftover.size());
      std::memcpy(data, m_leftover.data().data(), n);
      m_leftover.consume(n);
      co_return std::pair<size_t, bool>{n, true};
    }
    auto [ec, n] = co_await m_stream.async_read_some(asio::buffer(data, size),
                                                     asio::as_tuple(asio::use_awaitable));
    if (ec == asio::error::eof)
      co_return std::pair<size_t, bool>{0, true}; // half-close: not a disconnect
    if (ec)
      co_return std::pair<size_t, bool>{0, false};
    co_return std::pair<size_t, bool>{n, true};
  }

  asio::awaitable<bool> write_all(std::string_view data) override {
    auto [ec, n] = co_await asio::async_write(m_stream, asio::buffer(data.data(), data.size()),
                                              asio::as_tuple(asio::use_awaitable));
    co_return !ec;
  }

  bool peer_closed() const override {
    if (m_leftover.size() > 0)
      return false;
    return socket_peer_closed(boost::beast::get_lowest_layer(m_stream).socket().native_handle());
  }

  void close() override {
    boost::beast::error_code ignored;
    auto& socket = boost::beast::get_lowest_layer(m_stream).socket();
    socket.shutdown(asio::socket_base::shutdown_both, ignored);
    socket.close(ignored);
  }

private:
  Stream& m_stream;
  boost::beast::flat_buffer& m_leftover;
};

template <class Stream>
std::unique_ptr<RawStream> make_raw_stream(Stream& stream, boost::beast::flat_buffer& leftover) {
  return std::make_unique<HijackedStream<Stream>>(stream, leftover);
}

} // namespace mydocker::api
