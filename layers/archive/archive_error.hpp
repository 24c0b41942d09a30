// libarchive's error text, never null: it is null when a read callback failed without
// setting one (a truncated or corrupt stream), and appending a null char* crashes.
#pragma once

#include <archive.h>

namespace mydocker::layers {

inline const char* archive_error_text(archive* a) {
  const char* text = archive_error_string(a);
  return text ? text : "unreadable or truncated data";
}

} // namespace mydocker::layers
