#include "api/routes/image_json.hpp"

#include "common/time_format.hpp"

namespace mydocker::api {

using nlohmann::json;

namespace {

json or_null(const json& j, const char* key) {
  return j.contains(key) ? j[key] : json(nullptr);
}

// The container-Config shape with the image's fields filled (moby: below API 1.50).
json container_config_fields(const json& c) {
  json src = c.is_object() ? c : json::object();
  return {{"Hostname", ""},
          {"Domainname", ""},
          {"User", src.value("User", "")},
          {"AttachStdin", false},
          {"AttachStdout", false},
          {"AttachStderr", false},
          {"ExposedPorts", or_null(src, "ExposedPorts")},
          {"Tty", false},
          {"OpenStdin", false},
          {"StdinOnce", false},
          {"Env", or_null(src, "Env")},
          {"Cmd", or_null(src, "Cmd")},
          {"Image", ""},
          {"Volumes", or_null(src, "Volumes")},
          {"WorkingDir", src.value("WorkingDir", "")},
          {"Entrypoint", or_null(src, "Entrypoint")},
          {"OnBuild", or_null(src, "OnBuild")},
          {"Labels", or_null(src, "Labels")},
          {"StopSignal", src.value("StopSignal", "")}};
}

json container_config(const json& c) {
  json out = container_config_fields(c);
  if (c.is_object() && c.contains("Healthcheck")) // omitempty, as dockerd's (HEALTHCHECK)
    out["Healthcheck"] = c["Healthcheck"];
  return out;
}

json labels(const layers::Image& image) {
  if (image.config.labels.empty())
    return nullptr;
  return image.config.labels;
}

} // namespace

json image_list_item(const layers::Image& image) {
  return {{"Containers", -1},
          {"Created", image.created / 1'000'000'000},
          {"Id", image.id},
          {"Labels", labels(image)},
          {"ParentId", image.parent},
          {"RepoDigests", image.repo_digests},
          {"RepoTags", image.repo_tags},
          {"SharedSize", -1},
          {"Size", image.size}};
}

json image_inspect(const layers::Image& image) {
  const json& blob = image.config_blob;
  json config = container_config(blob.value("config", json()));
  return {{"Id", image.id},
          {"RepoTags", image.repo_tags},
          {"RepoDigests", image.repo_digests},
          {"Parent", image.parent},
          {"Comment", image.comment},
          {"Created", format_rfc3339_nano(image.created)},
          {"Container", ""},
          {"ContainerConfig", container_config(json::object())},
          {"DockerVersion", blob.value("docker_version", "")},
          {"Author", image.author},
          {"Config", config},
          {"Architecture", blob.value("architecture", "amd64")},
          {"Os", blob.value("os", "linux")},
          {"Size", image.size},
          {"GraphDriver", {{"Name", "overlay2"}, {"Data", json::object()}}},
          {"RootFS", {{"Type", "layers"}, {"Layers", image.diff_ids}}},
          {"Metadata", {{"LastTagTime", std::string(ZERO_TIME)}}}};
}

json image_history(const layers::Image& image,
                   const std::function<std::optional<layers::Image>(const std::string&)>& lookup) {
  // moby's order: each history entry, oldest first, takes the next layer unless empty_layer.
  json out = json::array();
  const json& history =
      image.config_blob.contains("history") ? image.config_blob["history"] : json::array();
  size_t layer = 0;
  for (const auto& h : history) {
    int64_t size = 0;
    if (!h.value("empty_layer", false) && layer < image.layer_sizes.size())
      size = image.layer_sizes[layer++];
    int64_t created = parse_rfc3339(h.value("created", "")).value_or(0);
    out.insert(out.begin(), json{{"Id", "<missing>"},
                                 {"Created", created / 1'000'000'000},
                                 {"CreatedBy", h.value("created_by", "")},
                                 {"Tags", nullptr},
                                 {"Size", size},
                                 {"Comment", h.value("comment", "")}});
  }
  // Then the newest entries are named by the image and its local parents, one each.
  std::optional<layers::Image> current = image;
  for (auto& item : out) {
    item["Id"] = current->id;
    item["Tags"] = current->repo_tags.empty() ? json(nullptr) : json(current->repo_tags);
    if (current->parent.empty() || !(current = lookup(current->parent)))
      break;
  }
  return out;
}

} // namespace mydocker::api
