#include <catch2/catch.hpp>

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "common/atomic_file.hpp"
#include "layers/archive/extract.hpp"
#include "layers/archive/tar_writer.hpp"
#include "tar_builder.hpp"

using namespace mydocker;
using namespace mydocker::layers;
namespace fs = std::filesystem;

namespace {

struct Member {
  int type = 0;
  int perm = 0;
  std::string link;     // symlink target
  std::string hardlink; // hardlink target
  std::string xattr;    // value of user.note
  int64_t size = 0;
};

// name -> member, plus the order the names came in.
std::pair<std::map<std::string, Member>, std::vector<std::string>> read_tar(const std::string& t) {
  std::map<std::string, Member> out;
  std::vector<std::string> order;
  archive* a = archive_read_new();
  archive_read_support_format_tar(a);
  REQUIRE(archive_read_open_memory(a, t.data(), t.size()) == ARCHIVE_OK);
  archive_entry* e;
  while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
    Member m;
    m.type = archive_entry_filetype(e);
    m.perm = archive_entry_perm(e);
    m.size = archive_entry_size(e);
    if (archive_entry_symlink(e))
      m.link = archive_entry_symlink(e);
    if (archive_entry_hardlink(e))
      m.hardlink = archive_entry_hardlink(e);
    const char* name;
    const void* value;
    size_t size;
    archive_entry_xattr_reset(e);
    while (archive_entry_xattr_next(e, &name, &value, &size) == ARCHIVE_OK)
      if (std::string(name) == "user.note")
        m.xattr.assign(static_cast<const char*>(value), size);
    out[archive_entry_pathname(e)] = m;
    order.push_back(archive_entry_pathname(e));
  }
  archive_read_free(a);
  return {out, order};
}

void write(const std::string& path, const std::string& content, mode_t mode = 0644) {
  std::ofstream(path) << content;
  ::chmod(path.c_str(), mode);
}

} // namespace

TEST_CASE("an upper dir becomes a layer tar with whiteouts", "[archive][root]") {
  TempDir tmp;
  std::string up = tmp.path + "/upper";
  fs::create_directories(up + "/bin");
  fs::create_directories(up + "/opt/sub");
  write(up + "/bin/tool", "#!/bin/sh\n", 04755);
  REQUIRE(::link((up + "/bin/tool").c_str(), (up + "/bin/again").c_str()) == 0);
  fs::create_symlink("/bin/tool", up + "/bin/sh");
  REQUIRE(::mknod((up + "/bin/gone").c_str(), S_IFCHR, makedev(0, 0)) == 0);
  REQUIRE(::mknod((up + "/null").c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0);
  REQUIRE(::setxattr((up + "/opt").c_str(), "trusted.overlay.opaque", "y", 1, 0) == 0);
  write(up + "/opt/sub/f", "data");
  REQUIRE(::setxattr((up + "/opt/sub/f").c_str(), "user.note", "hi", 2, 0) == 0);
  ::lchown((up + "/bin/sh").c_str(), 12, 34);

  std::string tar = tree_tar(up, WhiteoutMode::Overlay).value();
  auto [members, order] = read_tar(tar);
  CHECK(members.count("bin/.wh.gone"));
  CHECK_FALSE(members.count("bin/gone"));
  CHECK(members["bin/again"].size == 10);
  CHECK(members["bin/tool"].hardlink == "bin/again"); // the first name in order carries the data
  CHECK(members["bin/tool"].perm == 04755);
  CHECK(members["bin/sh"].link == "/bin/tool");
  CHECK(members["null"].type == AE_IFCHR);
  CHECK(members.count("opt/.wh..wh..opq"));
  CHECK(members["opt/sub/f"].xattr == "hi");
  // Parents come before children, siblings in byte order (a whiteout where its name was).
  std::vector<std::string> expected = {"bin/",     "bin/again", "bin/.wh.gone", "bin/sh",
                                       "bin/tool", "null",      "opt/",         "opt/.wh..wh..opq",
                                       "opt/sub/", "opt/sub/f"};
  CHECK(order == expected);
  // Deterministic: the same tree gives the same bytes.
  CHECK(tree_tar(up, WhiteoutMode::Overlay).value() == tar);

  SECTION("extracting it gives the same overlay tree back") {
    std::string back = tmp.path + "/back";
    fs::create_directory(back);
    REQUIRE(extract_tar(tar, back));
    struct stat st {};
    REQUIRE(::lstat((back + "/bin/gone").c_str(), &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
    CHECK(st.st_rdev == makedev(0, 0));
    REQUIRE(::lstat((back + "/bin/sh").c_str(), &st) == 0);
    CHECK(st.st_uid == 12);
    REQUIRE(::stat((back + "/bin/tool").c_str(), &st) == 0);
    CHECK(st.st_nlink == 2);
    CHECK((st.st_mode & 07777) == 04755);
    char value[2] = {};
    CHECK(::getxattr((back + "/opt").c_str(), "trusted.overlay.opaque", value, 2) == 1);
    CHECK(tree_tar(back, WhiteoutMode::Overlay).value() == tar);
  }
}

TEST_CASE("a metacopy upper dir is refused, not written half", "[archive][root]") {
  TempDir tmp;
  write(tmp.path + "/f", "");
  REQUIRE(::setxattr((tmp.path + "/f").c_str(), "trusted.overlay.metacopy", "", 0, 0) == 0);
  auto r = tree_tar(tmp.path, WhiteoutMode::Overlay);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("metacopy") != std::string::npos);
}

TEST_CASE("a plain tree keeps device nodes and has no whiteouts", "[archive][root]") {
  TempDir tmp;
  REQUIRE(::mknod((tmp.path + "/c").c_str(), S_IFCHR, makedev(0, 0)) == 0);
  auto [members, order] = read_tar(tree_tar(tmp.path, WhiteoutMode::None).value());
  CHECK(members.count("c"));
  CHECK(members["c"].type == AE_IFCHR);
}
