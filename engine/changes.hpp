// GET /containers/{id}/changes: what a container changed, read from its overlay upper dir as
// dockerd's archive.OverlayChanges does (walk order; whiteouts and opaque dirs understood).
#pragma once

#include <string>
#include <vector>

namespace mydocker::engine {

enum class ChangeKind { Modified = 0, Added = 1, Deleted = 2 };

struct Change {
  std::string path; // absolute inside the container: "/etc/passwd"
  ChangeKind kind;
};

// `lower_dirs` top-most first. A char device 0:0 is a deletion; an opaque directory
// (trusted.overlay.opaque=y) over an existing one is a deletion and re-creation; an entry
// present below is a modification (a directory only when its mode, size or mtime changed),
// otherwise an addition; the directory of each change is reported modified once.
std::vector<Change> overlay_changes(const std::string& upper_dir,
                                    const std::vector<std::string>& lower_dirs);

} // namespace mydocker::engine
