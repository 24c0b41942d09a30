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

// An unlinked (O_TMPFILE) file in `dir` set as the parser's file body; the returned fd is a
// duplicate the request reads later. Invalid Fd on failure.
Fd open_spill_file(boost::beast::http::file_body::value_type& body, const std::string& dir);

} // namespace mydocker::api
