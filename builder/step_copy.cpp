// COPY and ADD: sources from the context (or --from a stage or image), resolved inside
// their root; written into a fresh layer through a writable detached overlay of the current
// image, without running a container; cached on the sources' content checksums.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "builder/build_job.hpp"
#include "builder/confined_fs.hpp"
#include "builder/copy_plan.hpp"
#include "builder/url_fetch.hpp"
#include "common/atomic_file.hpp"
#include "common/random_id.hpp"
#include "common/scope_guard.hpp"
#include "layers/build_support.hpp"

namespace mydocker::builder {

using nlohmann::json;

namespace {

// The image's tree as a root fd, through a throwaway container layer (removed by `undo`).
Result<Fd> open_image_root(layers::ImageService& images, const std::string& image_id,
                           const std::string& layer_id, Rollback& undo, bool writable,
                           std::string& upper_dir) {
  layers::ContainerLayer layer = TRY(images.create_container_layer(layer_id, image_id));
  undo.add([&images, layer_id] { (void)images.remove_container_layer(layer_id); });
  upper_dir = layer.upper_dir;
  Fd view = writable ? TRY(layers::open_writable_view(layer)) : TRY(layers::open_lower_view(layer));
  if (!view) // an image without layers: its (empty) upper dir will do
    view = Fd(::open(layer.upper_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!view)
    return sys_error("open " + layer.upper_dir);
  return view;
}

} // namespace

// The root the sources are copied from: the downloads, the unpacked context or --from's.
Result<Fd> BuildJob::open_copy_source(bool downloaded, const CopyPlan& plan, Rollback& undo) {
  Fd source;
  if (downloaded) {
    source =
        Fd(::open((m_deps.work_dir + "/downloads").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  } else if (plan.from.empty()) {
    source = Fd(::open(TRY(m_context.dir()).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  } else {
    std::string image = TRY(resolve_copy_from(plan.from));
    std::string ignored;
    source = TRY(
        open_image_root(m_deps.images, image, "build-" + random_hex_id(12), undo, false, ignored));
  }
  if (!source)
    return sys_error("open the build context");
  return source;
}

Result<void> BuildJob::copy(const Instruction& in) {
  CopyPlan plan = TRY(plan_copy(in, vars(), m_escape, m_stage->config));
  Rollback undo;
  bool downloaded = in.keyword == "ADD" && TRY(download_sources(plan));
  // Context sources are looked up in the in-memory index: a cache hit unpacks nothing.
  const ContextIndex* index = !downloaded && plan.from.empty() ? m_context.index() : nullptr;
  Fd source;
  if (index) {
    TRY_VOID(resolve_sources(*index, plan));
  } else {
    source = TRY(open_copy_source(downloaded, plan, undo));
    TRY_VOID(resolve_sources(RootFdTree(source.get()), plan));
  }
  std::string key = cache_key(in.keyword + " " + plan.key_text());
  if (use_cache(key, "/bin/sh -c #(nop) " + plan.history_text()))
    return {};
  if (!source)
    source = TRY(open_copy_source(downloaded, plan, undo));
  return write_layer(source.get(), plan, key, undo);
}

// A child of the current image whose one layer holds the copied sources.
Result<void> BuildJob::write_layer(int source, const CopyPlan& plan, const std::string& key,
                                   Rollback& undo) {
  std::string upper;
  Fd root;
  if (m_stage->image_id.empty()) { // FROM scratch: a plain directory is the whole tree
    upper = m_deps.work_dir + "/layer-" + random_hex_id(8);
    std::filesystem::create_directories(upper);
    undo.add([upper] {
      std::error_code ec;
      std::filesystem::remove_all(upper, ec);
    });
    root = Fd(::open(upper.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  } else {
    root = TRY(open_image_root(m_deps.images, m_stage->image_id, "build-" + random_hex_id(12), undo,
                               true, upper));
  }
  if (!root)
    return sys_error("open " + upper);
  TRY_VOID(write_sources(source, root.get(), plan));
  root = Fd(); // the detached mount goes: its upper dir holds the layer
  return commit(key, "/bin/sh -c #(nop) " + plan.history_text(), upper);
}

// ADD of http:// URLs (all its sources): each downloaded into work_dir/downloads, which
// becomes the step's source root; files get mode 0600 unless --chmod says otherwise.
Result<bool> BuildJob::download_sources(CopyPlan& plan) {
  auto is_url = [](const std::string& s) { return s.find("://") != std::string::npos; };
  if (plan.sources.empty() || !std::all_of(plan.sources.begin(), plan.sources.end(), is_url))
    return false;
  std::string dir = m_deps.work_dir + "/downloads";
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir);
  std::vector<std::string> names;
  for (const auto& url : plan.sources) {
    std::string name = url_file_name(url);
    if (name.empty() || name == "." || name == "..")
      name = "download";
    TRY_VOID(write_file_replace(dir + "/" + name, TRY(fetch_url(url)), 0600));
    names.push_back(name);
  }
  plan.sources = names;
  if (!plan.chmod)
    plan.chmod = 0600;
  return true;
}

// --from: an earlier stage by name or index, else an image (pulled if missing).
Result<std::string> BuildJob::resolve_copy_from(const std::string& from) {
  for (size_t i = 0; i < m_stages.size() && &m_stages[i] != m_stage; ++i) {
    if (m_stages[i].name == from || std::to_string(i) == from)
      return m_stages[i].image_id;
  }
  auto image = m_deps.images.inspect(from);
  if (!image) {
    TRY(m_deps.images.pull(from, {}, [](const json&) {}));
    image = m_deps.images.inspect(from);
  }
  if (!image)
    return tl::unexpected(image.error());
  return image->id;
}

} // namespace mydocker::builder
