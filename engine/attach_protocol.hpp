// The messages of an attach connection (ContainerService::connect_attach), for the API's
// attach route: the shim's socket protocol (engine/runtime/shim_socket.hpp) made public here.
#pragma once

#include "engine/runtime/shim_socket.hpp"

namespace mydocker::engine {

using AttachMessage = runtime::ShimMessage; // daemon -> shim packets
// Output packets are 1 (stdout) or 2 (stderr) + bytes; none is longer than this.
inline constexpr size_t ATTACH_MAX_PACKET = runtime::SHIM_MAX_PACKET;

} // namespace mydocker::engine
