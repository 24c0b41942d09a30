// docker's formatter.ContainerContext for `ps --format`: the fields of one /containers/json
// item as the docker CLI computes them (ID, Image, Command, CreatedAt, RunningFor, Ports,
// State, Status, Size, Names, Labels, Label "k", Mounts, Networks, LocalVolumes, Platform).
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/go_template.hpp"

namespace mydocker::cli {

struct ContainerContextOptions {
  bool trunc = true;
  bool with_label_method = false; // add the {{.Label "k"}} object (kept out of json output)
  int64_t now = 0;                // unix seconds, for RunningFor
};

tmpl::Value container_context(const nlohmann::json& item, const ContainerContextOptions& o);
// The header row; `label_keys`: the keys that {{.Label "k"}} may ask for (its header is k).
tmpl::Value container_header(const std::set<std::string>& label_keys);

// docker's formatter.Ellipsis: at most `width` characters, the last one "…" when cut.
std::string ellipsis(const std::string& s, size_t width);
// Go's time.Time.String() for a unix time in the local zone: "2026-12-01 17:30:59 +0000 UTC".
std::string go_time_string(int64_t unix_seconds);
// go-units HumanSize (4 significant digits: "1.983MB").
std::string human_size_4(double bytes);

} // namespace mydocker::cli
