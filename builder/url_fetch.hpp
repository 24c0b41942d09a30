// ADD's remote sources: a plain HTTP GET (http:// only; https needs TLS, not here).
#pragma once

#include <string>

#include "common/result.hpp"

namespace mydocker::builder {

// The body of `url`, at most 1 GiB; Docker's wording for a failed status.
Result<std::string> fetch_url(const std::string& url);
// The file name ADD gives a download: the last element of the URL's path ("" if none).
std::string url_file_name(const std::string& url);

} // namespace mydocker::builder
