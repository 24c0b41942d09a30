// Request bodies that go to a temp file instead of memory (image archives).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/beast/http.hpp>

#include "common/fd.hpp"

namespace mydocker::api {

// POST /images/load and /images/create (import) with a body over 1 MiB or chunked.
bool wants_spill(const boost::beast::http::request_header<>& header, uint64_t content_length,
                 bool chunked);

// False when `content_length` exceeds `limit` or the free space of `dir`.
bool spill_fits(const std::string& dir, uint64_t content_length, uint64_t limit);

// An unlinked (O_TMPFILE) file in `dir` for a request body; invalid Fd on failure.
Fd open_spill_file(const std::string& dir);
// false on any write error (disk full included).
bool write_all(int fd, const char* data, size_t size);

} // namespace mydocker::api
