#include "builder/build_service.hpp"

#include "builder/build_cache.hpp"
#include "builder/build_context.hpp"
#include "builder/build_job.hpp"
#include "builder/dockerfile_check.hpp"
#include "builder/dockerfile_parser.hpp"
#include "common/atomic_file.hpp"
#include "common/log.hpp"
#include "common/random_id.hpp"

namespace mydocker::builder {

using nlohmann::json;

namespace {

// The build's --label values become one more LABEL step, as dockerd appends it.
void add_label_step(Dockerfile& dockerfile, const std::map<std::string, std::string>& labels) {
  if (labels.empty() || dockerfile.instructions.empty())
    return;
  std::string line = "LABEL";
  for (const auto& [k, v] : labels)
    line += " " + json(k).dump() + "=" + json(v).dump();
  auto in = parse_instruction_line(line, dockerfile.instructions.back().line);
  if (in)
    dockerfile.instructions.push_back(*in);
}

void report_unused_args(const BuildRequest& request, const std::set<std::string>& used,
                        const BuildOutput& output) {
  std::string unused;
  for (const auto& [name, value] : request.build_args)
    if (!used.count(name))
      unused += (unused.empty() ? "" : " ") + name;
  if (!unused.empty())
    output(
        json{{"stream", "[Warning] One or more build-args [" + unused + "] were not consumed\n"}});
}

// "app" -> "app:latest", as the "Successfully tagged" line shows it.
std::string shown_tag(const std::string& tag) {
  size_t slash = tag.rfind('/');
  size_t colon = tag.rfind(':');
  bool has_tag = colon != std::string::npos && (slash == std::string::npos || colon > slash);
  return has_tag || tag.find('@') != std::string::npos ? tag : tag + ":latest";
}

} // namespace

BuildService::BuildService(std::string data_root, engine::ContainerService& containers,
                           layers::ImageService& images)
    : m_root(data_root + "/builder"), m_containers(containers), m_images(images),
      m_cache(std::make_unique<BuildCache>(m_root + "/cache")) {}

BuildService::~BuildService() {
  m_images.set_deletion_hook({});
}

Result<void> BuildService::init() {
  TRY_VOID(make_dirs(m_root, 0700));
  std::error_code ec;
  std::filesystem::remove_all(m_root + "/tmp", ec); // leftovers of a build cut short
  TRY_VOID(make_dirs(m_root + "/tmp", 0700));
  TRY_VOID(m_cache->init());
  // rmi and image prune take the steps of the images they delete out of the cache.
  m_images.set_deletion_hook(
      [cache = m_cache.get()](const std::string& id) { cache->forget_image(id); });
  return {};
}

Result<BuildResult> BuildService::build(std::string_view tar, const BuildRequest& request,
                                        const BuildOutput& output) {
  BuildContext context = TRY(BuildContext::open(tar, m_root + "/tmp", request.dockerfile));
  std::string text = TRY(context.read_dockerfile(request.dockerfile));
  Dockerfile dockerfile = TRY(parse_dockerfile(text));
  TRY_VOID(check_dockerfile(dockerfile));
  TRY_VOID(context.apply_dockerignore());
  add_label_step(dockerfile, request.labels);
  for (const auto& w : dockerfile.warnings)
    log::warn("build: " + w);
  // Made only when a step needs scratch space (a cached build touches no disk).
  BuildDeps deps{m_containers, m_images, *m_cache, m_root + "/tmp/work-" + random_hex_id(8)};
  BuildJob job(deps, request, output, context, dockerfile.escape);
  auto id = job.run(dockerfile.instructions);
  std::error_code ec;
  std::filesystem::remove_all(deps.work_dir, ec);
  if (!id)
    return BuildResult{"", id.error().message, job.exit_code()};
  report_unused_args(request, job.used_args(), output);
  for (const auto& tag : request.tags)
    if (auto tagged = m_images.tag(*id, tag); !tagged)
      return BuildResult{"", tagged.error().message, 1};
  output(json{{"aux", {{"ID", *id}}}});
  if (request.quiet) {
    output(json{{"stream", *id + "\n"}});
    return BuildResult{*id, "", 0};
  }
  output(json{{"stream", "Successfully built " + short_image_id(*id) + "\n"}});
  for (const auto& tag : request.tags)
    output(json{{"stream", "Successfully tagged " + shown_tag(tag) + "\n"}});
  return BuildResult{*id, "", 0};
}

Result<json> BuildService::prune() {
  auto [names, bytes] = m_cache->clear();
  return json{{"CachesDeleted", names}, {"SpaceReclaimed", bytes}};
}

} // namespace mydocker::builder
