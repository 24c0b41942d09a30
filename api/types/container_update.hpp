// POST /containers/{id}/update: moby's container.UpdateConfig (Resources + RestartPolicy).
// A zero field leaves the container's value as it is (dockerd's rule).
#pragma once

#include "api/types/host_config.hpp"
#include "api/types/host_resources.hpp"

namespace mydocker::api {

struct UpdateConfig {
  static constexpr const char* go_name = "container.UpdateConfig";
  Resources resources;
  RestartPolicy restart_policy;
  template <class S, class V> static void fields(S& s, V& v) {
    Resources::fields(s.resources, v);
    v("RestartPolicy", s.restart_policy);
  }
};

} // namespace mydocker::api
