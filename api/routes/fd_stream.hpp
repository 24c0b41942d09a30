// Streams what a blocking writer produces into a chunked response without holding it in
// memory: the writer runs on the blocking pool and writes into a pipe; the route reads the
// pipe on the reactor (so a pool full of writers can never starve their readers).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "api/server/http_context.hpp"

namespace mydocker::api {

// writer(fd) -> Result<void>. A writer error after the first byte ends the stream early
// (the client sees a truncated archive, as with dockerd).
using FdWriter = std::function<Result<void>(int fd)>;

asio::awaitable<void> stream_from_writer(Responder& res, std::string_view content_type,
                                         FdWriter writer,
                                         std::map<std::string, std::string> extra_headers = {});

} // namespace mydocker::api
