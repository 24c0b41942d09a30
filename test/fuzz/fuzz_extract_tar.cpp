// Tar extraction into a temporary root: never crashes, and nothing lands outside the root
// (the root sits alone in a fence directory, itself alone in a base directory; any entry
// besides them means a member escaped).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

#include "layers/archive/extract.hpp"

namespace fs = std::filesystem;

namespace {

struct Sandbox {
  fs::path base;
  fs::path fence;
  fs::path root;
  Sandbox() {
    char tmpl[] = "/dev/shm/fuzz-extract-XXXXXX"; // tmpfs: a file per run costs little
    if (!::mkdtemp(tmpl))
      std::abort();
    base = tmpl;
    fence = base / "fence";
    root = fence / "root";
    fs::create_directories(root);
  }
  ~Sandbox() {
    std::error_code ec;
    fs::remove_all(base, ec);
  }
};

Sandbox& sandbox() {
  static Sandbox box;
  return box;
}

// Only "fence" in base and only "root" in fence.
bool only_child(const fs::path& dir, const char* name) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().filename() != name)
      return false;
  return !ec;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Sandbox& box = sandbox();
  std::string_view tar(reinterpret_cast<const char*>(data), size);
  (void)mydocker::layers::extract_tar(tar, box.root.string());
  if (!only_child(box.base, "fence") || !only_child(box.fence, "root")) {
    std::fprintf(stderr, "a tar member landed outside the extraction root\n");
    std::abort();
  }
  std::error_code ec;
  fs::remove_all(box.root, ec);
  fs::create_directories(box.root, ec);
  return 0;
}
