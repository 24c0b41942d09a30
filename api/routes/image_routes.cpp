// /images: import (create?fromSrc=-; fromImage= pulls, image_registry_routes.cpp), list, inspect,
// history, tag, delete, prune.
#include <fnmatch.h>

#include <set>

#include "api/routes/answer.hpp"
#include "api/routes/image_json.hpp"
#include "api/routes/routes.hpp"
#include "api/server/run_blocking.hpp"
#include "api/types/filters.hpp"

namespace mydocker::api {

using nlohmann::json;

namespace {

struct ImageRoutes {
  layers::ImageService& images;
  ImageUsage usage;
};

std::string repo_tag_of(const Query& q) {
  std::string repo = q.get("repo").value_or("");
  std::string tag = q.get("tag").value_or("");
  if (repo.empty())
    return "";
  return tag.empty() ? repo : repo + ":" + tag;
}

asio::awaitable<void> create_image(ImageRoutes& r, Request& req, Responder& res) {
  std::string from_src = req.query.get("fromSrc").value_or("");
  if (from_src.empty()) {
    co_await pull_image(r.images, req, res);
    co_return;
  }
  if (from_src != "-") {
    Error unsupported{Errc::InvalidArgument, 0,
                      "importing from a URL is not supported: send the tar as the body"};
    co_await res.send_error(unsupported);
    co_return;
  }
  layers::ImportOptions options{repo_tag_of(req.query), req.query.all("changes"),
                                req.query.get("message").value_or(""),
                                req.query.get("platform").value_or("")};
  auto image = co_await run_blocking(res.transfer_pool(), [&]() -> Result<layers::Image> {
    BodyView body = TRY(BodyView::of(req)); // large tars were spilled to a temp file
    return r.images.import(body.data(), options);
  });
  if (!image) {
    co_await res.send_error(image.error());
    co_return;
  }
  co_await res.begin_stream(200, "application/json");
  std::string line = json{{"status", image->id}}.dump() + "\r\n";
  co_await res.write_chunk(line);
  co_await res.end_stream();
}

// The tags a reference filter matches; Docker lists only those for the image.
std::vector<std::string> matching_tags(const layers::Image& image,
                                       const std::vector<std::string>& patterns) {
  std::vector<std::string> out;
  for (const auto& tag : image.repo_tags)
    for (const auto& p : patterns) {
      std::string name = tag.substr(0, tag.rfind(':'));
      if (fnmatch(p.c_str(), tag.c_str(), 0) == 0 || fnmatch(p.c_str(), name.c_str(), 0) == 0) {
        out.push_back(tag);
        break;
      }
    }
  return out;
}

bool matches_labels(const layers::Image& image, const std::vector<std::string>& wanted) {
  for (const auto& w : wanted) {
    size_t eq = w.find('=');
    auto it = image.config.labels.find(w.substr(0, eq));
    if (it == image.config.labels.end() ||
        (eq != std::string::npos && it->second != w.substr(eq + 1)))
      return false;
  }
  return true;
}

Result<json> list_images(ImageRoutes& r, const Query& q) {
  Filters filters =
      TRY(parse_filters(q.get("filters").value_or(""),
                        {"dangling", "label", "before", "since", "reference", "until"}));
  std::optional<int64_t> before, since;
  if (filters.count("before") && !filters["before"].empty())
    before = TRY(r.images.inspect(filters["before"][0])).created;
  if (filters.count("since") && !filters["since"].empty())
    since = TRY(r.images.inspect(filters["since"][0])).created;
  json out = json::array();
  std::vector<layers::Image> images = r.images.list();
  std::set<std::string> parents; // untagged parents are intermediate: shown with all=1 only
  for (const auto& image : images)
    parents.insert(image.parent);
  bool all = q.get_bool("all");
  for (const auto& image : images) {
    bool dangling = image.repo_tags.empty() && image.repo_digests.empty();
    if (dangling && !all && parents.count(image.id))
      continue;
    if (filters.count("dangling") && !filters["dangling"].empty() &&
        (filters["dangling"][0] == "true") != dangling)
      continue;
    std::vector<std::string> tags;
    if (filters.count("reference") && (tags = matching_tags(image, filters["reference"])).empty())
      continue;
    if (filters.count("label") && !matches_labels(image, filters["label"]))
      continue;
    if ((before && image.created >= *before) || (since && image.created <= *since))
      continue;
    out.push_back(image_list_item(image));
    if (filters.count("reference"))
      out.back()["RepoTags"] = tags;
  }
  return out;
}

} // namespace

void add_image_routes(Router& router, layers::ImageService& images, ImageUsage usage) {
  auto r = std::make_shared<ImageRoutes>(ImageRoutes{images, std::move(usage)});
  router.add("POST", "/images/create",
             [r](Request& req, Responder& res) { return create_image(*r, req, res); });
  router.add("GET", "/images/json", [r](Request& req, Responder& res) {
    return answer_json(res, 200, [r, &req] { return list_images(*r, req.query); });
  });
  router.add("GET", "/images/{name*}/json", [r](Request& req, Responder& res) {
    return answer_json(res, 200, [r, &req]() -> Result<json> {
      return image_inspect(TRY(r->images.inspect(req.params["name"])));
    });
  });
  router.add("GET", "/images/{name*}/history", [r](Request& req, Responder& res) {
    return answer_json(res, 200, [r, &req]() -> Result<json> {
      auto lookup = [r](const std::string& id) -> std::optional<layers::Image> {
        auto parent = r->images.inspect(id);
        return parent ? std::optional(std::move(*parent)) : std::nullopt;
      };
      return image_history(TRY(r->images.inspect(req.params["name"])), lookup);
    });
  });
  router.add("POST", "/images/{name*}/tag", [r](Request& req, Responder& res) {
    return answer_empty(
        res, 201, [r, &req] { return r->images.tag(req.params["name"], repo_tag_of(req.query)); });
  });
  router.add("DELETE", "/images/{name*}", [r](Request& req, Responder& res) {
    return answer_json(res, 200, [r, &req] {
      return r->images.remove(req.params["name"], req.query.get_bool("force"),
                              req.query.get_bool("noprune"), r->usage);
    });
  });
}

} // namespace mydocker::api
