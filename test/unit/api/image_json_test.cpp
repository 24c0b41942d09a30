#include <catch2/catch.hpp>

#include "api/routes/image_json.hpp"

using namespace mydocker;
using nlohmann::json;

TEST_CASE("history gives each layer its size and names the local parents", "[api]") {
  layers::Image base;
  base.id = "sha256:base";
  base.repo_tags = {"busybox:latest"};
  layers::Image top;
  top.id = "sha256:top";
  top.parent = base.id;
  top.layer_sizes = {100, 7};
  top.config_blob = {
      {"history",
       json::array(
           {{{"created", "2026-01-01T00:00:00Z"}, {"created_by", "import"}},
            {{"created", "2026-01-02T00:00:00Z"}, {"created_by", "ENV A=1"}, {"empty_layer", true}},
            {{"created", "2026-01-03T00:00:00Z"},
             {"created_by", "sh -c touch /x"},
             {"comment", "step"}}})}};
  auto lookup = [&](const std::string& id) -> std::optional<layers::Image> {
    if (id == base.id)
      return base;
    return std::nullopt;
  };
  json h = api::image_history(top, lookup);
  REQUIRE(h.size() == 3);
  CHECK(h[0]["Id"] == "sha256:top");
  CHECK(h[0]["Size"] == 7);
  CHECK(h[0]["Comment"] == "step");
  CHECK(h[0]["Tags"].is_null());
  CHECK(h[1]["Id"] == "sha256:base"); // the parent names the next entry, as moby does
  CHECK(h[1]["Tags"] == json({"busybox:latest"}));
  CHECK(h[1]["Size"] == 0); // empty_layer
  CHECK(h[2]["Id"] == "<missing>");
  CHECK(h[2]["Size"] == 100);
  CHECK(h[2]["CreatedBy"] == "import");
  CHECK(h[2]["Created"] == 1767225600);
}
