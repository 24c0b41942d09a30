// ADD's remote sources: an HTTP or HTTPS GET through libcurl. HTTPS verifies the server's
// certificate against the system trust store, or against SSL_CERT_FILE / SSL_CERT_DIR when
// the daemon's environment names them (as dockerd's Go TLS honours them).
#pragma once

#include <string>

#include "common/result.hpp"

namespace mydocker::builder {

// The body of `url` (redirects followed), at most 1 GiB; Docker's wording for a failed
// status; the TLS or connection failure named otherwise.
Result<std::string> fetch_url(const std::string& url);
// The file name ADD gives a download: the last element of the URL's path ("" if none).
std::string url_file_name(const std::string& url);

} // namespace mydocker::builder
