// --cache-from (the classic builder's semantics, moby image/cache): a step missing from the
// local cache is reused from a cache-from image T whose history extends the current image
// P by exactly this step: P's history and layers are a prefix of T's, and T's next
// history entry was made by the same command. The result is T itself, one of T's local
// ancestors (T was built here), or an image made from P and T's next layer (T was pulled
// or loaded).
#include "builder/build_job.hpp"
#include "common/log.hpp"
#include "layers/build_support.hpp"

namespace mydocker::builder {

using nlohmann::json;

namespace {

json history_of(const layers::Image& image) {
  json h = image.config_blob.value("history", json::array());
  return h.is_array() ? h : json::array();
}

bool same_step(const json& a, const json& b) {
  return a.value("created_by", "") == b.value("created_by", "") &&
         a.value("empty_layer", false) == b.value("empty_layer", false);
}

// P's history and layers are a prefix of T's, and T has more history than P.
bool extends(const layers::Image& target, const layers::Image* parent) {
  json th = history_of(target), ph = parent ? history_of(*parent) : json::array();
  if (th.size() <= ph.size())
    return false;
  for (size_t i = 0; i < ph.size(); ++i)
    if (!same_step(ph[i], th[i]))
      return false;
  const auto& pd = parent ? parent->diff_ids : std::vector<std::string>{};
  return pd.size() <= target.diff_ids.size() &&
         std::equal(pd.begin(), pd.end(), target.diff_ids.begin());
}

} // namespace

void BuildJob::load_cache_sources() {
  for (const auto& ref : m_request.cache_from) {
    if (auto image = m_deps.images.inspect(ref))
      m_cache_sources.push_back(*image);
    else // as dockerd: a missing cache source only makes the build colder
      log::info("build: cache-from image " + ref + " not found");
  }
}

std::optional<layers::Image> BuildJob::cache_from_hit(const std::string& created_by) {
  std::optional<layers::Image> parent;
  if (!m_stage->image_id.empty()) {
    auto found = m_deps.images.inspect(m_stage->image_id);
    if (!found)
      return std::nullopt;
    parent = *found;
  }
  const layers::Image* p = parent ? &*parent : nullptr;
  size_t depth = p ? history_of(*p).size() : 0;
  for (const auto& target : m_cache_sources) {
    if (!extends(target, p) || history_of(target)[depth].value("created_by", "") != created_by)
      continue;
    auto image = step_image_of(target, p, depth, created_by);
    if (!image)
      continue;
    m_cache_sources = {target}; // as moby: stay on one source once it matched
    return image;
  }
  return std::nullopt;
}

// The image of T's chain `depth + 1` steps deep: T, a local ancestor, or a new one.
std::optional<layers::Image> BuildJob::step_image_of(const layers::Image& target,
                                                     const layers::Image* parent, size_t depth,
                                                     const std::string& created_by) {
  layers::Image at = target;
  while (history_of(at).size() > depth + 1 && !at.parent.empty()) {
    auto up = m_deps.images.inspect(at.parent);
    if (!up)
      break;
    at = *up;
  }
  if (history_of(at).size() == depth + 1 && extends(at, parent))
    return at;
  json step = history_of(target)[depth];
  size_t layers_below = parent ? parent->diff_ids.size() : 0;
  std::string diff_id;
  if (!step.value("empty_layer", false)) {
    if (layers_below >= target.diff_ids.size())
      return std::nullopt;
    diff_id = target.diff_ids[layers_below];
  }
  layers::ChildImageOptions options{parent ? parent->id : "", m_stage->config, created_by, "",
                                    diff_id};
  auto made = m_deps.images.create_child_image(options);
  if (!made)
    log::warn("build: cache-from " + target.id + ": " + made.error().message);
  return made ? std::optional(*made) : std::nullopt;
}

} // namespace mydocker::builder
