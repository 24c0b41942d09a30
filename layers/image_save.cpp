// docker save: images with their configs and uncompressed layer tars, in the archive
// layout of Docker 25+ (legacy manifest.json and the OCI image layout in one tar).
#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <set>

#include "common/atomic_file.hpp"
#include "layers/archive/archive_error.hpp"
#include "layers/archive/extract.hpp"
#include "layers/archive/save_layout.hpp"
#include "layers/archive/tar_writer.hpp"
#include "layers/digest.hpp"
#include "layers/local_image_service.hpp"
#include "layers/reference.hpp"

namespace mydocker::layers {

namespace {

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_write_free)>;

struct FdSink {
  int fd;
  std::optional<Error> error;
};

la_ssize_t on_write(archive*, void* data, const void* buf, size_t n) {
  auto* sink = static_cast<FdSink*>(data);
  auto written = write_all_fd(sink->fd, std::string_view(static_cast<const char*>(buf), n));
  if (!written) {
    sink->error = written.error();
    return -1;
  }
  return static_cast<la_ssize_t>(n);
}

Result<void> add_header(archive* a, const std::string& name, int64_t size, bool dir = false) {
  std::unique_ptr<archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(),
                                                                  archive_entry_free);
  archive_entry_set_pathname(e.get(), name.c_str());
  archive_entry_set_filetype(e.get(), dir ? AE_IFDIR : AE_IFREG);
  archive_entry_set_perm(e.get(), dir ? 0755 : 0644);
  archive_entry_set_size(e.get(), static_cast<la_int64_t>(size));
  if (archive_write_header(a, e.get()) != ARCHIVE_OK)
    return internal_error(std::string("write archive: ") + archive_error_text(a));
  return {};
}

Result<void> add_entry(archive* a, const std::string& name, std::string_view data, bool dir) {
  TRY_VOID(add_header(a, name, static_cast<int64_t>(data.size()), dir));
  for (size_t pos = 0; pos < data.size();) {
    la_ssize_t n = archive_write_data(a, data.data() + pos, data.size() - pos);
    if (n <= 0)
      return internal_error(std::string("write archive: ") + archive_error_text(a));
    pos += static_cast<size_t>(n);
  }
  return {};
}

// "busybox" (no tag, no digest): every tag of the repository is saved, as Docker does.
bool names_whole_repository(const std::string& name) {
  size_t slash = name.rfind('/');
  size_t colon = name.rfind(':');
  return name.find('@') == std::string::npos &&
         (colon == std::string::npos || (slash != std::string::npos && colon < slash));
}

} // namespace

// Image ID -> tags to record, in the order the names came. By ID: no tags; "busybox": every
// tag of the repository; "busybox:1": that tag.
Result<std::vector<std::pair<std::string, std::vector<std::string>>>>
LocalImageService::save_targets(const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, std::vector<std::string>>> wanted;
  auto entry = [&](const std::string& id) -> std::vector<std::string>& {
    for (auto& [have, tags] : wanted)
      if (have == id)
        return tags;
    return wanted.emplace_back(id, std::vector<std::string>{}).second;
  };
  for (const auto& name : names) {
    std::string id = TRY(resolve_id(name));
    auto& tags = entry(id);
    auto ref = parse_reference(name);
    if (!ref || name.rfind("sha256:", 0) == 0 || m_tags.lookup(ref->familiar_string()) != id)
      continue;
    if (!names_whole_repository(name)) {
      tags.push_back(ref->familiar_string());
      continue;
    }
    for (const auto& image : list())
      for (const auto& tag : image.repo_tags)
        if (auto r = parse_reference(tag); r && r->familiar_name() == ref->familiar_name())
          entry(image.id).push_back(tag);
  }
  for (auto& [id, tags] : wanted) {
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
  }
  return wanted;
}

Result<void> LocalImageService::save(const std::vector<std::string>& names, int out_fd) {
  auto wanted = TRY(save_targets(names));
  std::lock_guard lock(m_mutex); // no rmi may drop a layer while it is being read
  ArchivePtr a(archive_write_new(), archive_write_free);
  archive_write_set_format_pax_restricted(a.get());
  archive_write_set_bytes_in_last_block(a.get(), 1);
  FdSink sink{out_fd, std::nullopt};
  if (archive_write_open(a.get(), &sink, nullptr, on_write, nullptr) != ARCHIVE_OK)
    return internal_error("open archive writer");
  auto fail = [&](const Error& e) -> Result<void> {
    return tl::unexpected(sink.error ? *sink.error : e);
  };
  for (const char* dir : {"blobs/", "blobs/sha256/"})
    if (auto added = add_entry(a.get(), dir, "", true); !added)
      return fail(added.error());
  std::vector<SavedImage> saved;
  std::map<std::string, int64_t> written; // blob digest -> size
  for (auto& [id, tags] : wanted) {
    auto image = save_image(a.get(), id, tags, written);
    if (!image)
      return fail(image.error());
    saved.push_back(std::move(*image));
  }
  for (const auto& [name, content] : save_layout(saved).files)
    if (auto added = add_entry(a.get(), name, content, false); !added)
      return fail(added.error());
  if (archive_write_close(a.get()) != ARCHIVE_OK)
    return fail(Error{Errc::Internal, 0, "close archive"});
  return {};
}

// Writes one image's config and the layers not written yet; returns what the layout names.
// Layers stream from their blobs: counted in a first pass (a tar header needs the size), then
// copied, so no layer is ever whole in memory.
Result<SavedImage> LocalImageService::save_image(archive* a, const std::string& id,
                                                 const std::vector<std::string>& tags,
                                                 std::map<std::string, int64_t>& written) {
  Image image = TRY(load(id));
  std::string config = TRY(m_configs.get(id));
  SavedImage saved{id, static_cast<int64_t>(config.size()), tags, {}};
  if (written.emplace(id, saved.config_size).second)
    TRY_VOID(add_entry(a, blob_name(id), config, false));
  auto chains = chain_ids(image.diff_ids);
  for (size_t i = 0; i < chains.size(); ++i) {
    const std::string& diff_id = image.diff_ids[i];
    if (auto done = written.find(diff_id); done != written.end()) {
      saved.layers.push_back({diff_id, done->second});
      continue;
    }
    // The blob decompressed is exactly the tar whose digest is the diff ID.
    std::string blob = m_layers.blob_path(chains[i]);
    int64_t size = TRY(decompress_file(blob, [](std::string_view) -> Result<void> { return {}; }));
    TRY_VOID(add_header(a, blob_name(diff_id), size));
    TRY(decompress_file(blob, [a](std::string_view data) -> Result<void> {
      if (archive_write_data(a, data.data(), data.size()) != static_cast<la_ssize_t>(data.size()))
        return internal_error(std::string("write archive: ") + archive_error_text(a));
      return {};
    }));
    written.emplace(diff_id, size);
    saved.layers.push_back({diff_id, size});
  }
  return saved;
}

} // namespace mydocker::layers
