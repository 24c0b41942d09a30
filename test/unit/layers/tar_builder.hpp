// Builds tar streams in memory for tests (libarchive's writer).
#pragma once

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <string>

class TarBuilder {
public:
  TarBuilder() : m_archive(archive_write_new()) {
    archive_write_set_format_pax_restricted(m_archive);
    archive_write_open(m_archive, this, nullptr, &TarBuilder::on_write, nullptr);
  }
  ~TarBuilder() { archive_write_free(m_archive); }

  TarBuilder& file(const std::string& path, const std::string& content, int mode = 0644) {
    return add(path, AE_IFREG, mode, content);
  }
  TarBuilder& dir(const std::string& path, int mode = 0755) {
    return add(path, AE_IFDIR, mode, "");
  }
  TarBuilder& symlink(const std::string& path, const std::string& target) {
    return add(path, AE_IFLNK, 0777, "", target);
  }
  TarBuilder& hardlink(const std::string& path, const std::string& target) {
    return add(path, AE_IFREG, 0644, "", "", target);
  }
  TarBuilder& fifo(const std::string& path, int mode) { return add(path, AE_IFIFO, mode, ""); }
  std::string finish() {
    archive_write_close(m_archive);
    return m_data;
  }

private:
  TarBuilder& add(const std::string& path, int type, int mode, const std::string& content,
                  const std::string& link = "", const std::string& hardlink = "") {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, path.c_str());
    archive_entry_set_filetype(e, type);
    archive_entry_set_perm(e, mode);
    archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
    if (!link.empty())
      archive_entry_set_symlink(e, link.c_str());
    if (!hardlink.empty()) {
      archive_entry_set_hardlink(e, hardlink.c_str());
      archive_entry_set_size(e, 0);
    }
    archive_write_header(m_archive, e);
    if (!content.empty())
      archive_write_data(m_archive, content.data(), content.size());
    archive_entry_free(e);
    return *this;
  }
  static la_ssize_t on_write(archive*, void* self, const void* buf, size_t n) {
    static_cast<TarBuilder*>(self)->m_data.append(static_cast<const char*>(buf), n);
    return static_cast<la_ssize_t>(n);
  }
  archive* m_archive;
  std::string m_data;
};

// A temp directory removed at scope exit.
struct TempDir {
  TempDir() {
    char tmpl[] = "/tmp/mydocker-unit-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string path;
};
