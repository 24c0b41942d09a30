#include "builder/build_job.hpp"

#include <algorithm>
#include <cctype>

#include "layers/build_support.hpp"

namespace mydocker::builder {

using nlohmann::json;

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// Instructions grouped by FROM; the ARGs before the first FROM are returned apart.
std::vector<std::vector<Instruction>> split_stages(const std::vector<Instruction>& all,
                                                   std::vector<Instruction>& meta_args) {
  std::vector<std::vector<Instruction>> stages;
  for (const auto& in : all) {
    if (in.keyword == "FROM")
      stages.emplace_back();
    if (stages.empty())
      meta_args.push_back(in);
    else
      stages.back().push_back(in);
  }
  return stages;
}

std::string stage_name(const Instruction& from) {
  std::vector<std::string> words;
  std::string w;
  for (char c : from.rest + " ")
    if (c == ' ' || c == '\t') {
      if (!w.empty())
        words.push_back(w);
      w.clear();
    } else {
      w += c;
    }
  return words.size() == 3 && lower(words[1]) == "as" ? lower(words[2]) : "";
}

} // namespace

std::string config_string(const json& config, const char* key) {
  auto it = config.find(key);
  return it != config.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string short_image_id(const std::string& id) {
  std::string hex = id.rfind("sha256:", 0) == 0 ? id.substr(7) : id;
  return hex.substr(0, 12);
}

BuildJob::BuildJob(BuildDeps deps, const BuildRequest& request, const BuildOutput& output,
                   BuildContext& context, char escape)
    : m_deps(std::move(deps)), m_request(request), m_output(output), m_context(context),
      m_escape(escape) {}

Result<std::string> BuildJob::run(const std::vector<Instruction>& instructions) {
  std::vector<Instruction> meta;
  auto stages = split_stages(instructions, meta);
  for (const auto& in : meta) {
    if (in.keyword != "ARG")
      return invalid_argument("no build stage in current context");
    TRY(apply_arg(in));
  }
  if (stages.empty())
    return invalid_argument("file with no instructions");
  size_t last = stages.size() - 1;
  if (!m_request.target.empty()) {
    auto it = std::find_if(stages.begin(), stages.end(), [&](const auto& s) {
      return stage_name(s.front()) == lower(m_request.target);
    });
    if (it == stages.end())
      return invalid_argument("failed to reach build target " + m_request.target +
                              " in Dockerfile");
    last = size_t(it - stages.begin());
  }
  int total = 0;
  for (size_t i = 0; i <= last; ++i)
    total += int(stages[i].size());
  m_stages.reserve(last + 1);
  if (!m_request.no_cache)
    load_cache_sources();
  int step_number = 0;
  for (size_t i = 0; i <= last; ++i)
    TRY_VOID(run_stage(stages[i], step_number, total));
  return m_stage->image_id;
}

Result<void> BuildJob::run_stage(const std::vector<Instruction>& stage, int& step_number,
                                 int total) {
  for (const auto& in : stage) {
    say("Step " + std::to_string(++step_number) + "/" + std::to_string(total) + " : " +
        in.original + "\n");
    TRY_VOID(step(in));
  }
  return {};
}

Result<void> BuildJob::step(const Instruction& in) {
  if (in.keyword == "FROM")
    return from(in);
  if (in.keyword == "RUN")
    return run_command(in);
  if (in.keyword == "COPY" || in.keyword == "ADD")
    return copy(in);
  return metadata(in);
}

Result<void> BuildJob::from(const Instruction& in) {
  auto words = TRY(expand_words(in.rest, meta_vars(), m_escape));
  if (words.size() != 1 && !(words.size() == 3 && lower(words[1]) == "as"))
    return invalid_argument("FROM requires either one or three arguments");
  StageState next;
  next.name = words.size() == 3 ? lower(words[2]) : "";
  std::string base = words[0];
  auto prior = std::find_if(m_stages.begin(), m_stages.end(), [&](const StageState& s) {
    return !s.name.empty() && s.name == lower(base);
  });
  if (prior != m_stages.end()) {
    next.image_id = prior->image_id;
    next.config = prior->config;
  } else if (lower(base) != "scratch") {
    layers::Image image = TRY(base_image(base));
    next.image_id = image.id;
    next.config = image.config_blob.value("config", json::object());
    if (!next.config.is_object())
      next.config = json::object();
  }
  m_stages.push_back(std::move(next));
  m_stage = &m_stages.back();
  if (!m_stage->image_id.empty())
    say(" ---> " + short_image_id(m_stage->image_id) + "\n");
  return run_triggers();
}

// FROM's image: pulled when missing, or always with --pull (then a failed pull fails the
// build, as dockerd's); the pull's progress goes into the build's stream.
Result<layers::Image> BuildJob::base_image(const std::string& reference) {
  if (!m_request.pull)
    if (auto local = m_deps.images.inspect(reference))
      return *local;
  TRY(m_deps.images.pull(reference, {}, [this](const json& message) {
    if (!m_request.quiet)
      m_output(message);
  }));
  return m_deps.images.inspect(reference);
}

// Docker runs the base image's ONBUILD triggers right after FROM, then forgets them.
Result<void> BuildJob::run_triggers() {
  json triggers = m_stage->config.value("OnBuild", json::array());
  if (!triggers.is_array() || triggers.empty())
    return {};
  m_stage->config.erase("OnBuild");
  say("# Executing " + std::to_string(triggers.size()) + " build trigger" +
      (triggers.size() == 1 ? "" : "s") + "\n");
  for (const auto& t : triggers) {
    if (!t.is_string())
      continue;
    TRY_VOID(step(TRY(parse_instruction_line(t.get<std::string>(), 0))));
  }
  return {};
}

void BuildJob::say(const std::string& text) {
  if (!m_request.quiet)
    m_output(json{{"stream", text}});
}

VarLookup BuildJob::vars() const {
  return [this](const std::string& name) -> std::optional<std::string> {
    const json& env = m_stage->config.value("Env", json::array());
    std::vector<std::string> list;
    for (const auto& e : env)
      if (e.is_string())
        list.push_back(e.get<std::string>());
    if (auto v = lookup_in(list)(name))
      return v;
    auto it = m_stage->args.find(name);
    return it == m_stage->args.end() ? std::nullopt : std::optional(it->second);
  };
}

VarLookup BuildJob::meta_vars() const {
  return [this](const std::string& n) -> std::optional<std::string> {
    auto it = m_meta_args.find(n);
    return it == m_meta_args.end() ? std::nullopt : std::optional(it->second);
  };
}

std::vector<std::string> BuildJob::arg_env() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : m_stage->args)
    out.push_back(k + "=" + v);
  return out;
}

