// One build: the stages of a parsed Dockerfile run step by step, each step one image
// (private to builder/).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "builder/build_cache.hpp"
#include "builder/build_context.hpp"
#include "builder/build_service.hpp"
#include "builder/dockerfile_parser.hpp"
#include "builder/shell_words.hpp"
#include "common/fd.hpp"
#include "common/scope_guard.hpp"

namespace mydocker::builder {

struct CopyPlan; // builder/copy_plan.hpp

struct StageState {
  std::string name;     // "AS name", lower case
  std::string image_id; // the current image; "" = FROM scratch, nothing committed yet
  nlohmann::json config = nlohmann::json::object(); // the image's "config" object
  std::map<std::string, std::string> args;          // ARGs declared in the stage, with a value
  bool cmd_set = false;                             // CMD given in this stage
};

struct BuildDeps {
  engine::ContainerService& containers;
  layers::ImageService& images;
  BuildCache& cache;
  std::string work_dir; // scratch space for this build
};

class BuildJob {
public:
  BuildJob(BuildDeps deps, const BuildRequest& request, const BuildOutput& output,
           BuildContext& context, char escape);
  // The final image ID; a failed step's error (exit_code() tells RUN's code).
  Result<std::string> run(const std::vector<Instruction>& instructions);
  int exit_code() const { return m_exit_code; }
  const std::set<std::string>& used_args() const { return m_used_args; }

private:
  Result<void> run_stage(const std::vector<Instruction>& stage, int& step, int total);
  Result<void> step(const Instruction& in);
  Result<void> from(const Instruction& in);
  Result<layers::Image> base_image(const std::string& reference);
  Result<void> run_triggers();
  Result<void> metadata(const Instruction& in); // build/step_meta.cpp
  Result<std::string> apply_metadata(const Instruction& in);
  Result<std::string> apply_arg(const Instruction& in);
  Result<std::string> apply_healthcheck(const Instruction& in);
  Result<void> run_command(const Instruction& in); // build/step_run.cpp
  Result<int> run_container(const std::string& id);
  Result<void> remove_step_container(const std::string& id);
  std::vector<std::string> run_env();
  Result<std::string> create_step_container(const std::vector<std::string>& argv,
                                            const std::vector<std::string>& env);
  Result<void> copy(const Instruction& in); // build/step_copy.cpp
  Result<Fd> open_copy_source(bool downloaded, const CopyPlan& plan, Rollback& undo);
  Result<void> write_layer(int source, const CopyPlan& plan, const std::string& key,
                           Rollback& undo);
  Result<std::string> resolve_copy_from(const std::string& from);
  Result<bool> download_sources(CopyPlan& plan);

  // Reuses the cached image of `key`, else one of --cache-from's whose history continues
  // with `created_by` (and prints Docker's lines): true on a hit.
  bool use_cache(const std::string& key, const std::string& created_by);
  void load_cache_sources(); // builder/cache_from.cpp
  std::optional<layers::Image> cache_from_hit(const std::string& created_by);
  std::optional<layers::Image> step_image_of(const layers::Image& target,
                                             const layers::Image* parent, size_t depth,
                                             const std::string& created_by);
  // Commits a child of the current image (maybe with `layer_dir`), caches it under `key`.
  Result<void> commit(const std::string& key, const std::string& created_by,
                      const std::string& layer_dir);
  void say(const std::string& text);
  VarLookup vars() const;                   // ENV of the stage, then its ARGs
  VarLookup meta_vars() const;              // the ARGs before the first FROM
  std::vector<std::string> arg_env() const; // ARGs with values, as RUN's environment
  std::string cache_key(const std::string& step_text) const;

  BuildDeps m_deps;
  const BuildRequest& m_request;
  const BuildOutput& m_output;
  BuildContext& m_context;
  char m_escape;
  std::map<std::string, std::string> m_meta_args; // ARGs before the first FROM
  std::vector<StageState> m_stages;
  StageState* m_stage = nullptr;
  std::set<std::string> m_used_args;
  std::vector<layers::Image> m_cache_sources; // --cache-from, resolved
  int m_exit_code = 1;
};

// RUN/CMD/ENTRYPOINT argv: the exec form, or the shell form through the stage's SHELL.
std::vector<std::string> step_command(const Instruction& in, const nlohmann::json& config);

// A string field of an image config; "" when missing, null or not a string.
std::string config_string(const nlohmann::json& config, const char* key);

// "sha256:<hex>" -> the 12 hex digits Docker prints.
std::string short_image_id(const std::string& id);

} // namespace mydocker::builder
