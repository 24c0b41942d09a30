// Image objects in Docker's wire shapes (list item, inspect, history) for API <= 1.44.
#pragma once

#include <functional>
#include <optional>

#include <nlohmann/json.hpp>

#include "layers/image_service.hpp"

namespace mydocker::api {

nlohmann::json image_list_item(const layers::Image& image);
nlohmann::json image_inspect(const layers::Image& image);
// `lookup` finds a parent image by ID (nullopt when it is not here).
nlohmann::json
image_history(const layers::Image& image,
              const std::function<std::optional<layers::Image>(const std::string&)>& lookup);

} // namespace mydocker::api
