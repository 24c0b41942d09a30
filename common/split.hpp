// Splitting text at one separator, as std::getline does: a trailing separator adds no empty
// last field ("a:b:" -> {"a", "b"}; "" -> {}).
#pragma once

#include <string>
#include <vector>

namespace mydocker {

std::vector<std::string> split(const std::string& text, char sep);

} // namespace mydocker
