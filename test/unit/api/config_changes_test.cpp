#include <catch2/catch.hpp>

#include "api/types/config_changes.hpp"

using namespace mydocker::api;
using nlohmann::json;

TEST_CASE("import --change instructions edit the config", "[changes]") {
  json config = json::object();
  REQUIRE(apply_changes({"ENV PATH=/bin", "ENV A 1 2", "CMD [\"sh\"]", "ENTRYPOINT echo hi",
                         "WORKDIR /srv", "USER app", "LABEL k=v", "EXPOSE 80 53/udp",
                         "STOPSIGNAL SIGINT", "VOLUME /data"},
                        config));
  CHECK(config["Env"] == json({"PATH=/bin", "A=1 2"}));
  CHECK(config["Cmd"] == json({"sh"}));
  CHECK(config["Entrypoint"] == json({"/bin/sh", "-c", "echo hi"}));
  CHECK(config["WorkingDir"] == "/srv");
  CHECK(config["User"] == "app");
  CHECK(config["Labels"]["k"] == "v");
  CHECK(config["ExposedPorts"].contains("80/tcp"));
  CHECK(config["ExposedPorts"].contains("53/udp"));
  CHECK(config["StopSignal"] == "SIGINT");
  CHECK(config["Volumes"].contains("/data"));
}

TEST_CASE("unknown change instructions are refused", "[changes]") {
  json config = json::object();
  auto r = apply_changes({"RUN rm -rf /"}, config);
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "RUN is not a valid change command");
}
