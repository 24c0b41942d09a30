// Image objects in Docker's wire shapes (list item, inspect, history) for API <= 1.44.
#pragma once

#include <nlohmann/json.hpp>

#include "layers/image_service.hpp"

namespace mydocker::api {

nlohmann::json image_list_item(const layers::Image& image);
nlohmann::json image_inspect(const layers::Image& image);
nlohmann::json image_history(const layers::Image& image);

} // namespace mydocker::api
