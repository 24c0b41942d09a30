#include "layers/registry/layer_pipeline.hpp"

#include <unistd.h>

#include "common/atomic_file.hpp"
#include "common/random_id.hpp"
#include "layers/registry/progress.hpp"

namespace mydocker::layers::registry {

Result<std::vector<LayerJob>> plan_layers(const Manifest& manifest, const nlohmann::json& config,
                                          const LayerStore& store) {
  std::vector<std::string> diff_ids;
  if (config.is_object() && config.contains("rootfs") && config["rootfs"].is_object() &&
      config["rootfs"].contains("diff_ids") && config["rootfs"]["diff_ids"].is_array())
    for (const auto& d : config["rootfs"]["diff_ids"])
      diff_ids.push_back(d.is_string() ? d.get<std::string>() : "");
  if (diff_ids.size() != manifest.layers.size())
    return invalid_argument("invalid image: " + std::to_string(manifest.layers.size()) +
                            " layers in the manifest but " + std::to_string(diff_ids.size()) +
                            " diff IDs in the config");
  std::vector<LayerJob> jobs;
  std::string parent;
  for (size_t i = 0; i < diff_ids.size(); ++i) {
    LayerJob job;
    job.blob = manifest.layers[i];
    job.diff_id = diff_ids[i];
    job.chain = parent = chain_id(parent, diff_ids[i]);
    job.id = layer_short_id(job.blob.digest);
    job.present = store.exists(job.chain);
    for (size_t k = 0; k < jobs.size() && !job.present; ++k)
      if (!jobs[k].present && jobs[k].same_as < 0 && jobs[k].blob.digest == job.blob.digest)
        job.same_as = static_cast<int>(k);
    jobs.push_back(std::move(job));
  }
  return jobs;
}

LayerPipeline::LayerPipeline(RegistryClient& client, std::string repository,
                             std::vector<LayerJob> jobs, LayerStore& store,
                             std::string downloads_dir, int concurrency, const ProgressFn& progress)
    : m_client(client), m_repository(std::move(repository)), m_jobs(std::move(jobs)),
      m_store(store), m_downloads(std::move(downloads_dir)),
      m_concurrency(static_cast<size_t>(std::max(1, concurrency))), m_progress(progress) {
  for (size_t i = 0; i < m_jobs.size(); ++i)
    if (!m_jobs[i].present && m_jobs[i].same_as < 0)
      m_queue.push_back(i);
}

LayerPipeline::~LayerPipeline() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  for (auto& t : m_threads)
    t.join();
}

void LayerPipeline::announce() {
  for (const auto& job : m_jobs)
    m_progress(layer_step(job.present ? "Already exists" : "Pulling fs layer", job.id));
  for (size_t q = m_concurrency; q < m_queue.size(); ++q)
    m_progress(layer_step("Waiting", m_jobs[m_queue[q]].id));
}

void LayerPipeline::worker() {
  for (;;) {
    size_t index;
    {
      std::lock_guard lock(m_mutex);
      if (m_stop || m_next >= m_queue.size())
        return;
      index = m_queue[m_next++];
    }
    download(index);
  }
}

void LayerPipeline::download(size_t index) {
  LayerJob job = m_jobs[index]; // the fields read here never change
  Throttle throttle;
  DownloadHooks hooks;
  hooks.progress = [&](int64_t current, int64_t total) {
    if (current > 0 && throttle.ready(current == total))
      m_progress(layer_progress("Downloading", job.id, current, total));
  };
  hooks.verifying = [&] { m_progress(layer_step("Verifying Checksum", job.id)); };
  auto file = download_blob(m_client, m_repository, job.blob, m_downloads, hooks);
  if (file)
    m_progress(layer_step("Download complete", job.id));
  std::lock_guard lock(m_mutex);
  if (file) {
    m_jobs[index].file = *file;
    m_jobs[index].downloaded = true;
  } else {
    m_jobs[index].error = file.error();
  }
  m_changed.notify_all();
}

// The downloaded blob of a job; a repeated blob is copied from the layer made of it first.
Result<std::string> LayerPipeline::blob_file(size_t index) {
  size_t source = m_jobs[index].same_as >= 0 ? static_cast<size_t>(m_jobs[index].same_as) : index;
  {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_jobs[source].downloaded || m_jobs[source].error; });
    if (m_jobs[source].error)
      return tl::unexpected(*m_jobs[source].error);
  }
  if (source == index)
    return m_jobs[index].file;
  std::string from = m_store.exists(m_jobs[source].chain) ? m_store.blob_path(m_jobs[source].chain)
                                                          : m_jobs[source].file;
  std::string copy = m_downloads + "/tmp-" + random_hex_id(8);
  std::string data = TRY(read_file(from));
  TRY_VOID(write_file_replace(copy, data));
  return copy;
}

Result<void> LayerPipeline::extract(size_t index, const std::string& parent) {
  std::string file = TRY(blob_file(index));
  const LayerJob& job = m_jobs[index];
  int64_t size = job.blob.size;
  m_progress(layer_progress("Extracting", job.id, size, size));
  auto layer = m_store.create_from_blob(file, job.blob.media_type, parent, job.diff_id);
  if (::access(file.c_str(), F_OK) == 0)
    ::unlink(file.c_str()); // the layer existed already: the blob was not moved
  if (!layer)
    return tl::unexpected(layer.error());
  m_progress(layer_step("Pull complete", job.id));
  return {};
}

Result<bool> LayerPipeline::run() {
  announce();
  size_t threads = std::min(m_concurrency, m_queue.size());
  for (size_t t = 0; t < threads; ++t)
    m_threads.emplace_back([this] { worker(); });
  std::string parent;
  for (size_t i = 0; i < m_jobs.size(); ++i) {
    if (!m_jobs[i].present)
      TRY_VOID(extract(i, parent));
    parent = m_jobs[i].chain;
  }
  return !m_queue.empty();
}

} // namespace mydocker::layers::registry
