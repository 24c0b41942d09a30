// The layers of one pull: a fixed number of workers each download a blob (verified while
// it streams) and extract it at once, so downloads and extractions overlap and run in
// parallel; layers already present are skipped by chain ID. Emits Docker's per-layer
// progress messages. Nothing refers to a layer until the image is recorded, so the
// order in which layers land does not matter.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "api/types/image_config.hpp"
#include "layers/image_service.hpp"
#include "layers/layer_store.hpp"
#include "layers/registry/distribution.hpp"

namespace mydocker::layers::registry {

struct LayerJob {
  Descriptor blob;
  std::string diff_id;
  std::string chain;
  std::string parent;   // chain ID below this layer, "" for the base
  std::string id;       // short blob digest shown in progress
  bool present = false; // the chain is already in the store
  int same_as = -1;     // an earlier job downloads the same blob
  std::optional<Error> error;
};

// Jobs for a manifest and its image config (diff IDs); InvalidArgument if they disagree.
Result<std::vector<LayerJob>> plan_layers(const Manifest& manifest, const api::ImageConfig& config,
                                          const LayerStore& store);

class LayerPipeline {
public:
  LayerPipeline(RegistryClient& client, std::string repository, std::vector<LayerJob> jobs,
                LayerStore& store, std::string downloads_dir, int concurrency,
                const ProgressFn& progress);
  ~LayerPipeline(); // stops and joins the download threads
  // True when at least one layer had to be fetched.
  Result<bool> run();

private:
  void announce();
  void worker();
  Result<void> fetch_and_extract(size_t index);
  Result<std::string> download(size_t index);
  Result<void> extract(size_t index, const std::string& file);
  Result<void> extract_repeated(size_t index);

  RegistryClient& m_client;
  std::string m_repository;
  std::vector<LayerJob> m_jobs;
  LayerStore& m_store;
  std::string m_downloads;
  size_t m_concurrency;
  const ProgressFn& m_progress;
  std::vector<size_t> m_queue; // jobs to download, in order
  size_t m_next = 0;
  bool m_stop = false;
  std::mutex m_mutex;
  std::vector<std::thread> m_threads;
};

} // namespace mydocker::layers::registry
