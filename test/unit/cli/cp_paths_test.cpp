#include <catch2/catch.hpp>

#include "cli/cp_paths.hpp"

using namespace mydocker::cli::cp;

TEST_CASE("split_dir_entry keeps a trailing dot as the entry", "[cp]") {
  CHECK(split_dir_entry("/a/b") == std::make_pair(std::string("/a"), std::string("b")));
  CHECK(split_dir_entry("/a/b/") == std::make_pair(std::string("/a"), std::string("b")));
  CHECK(split_dir_entry("/a/b/.") == std::make_pair(std::string("/a/b"), std::string(".")));
  CHECK(split_dir_entry("/b") == std::make_pair(std::string("/"), std::string("b")));
}

TEST_CASE("rebase_name keeps the user's name for a followed link", "[cp]") {
  CHECK(rebase_name("/bin/sh", "/bin/busybox") ==
        std::make_pair(std::string("/bin/busybox"), std::string("sh")));
  CHECK(rebase_name("/d/", "/e") == std::make_pair(std::string("/e/"), std::string("d")));
  CHECK(rebase_name("/d/.", "/e").first == "/e/.");
}

TEST_CASE("prepare_copy follows docker's copy rules", "[cp]") {
  CopyInfo file{"/src/f", true, false, ""};
  CopyInfo dir{"/src/d", true, true, ""};
  auto into_dir = prepare_copy(file, CopyInfo{"/dst", true, true, ""});
  REQUIRE(into_dir);
  CHECK(into_dir->dir == "/dst");
  CHECK(into_dir->new_base.empty());
  auto renamed = prepare_copy(dir, CopyInfo{"/dst/new", false, false, ""});
  REQUIRE(renamed);
  CHECK(renamed->dir == "/dst");
  CHECK(renamed->new_base == "new");
  CHECK(prepare_copy(dir, CopyInfo{"/dst/file", true, false, ""}).error().message ==
        "cannot copy directory");
  CHECK(prepare_copy(file, CopyInfo{"/dst/missing/", false, false, ""}).error().message ==
        "no such directory");
}
