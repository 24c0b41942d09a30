// BuildService: Dockerfile builds with Docker's classic builder semantics (POST /build).
// RUN steps are containers of the ContainerService, COPY/ADD write into a fresh layer
// through a detached overlay, every step is one image; a persistent cache reuses steps.
// Synchronous and Asio-free (the route runs it on the blocking pool).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "engine/container_service.hpp"
#include "layers/image_service.hpp"

namespace mydocker::builder {

struct BuildRequest {
  std::vector<std::string> tags;                                // t (repeated)
  std::string dockerfile = "Dockerfile";                        // path inside the context
  std::map<std::string, std::optional<std::string>> build_args; // null: from the environment
  std::map<std::string, std::string> labels;
  std::string target;
  std::string platform;
  std::string network_mode; // "" = default
  bool no_cache = false;
  bool remove = true;                  // rm
  bool force_remove = false;           // forcerm
  bool quiet = false;                  // q
  bool pull = false;                   // pull: FROM images pulled even when present
  std::vector<std::string> cache_from; // cachefrom: images whose history stands in for the cache
};

// A step that failed after the build started: reported in the stream, not as an HTTP error.
struct BuildResult {
  std::string image_id; // "sha256:..." when it succeeded
  std::string error;
  int error_code = 0; // RUN's exit code, else 1
  bool ok() const { return error.empty(); }
};

// Each message is one JSON line of the stream ({"stream": ...}, {"aux": ...}).
using BuildOutput = std::function<void(const nlohmann::json&)>;

class BuildCache;

class BuildService {
public:
  BuildService(std::string data_root, engine::ContainerService& containers,
               layers::ImageService& images);
  ~BuildService();
  Result<void> init();
  // `context` is the tar the client sent (maybe compressed; may be empty with a remote
  // Dockerfile). Errors before the first step are Results (HTTP errors, as dockerd's).
  Result<BuildResult> build(std::string_view context, const BuildRequest& request,
                            const BuildOutput& output);
  // POST /build/prune: drops the cache records; Docker's {"CachesDeleted":[],"SpaceReclaimed":N}.
  Result<nlohmann::json> prune();

private:
  std::string m_root; // <data-root>/builder
  engine::ContainerService& m_containers;
  layers::ImageService& m_images;
  std::unique_ptr<BuildCache> m_cache;
};

} // namespace mydocker::builder