std::string BuildJob::cache_key(const std::string& step_text) const {
  return m_stage->image_id + "\n" + step_text;
}

bool BuildJob::use_cache(const std::string& key, const std::string& created_by) {
  if (m_request.no_cache)
    return false;
  std::optional<layers::Image> image;
  if (auto id = m_deps.cache.get(key))
    if (auto found = m_deps.images.inspect(*id)) // else removed since: not a hit
      image = *found;
  if (!image && !m_cache_sources.empty()) {
    image = cache_from_hit(created_by);
    if (image)
      (void)m_deps.cache.put(key, image->id); // the next build hits locally
  }
  if (!image)
    return false;
  m_stage->image_id = image->id;
  json config = image->config_blob.value("config", json::object());
  m_stage->config = config.is_object() ? config : json::object();
  say(" ---> Using cache\n ---> " + short_image_id(image->id) + "\n");
  return true;
}

Result<void> BuildJob::commit(const std::string& key, const std::string& created_by,
                              const std::string& layer_dir) {
  layers::ChildImageOptions options{m_stage->image_id, m_stage->config, created_by, layer_dir};
  layers::Image image = TRY(m_deps.images.create_child_image(options));
  m_stage->image_id = image.id;
  TRY_VOID(m_deps.cache.put(key, image.id));
  say(" ---> " + short_image_id(image.id) + "\n");
  return {};
}

} // namespace mydocker::builder
