#include "layers/registry/layer_pipeline.hpp"

#include <unistd.h>

#include <algorithm>

#include <chrono>

#include "common/atomic_file.hpp"
#include "common/log.hpp"
#include "common/random_id.hpp"
#include "layers/guarded_call.hpp"
#include "layers/registry/progress.hpp"

namespace mydocker::layers::registry {

namespace {
std::string elapsed_ms(std::chrono::steady_clock::time_point since) {
  auto d = std::chrono::steady_clock::now() - since;
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()) + " ms";
}
} // namespace

Result<std::vector<LayerJob>> plan_layers(const Manifest& manifest, const api::ImageConfig& config,
                                          const LayerStore& store) {
  const std::vector<std::string>& diff_ids = config.rootfs.diff_ids;
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
    job.parent = parent;
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
  // Biggest first: the largest layer's extraction is the pull's critical path.
  std::stable_sort(m_queue.begin(), m_queue.end(),
                   [&](size_t a, size_t b) { return m_jobs[a].blob.size > m_jobs[b].blob.size; });
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
    auto done = guarded_call("pull layer", [&] { return fetch_and_extract(index); });
    std::lock_guard lock(m_mutex);
    if (!done) {
      m_jobs[index].error = done.error();
      m_stop = true; // the pull fails: start nothing new
    }
  }
}

Result<void> LayerPipeline::fetch_and_extract(size_t index) {
  std::string file = TRY(download(index));
  return extract(index, file);
}

Result<std::string> LayerPipeline::download(size_t index) {
  const LayerJob& job = m_jobs[index]; // only `error` changes, under the mutex
  Throttle throttle;
  DownloadHooks hooks;
  hooks.progress = [&](int64_t current, int64_t total) {
    if (throttle.ready(current, total))
      m_progress(layer_progress("Downloading", job.id, current, total));
  };
  hooks.verifying = [&] { m_progress(layer_step("Verifying Checksum", job.id)); };
  auto started = std::chrono::steady_clock::now();
  std::string file = TRY(download_blob(m_client, m_repository, job.blob, m_downloads, hooks));
  log::debug("blob " + job.blob.digest + " downloaded in " + elapsed_ms(started));
  m_progress(layer_step("Download complete", job.id));
  return file;
}

// Layers are separate directories (overlay lower dirs), so each is extracted as soon as
// its blob is verified, in parallel with the others; only the image needs them all.
Result<void> LayerPipeline::extract(size_t index, const std::string& file) {
  const LayerJob& job = m_jobs[index];
  m_progress(layer_progress("Extracting", job.id, job.blob.size, job.blob.size));
  auto started = std::chrono::steady_clock::now();
  auto layer = m_store.create_from_blob(file, job.blob.media_type, job.parent, job.diff_id);
  log::debug("layer " + job.blob.digest + " extracted in " + elapsed_ms(started));
  if (::access(file.c_str(), F_OK) == 0)
    ::unlink(file.c_str()); // the layer existed already: the blob was not moved
  if (!layer)
    return tl::unexpected(layer.error());
  forget_download(m_downloads, job.blob.digest);
  m_progress(layer_step("Pull complete", job.id));
  return {};
}

// A blob that appears twice: the layer made from it first lends its stored copy.
Result<void> LayerPipeline::extract_repeated(size_t index) {
  const LayerJob& source = m_jobs[static_cast<size_t>(m_jobs[index].same_as)];
  std::string copy = m_downloads + "/tmp-" + random_hex_id(8);
  std::string data = TRY(read_file(m_store.blob_path(source.chain)));
  TRY_VOID(write_file_replace(copy, data));
  return extract(index, copy);
}

Result<bool> LayerPipeline::run() {
  announce();
  size_t threads = std::min(m_concurrency, m_queue.size());
  for (size_t t = 0; t < threads; ++t)
    m_threads.emplace_back([this] { worker(); });
  for (auto& t : m_threads)
    t.join();
  m_threads.clear();
  for (const auto& job : m_jobs)
    if (job.error)
      return tl::unexpected(*job.error);
  for (size_t i = 0; i < m_jobs.size(); ++i)
    if (!m_jobs[i].present && m_jobs[i].same_as >= 0)
      TRY_VOID(extract_repeated(i));
  return !m_queue.empty();
}

} // namespace mydocker::layers::registry
