// go-units' human formats, shared by the daemon (ps Status) and the CLI (CREATED, SIZE).
#pragma once

#include <cstdint>
#include <string>

namespace mydocker {

// HumanDuration: "Less than a second", "3 seconds", "About a minute", "5 hours", "3 days"...
std::string human_duration(int64_t seconds);
// HumanSizeWithPrecision(size, 3): decimal units, "1.98MB", "512B".
std::string human_size(double bytes);

} // namespace mydocker
