// The checks dockerd makes when it parses a Dockerfile, before any step runs (so they are
// HTTP errors, not stream errors): argument counts and ENV/LABEL syntax, in Docker's words.
#pragma once

#include "builder/dockerfile_parser.hpp"

namespace mydocker::builder {

Result<void> check_dockerfile(const Dockerfile& dockerfile);

} // namespace mydocker::builder
