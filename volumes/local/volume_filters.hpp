// Filters of GET /volumes and POST /volumes/prune, checked once and matched per volume.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "api/types/filters.hpp"
#include "api/types/volume_types.hpp"
#include "common/result.hpp"

namespace mydocker::volumes::local {

struct VolumeFilter {
  std::vector<std::string> names, drivers, labels, not_labels;
  std::optional<bool> dangling;
  bool all = false; // prune: named volumes too
};

// 400 "invalid filter 'dangling=x'" for a bad boolean; keys are checked by parse_filters.
Result<VolumeFilter> make_filter(const api::Filters& filters);
// `in_use`: whether any container refers to the volume.
bool matches(const VolumeFilter& filter, const api::VolumeInspect& volume, bool in_use);
// `label` (key or key=value) on a label map; `negate` is `label!`: none of them may match.
bool labels_match(const std::map<std::string, std::string>& labels,
                  const std::vector<std::string>& wanted, bool negate);

} // namespace mydocker::volumes::local
