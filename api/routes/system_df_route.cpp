// GET /system/df (moby's system.DiskUsage): images with their shared size and container
// count, containers with SizeRw/SizeRootFs, volumes with UsageData, no build cache yet.
#include <map>

#include "api/routes/answer.hpp"
#include "api/routes/image_json.hpp"
#include "api/routes/routes.hpp"
#include "api/types/filters.hpp"
#include "api/types/json_encode.hpp"
#include "common/directory_size.hpp"

namespace mydocker::api {

using nlohmann::json;

namespace {

struct DfSources {
  layers::ImageService& images;
  engine::ContainerService& containers;
  volumes::VolumeService& volumes;
};

// A layer is known by the diff IDs up to it (its chain): shared when two images have it.
std::vector<std::string> chain_keys(const layers::Image& image) {
  std::vector<std::string> keys;
  std::string key;
  for (const auto& diff_id : image.diff_ids)
    keys.push_back(key += diff_id + " ");
  return keys;
}

json images_usage(DfSources& s, const json& containers, int64_t& layers_size) {
  auto images = s.images.list();
  std::map<std::string, int> refs;
  std::map<std::string, int> users;
  for (const auto& image : images)
    for (const auto& key : chain_keys(image))
      ++refs[key];
  for (const auto& c : containers)
    ++users[c.value("ImageID", "")];
  json out = json::array();
  std::map<std::string, int64_t> counted;
  for (const auto& image : images) {
    auto keys = chain_keys(image);
    int64_t shared = 0;
    for (size_t i = 0; i < keys.size(); ++i) {
      int64_t size = i < image.layer_sizes.size() ? image.layer_sizes[i] : 0;
      shared += refs[keys[i]] > 1 ? size : 0;
      counted[keys[i]] = size;
    }
    json item = image_list_item(image);
    item["SharedSize"] = shared;
    item["Containers"] = users[image.id];
    out.push_back(std::move(item));
  }
  layers_size = 0;
  for (const auto& [key, size] : counted)
    layers_size += size;
  return out;
}

Result<json> volumes_usage(DfSources& s) {
  json out = json::array();
  for (const auto& v : TRY(s.volumes.list(Filters{})).volumes) {
    json item = encode(v);
    item["UsageData"] = {{"Size", directory_size(v.mountpoint)},
                         {"RefCount", static_cast<int64_t>(s.volumes.users(v.name).size())}};
    out.push_back(std::move(item));
  }
  return out;
}

// `type` (API 1.42+): only the kinds asked for are computed; none means all.
Result<json> disk_usage(DfSources& s, const Request& req) {
  auto types = req.query.all("type");
  auto wanted = [&](const std::string& t) {
    return types.empty() || std::find(types.begin(), types.end(), t) != types.end();
  };
  json out = json::object();
  json containers = TRY(s.containers.list(true, "", -1, wanted("container")));
  if (wanted("image")) {
    int64_t layers_size = 0;
    out["Images"] = images_usage(s, containers, layers_size);
    out["LayersSize"] = layers_size;
  }
  if (wanted("container"))
    out["Containers"] = containers;
  if (wanted("volume"))
    out["Volumes"] = TRY(volumes_usage(s));
  if (wanted("build-cache"))
    out["BuildCache"] = json::array();
  return out;
}

} // namespace

void add_system_df_route(Router& router, layers::ImageService& images,
                         engine::ContainerService& containers, volumes::VolumeService& volumes) {
  auto s = std::make_shared<DfSources>(DfSources{images, containers, volumes});
  router.add("GET", "/system/df", [s](Request& req, Responder& res) {
    return answer_json(res, 200, [s, &req] { return disk_usage(*s, req); });
  });
}

} // namespace mydocker::api
