// What a COPY/ADD step copies where (sources expanded, destination made absolute), the
// sources it matched with their checksums (the cache key) and the copy itself.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "builder/dockerfile_parser.hpp"
#include "builder/shell_words.hpp"
#include "builder/source_tree.hpp"
#include "common/result.hpp"

namespace mydocker::builder {

struct CopyPlan {
  std::string keyword; // COPY or ADD
  std::string from;    // --from: a stage name or index, or an image; "" = the context
  std::string chown;   // --chown as written (expanded)
  std::optional<mode_t> chmod;
  std::vector<std::string> sources; // as written, expanded
  std::string dest;                 // absolute and cleaned
  bool dest_is_dir = false;         // trailing '/' or several sources
  std::vector<std::string> matches; // the sources found, relative to their root
  std::vector<std::string> checksums;
  std::vector<bool> match_is_dir;

  std::string key_text() const;
  // As Docker's history shows it, with the sources' content: "COPY file:<hex> in /app/".
  std::string history_text() const;
};

Result<CopyPlan> plan_copy(const Instruction& in, const VarLookup& vars, char escape,
                           const nlohmann::json& config);
// Finds every source in `sources` (globs expanded) with its checksum; Docker's errors for
// sources that leave the context or do not exist.
Result<void> resolve_sources(const SourceTree& sources, CopyPlan& plan);
// Copies the matches into `dst_root` (the new layer's view of the image).
Result<void> write_sources(int src_root, int dst_root, const CopyPlan& plan);

} // namespace mydocker::builder
