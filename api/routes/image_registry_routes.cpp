// Registry routes: pull (POST /images/create?fromImage=), push, and POST /auth.
// Credentials come in X-Registry-Auth (base64url JSON) or, for /auth, the body.
#include "api/routes/answer.hpp"
#include "api/routes/progress_stream.hpp"
#include "api/routes/routes.hpp"
#include "layers/digest.hpp"
#include "layers/reference.hpp"
#include "layers/registry_auth.hpp"

namespace mydocker::api {

using nlohmann::json;

namespace {

layers::RegistryAuth auth_of(const Request& req) {
  return layers::decode_registry_auth(req.header("x-registry-auth").value_or(""));
}

bool is_name_only(const std::string& image) {
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  bool tagged = colon != std::string::npos && (slash == std::string::npos || colon > slash);
  return !tagged && image.find('@') == std::string::npos;
}

// fromImage (may carry a tag or digest) + tag (a tag or a digest), as dockerd combines them.
// Neither: every tag of the repository (`docker pull -a`).
Result<std::string> pull_reference(const Query& q, bool& all_tags) {
  std::string image = q.get("fromImage").value_or("");
  std::string tag = q.get("tag").value_or("");
  layers::Reference ref = TRY(layers::parse_reference(image));
  all_tags = tag.empty() && is_name_only(image);
  if (tag.empty())
    return image;
  std::string name = ref.domain + "/" + ref.repository;
  if (layers::is_valid_digest(tag))
    return name + "@" + tag;
  return TRY(layers::parse_repo_tag(name, tag)).familiar_string();
}

// Every local tag of the repository `name` (push without a tag pushes them all).
std::vector<std::string> repository_tags(layers::ImageService& images, const std::string& name) {
  std::vector<std::string> out;
  auto wanted = layers::parse_reference(name);
  if (!wanted)
    return out;
  for (const auto& image : images.list())
    for (const auto& tag : image.repo_tags) {
      auto ref = layers::parse_reference(tag);
      if (ref && ref->full_name() == wanted->full_name())
        out.push_back(tag);
    }
  return out;
}

Result<std::vector<std::string>> push_references(layers::ImageService& images,
                                                 const std::string& name, const std::string& tag) {
  if (!tag.empty())
    return std::vector<std::string>{TRY(layers::parse_repo_tag(name, tag)).familiar_string()};
  auto tags = repository_tags(images, name);
  if (tags.empty()) {
    auto ref = layers::parse_reference(name);
    return not_found("An image does not exist locally with the tag: " +
                     (ref ? ref->familiar_name() : name));
  }
  return tags;
}

} // namespace

asio::awaitable<void> pull_image(layers::ImageService& images, Request& req, Responder& res) {
  bool all_tags = false;
  auto reference = pull_reference(req.query, all_tags);
  if (!reference) {
    Error error = reference.error();
    co_await res.send_error(error);
    co_return;
  }
  layers::PullOptions options{req.query.get("platform").value_or(""), auth_of(req), all_tags};
  // Named, not a temporary in the co_await: GCC 12 destroys such temporaries twice.
  auto work = [&images, ref = *reference, options](const layers::ProgressFn& progress) {
    return images.pull(ref, options, progress).map([](const layers::Image&) {});
  };
  co_await stream_progress(res, std::move(work));
}

namespace {

asio::awaitable<void> push_image(layers::ImageService& images, Request& req, Responder& res) {
  std::string name = req.params["name"];
  std::string tag = req.query.get("tag").value_or("");
  auto refs = co_await run_blocking(res.blocking_pool(),
                                    [&] { return push_references(images, name, tag); });
  if (!refs) {
    Error error = refs.error();
    co_await res.send_error(error);
    co_return;
  }
  auto work = [&images, refs = *refs,
               auth = auth_of(req)](const layers::ProgressFn& progress) -> Result<void> {
    for (const auto& ref : refs)
      TRY_VOID(images.push(ref, auth, progress));
    return {};
  };
  co_await stream_progress(res, std::move(work));
}

Result<json> login(layers::ImageService& images, const Request& req) {
  json body = TRY(req.json_body());
  TRY_VOID(images.login(layers::registry_auth_from_json(body)));
  return json{{"Status", "Login Succeeded"}, {"IdentityToken", ""}};
}

} // namespace

void add_image_registry_routes(Router& router, layers::ImageService& images) {
  router.add("POST", "/images/{name*}/push",
             [&images](Request& req, Responder& res) { return push_image(images, req, res); });
  router.add("POST", "/auth", [&images](Request& req, Responder& res) {
    return answer_json(res, 200, [&images, &req] { return login(images, req); });
  });
}

} // namespace mydocker::api
