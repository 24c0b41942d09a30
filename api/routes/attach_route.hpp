// POST /containers/{id}/attach and /resize (api/routes/attach_route.cpp).
#pragma once

#include "api/server/router.hpp"
#include "engine/container_service.hpp"

namespace mydocker::api {

asio::awaitable<void> attach_route(engine::ContainerService& svc, Request& req, Responder& res);
asio::awaitable<void> resize_route(engine::ContainerService& svc, Request& req, Responder& res);

} // namespace mydocker::api
