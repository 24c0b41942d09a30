// Splitting text at one separator, as std::getline does: a trailing separator adds no empty
// last field ("a:b:" -> {"a", "b"}; "" -> {}).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mydocker {

std::vector<std::string> split(const std::string& text, char sep);
// The non-empty elements of a slash-separated path ("/a//b/" -> {"a", "b"}); no cleaning.
std::vector<std::string> path_elements(std::string_view path);

} // namespace mydocker
