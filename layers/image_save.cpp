// docker save: images with their configs and uncompressed layer tars, in the archive
// layout of Docker 25+ (legacy manifest.json and the OCI image layout in one tar).
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <set>

#include "common/atomic_file.hpp"
#include "common/event_bus.hpp"
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

Result<SavePlan> LocalImageService::plan_save(const std::vector<std::string>& names) {
  std::lock_guard lock(m_mutex);
  SavePlan plan;
  for (auto& [id, tags] : TRY(save_targets(names))) {
    Image image = TRY(load(id));
    plan.items.push_back({id, tags, TRY(m_configs.get(id)), image.diff_ids});
    auto chains = chain_ids(image.diff_ids);
    for (size_t i = 0; i < chains.size(); ++i) {
      if (plan.blobs.count(image.diff_ids[i]))
        continue;
      std::string path = m_layers.blob_path(chains[i]);
      Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
      if (!fd)
        return sys_error("open layer " + chains[i]);
      plan.blobs.emplace(image.diff_ids[i], std::move(fd));
    }
  }
  return plan;
}

namespace {

// A layer's tar from its held-open blob: counted in a first pass (a tar header needs the
// size), then copied, so no layer is ever whole in memory. The blob decompressed is exactly
// the tar whose digest is the diff ID.
Result<int64_t> add_layer(archive* a, const std::string& diff_id, int blob_fd) {
  std::string path = "/proc/self/fd/" + std::to_string(blob_fd); // reopened: own offset
  int64_t size = TRY(decompress_file(path, [](std::string_view) -> Result<void> { return {}; }));
  TRY_VOID(add_header(a, blob_name(diff_id), size));
  TRY(decompress_file(path, [a](std::string_view data) -> Result<void> {
    if (archive_write_data(a, data.data(), data.size()) != static_cast<la_ssize_t>(data.size()))
      return internal_error(std::string("write archive: ") + archive_error_text(a));
    return {};
  }));
  return size;
}

Result<void> write_plan(archive* a, const SavePlan& plan) {
  for (const char* dir : {"blobs/", "blobs/sha256/"})
    TRY_VOID(add_entry(a, dir, "", true));
  std::vector<SavedImage> saved;
  std::map<std::string, int64_t> written; // blob digest -> size
  for (const auto& item : plan.items) {
    SavedImage image{item.id, static_cast<int64_t>(item.config.size()), item.tags, {}};
    if (written.emplace(item.id, image.config_size).second)
      TRY_VOID(add_entry(a, blob_name(item.id), item.config, false));
    for (const auto& diff_id : item.diff_ids) {
      if (!written.count(diff_id))
        written[diff_id] = TRY(add_layer(a, diff_id, plan.blobs.at(diff_id).get()));
      image.layers.push_back({diff_id, written[diff_id]});
    }
    saved.push_back(std::move(image));
  }
  for (const auto& [name, content] : save_layout(saved).files)
    TRY_VOID(add_entry(a, name, content, false));
  return {};
}

} // namespace

Result<void> LocalImageService::save(const std::vector<std::string>& names, int out_fd) {
  SavePlan plan = TRY(plan_save(names));
  ArchivePtr a(archive_write_new(), archive_write_free);
  archive_write_set_format_pax_restricted(a.get());
  archive_write_set_bytes_in_last_block(a.get(), 1);
  FdSink sink{out_fd, std::nullopt};
  if (archive_write_open(a.get(), &sink, nullptr, on_write, nullptr) != ARCHIVE_OK)
    return internal_error("open archive writer");
  auto written = write_plan(a.get(), plan);
  if (written && archive_write_close(a.get()) != ARCHIVE_OK)
    written = internal_error("close archive");
  if (!written) // a failed write to the client says more than libarchive's echo of it
    return tl::unexpected(sink.error ? *sink.error : written.error());
  for (const auto& name : names)
    if (auto id = resolve_id(name))
      events::publish_image("save", *id, *id);
  return {};
}

} // namespace mydocker::layers
