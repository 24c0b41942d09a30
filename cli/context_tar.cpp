#include "cli/context_tar.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <vector>

#include "common/atomic_file.hpp"

namespace mydocker::cli {

namespace fs = std::filesystem;

namespace {

void octal(char* field, size_t width, unsigned long long value) {
  std::snprintf(field, width, "%0*llo", int(width - 1), value);
}

void pad_block(std::string& out) {
  out.append((512 - out.size() % 512) % 512, '\0');
}

// A PAX record "LEN key=value\n" (LEN counts itself).
std::string pax_record(const std::string& key, const std::string& value) {
  std::string body = " " + key + "=" + value + "\n";
  size_t len = body.size() + 1;
  while (std::to_string(len).size() + body.size() != len)
    ++len;
  return std::to_string(len) + body;
}

} // namespace

void TarBuilder::header(const std::string& name, char type, unsigned mode, size_t size,
                        const std::string& link, long mtime) {
  if (name.size() > 99 || link.size() > 99) { // long names go in a PAX extended header
    std::string pax = (name.size() > 99 ? pax_record("path", name) : "") +
                      (link.size() > 99 ? pax_record("linkpath", link) : "");
    header("PaxHeader", 'x', 0644, pax.size(), "", mtime);
    m_out += pax;
    pad_block(m_out);
  }
  char h[512] = {};
  std::memcpy(h, name.data(), std::min<size_t>(name.size(), 99));
  octal(h + 100, 8, mode);
  octal(h + 108, 8, 0);
  octal(h + 116, 8, 0);
  octal(h + 124, 12, size);
  octal(h + 136, 12, static_cast<unsigned long long>(mtime));
  std::memset(h + 148, ' ', 8);
  h[156] = type;
  std::memcpy(h + 157, link.data(), std::min<size_t>(link.size(), 99));
  std::memcpy(h + 257, "ustar", 6);
  std::memcpy(h + 263, "00", 2);
  unsigned sum = 0;
  for (unsigned char c : h)
    sum += c;
  std::snprintf(h + 148, 8, "%06o", sum);
  m_out.append(h, 512);
}

void TarBuilder::add_file(const std::string& name, std::string_view content, unsigned mode) {
  header(name, '0', mode, content.size(), "", static_cast<long>(::time(nullptr)));
  m_out += content;
  pad_block(m_out);
}

Result<void> TarBuilder::add_directory(const std::string& dir) {
  std::error_code ec;
  std::vector<fs::path> paths;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec))
    paths.push_back(it->path());
  if (ec)
    return make_error(Errc::InvalidArgument, "unable to prepare context: " + ec.message());
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0)
      continue;
    std::string name = fs::relative(p, dir, ec).generic_string();
    unsigned mode = st.st_mode & 07777;
    if (S_ISDIR(st.st_mode)) {
      header(name + "/", '5', mode, 0, "", st.st_mtime);
    } else if (S_ISLNK(st.st_mode)) {
      header(name, '2', mode, 0, fs::read_symlink(p, ec).string(), st.st_mtime);
    } else if (S_ISREG(st.st_mode)) {
      auto data = read_file(p.string());
      if (!data)
        return make_error(Errc::InvalidArgument, "error checking context: " + data.error().message);
      header(name, '0', mode, data->size(), "", st.st_mtime);
      m_out += *data;
      pad_block(m_out);
    }
  }
  return {};
}

std::string TarBuilder::finish() {
  m_out.append(1024, '\0');
  return std::move(m_out);
}

} // namespace mydocker::cli
