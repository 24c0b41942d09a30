#include "layers/path_copy.hpp"

#include "layers/archive/confined_fs.hpp"
#include "layers/archive/extract.hpp"
#include "layers/archive/tar_writer.hpp"

namespace mydocker::layers {

Result<Fd> open_in_container_root(int root_fd, const std::string& path, int flags) {
  return open_in_root(root_fd, path, flags);
}

Result<void> write_path_tar(int dir_fd, const std::string& name, const std::string& as_name,
                            int out_fd) {
  TRY(write_entry_tar(dir_fd, name, as_name,
                      [out_fd](std::string_view data) { return write_all_fd(out_fd, data); }));
  return {};
}

Result<void> extract_into(std::string_view tar, int dest_dir_fd, const CopyInOptions& options) {
  bool given = false;
  TarSource source = [&](const void** buffer) -> long {
    if (given)
      return 0;
    given = true;
    *buffer = tar.data();
    return static_cast<long>(tar.size());
  };
  ExtractOptions extract{false, options.no_overwrite_dir_non_dir, options.uid, options.gid};
  TRY(extract_tar_stream_at(source, dest_dir_fd, extract));
  return {};
}

} // namespace mydocker::layers
