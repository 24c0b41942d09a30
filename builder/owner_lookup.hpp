// --chown user[:group]: numbers, or names looked up in the image's /etc/passwd and
// /etc/group (read inside its root).
#pragma once

#include <string>

#include "builder/confined_fs.hpp"

namespace mydocker::builder {

// "" = 0:0. A user without group takes the user's primary group (its own uid for numbers).
Result<Ownership> lookup_owner(int image_root, const std::string& chown);

} // namespace mydocker::builder
