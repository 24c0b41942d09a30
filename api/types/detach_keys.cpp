#include "api/types/detach_keys.hpp"

#include <cctype>

namespace mydocker::api {

namespace {

// ctrl-a..ctrl-z, ctrl-@, ctrl-[, ctrl-\, ctrl-], ctrl-^, ctrl-_ (term.ToBytes).
int control_code(char c) {
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 1;
  switch (c) {
  case '@': return 0;
  case '[': return 27;
  case '\\': return 28;
  case ']': return 29;
  case '^': return 30;
  case '_': return 31;
  default: return -1;
  }
}

} // namespace

Result<std::string> parse_detach_keys(std::string_view text) {
  std::string keys;
  auto bad = [&] {
    return invalid_argument("Invalid detach keys (" + std::string(text) + ") provided");
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t comma = text.find(',', pos);
    std::string key(text.substr(pos, comma == std::string_view::npos ? text.npos : comma - pos));
    if (key.size() == 1) {
      keys += key[0];
    } else {
      for (auto& c : key)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      int code = key.size() == 6 && key.rfind("ctrl-", 0) == 0 ? control_code(key[5]) : -1;
      if (code < 0)
        return bad();
      keys += static_cast<char>(code);
    }
    if (comma == std::string_view::npos)
      break;
    pos = comma + 1;
  }
  return keys;
}

std::string DetachScanner::feed(std::string_view data, bool& detached) {
  std::string out;
  detached = false;
  for (char c : data) {
    if (m_keys.empty()) {
      out += c;
      continue;
    }
    if (c == m_keys[m_matched]) {
      if (++m_matched == m_keys.size()) {
        detached = true;
        m_matched = 0;
        return out;
      }
      continue;
    }
    out.append(m_keys, 0, m_matched); // a false start: those keys were typed for the program
    m_matched = 0;
    if (c == m_keys[0])
      m_matched = 1;
    else
      out += c;
  }
  return out;
}

} // namespace mydocker::api
