#include <catch2/catch.hpp>

#include "layers/reference.hpp"

using namespace mydocker::layers;

TEST_CASE("references normalise like Docker's", "[reference]") {
  auto r = parse_reference("busybox").value();
  CHECK(r.domain == "docker.io");
  CHECK(r.repository == "library/busybox");
  CHECK(r.tag == "latest");
  CHECK(r.familiar_string() == "busybox:latest");
  CHECK(r.full_name() == "docker.io/library/busybox");
  CHECK(parse_reference("docker.io/library/busybox:1.36").value().familiar_string() ==
        "busybox:1.36");
  auto local = parse_reference("localhost:5000/team/app:1").value();
  CHECK(local.domain == "localhost:5000");
  CHECK(local.familiar_string() == "localhost:5000/team/app:1");
  std::string digest = "sha256:" + std::string(64, 'a');
  CHECK(parse_reference("app@" + digest).value().familiar_string() == "app@" + digest);
}

TEST_CASE("bad references get Docker's messages", "[reference]") {
  CHECK(parse_reference("Busybox").error().message ==
        "invalid reference format: repository name (Busybox) must be lowercase");
  CHECK(parse_reference("bad name").error().message == "invalid reference format");
  CHECK(parse_reference("a:b:c").error().message == "invalid reference format");
  CHECK(parse_reference("").error().message == "invalid reference format");
  CHECK_FALSE(parse_reference("app@sha256:short"));
}

// Found by fuzz_reference (test/fuzz/regressions/reference/library-with-path).
TEST_CASE("library/ is dropped from official images only, so familiar forms parse back",
          "[reference]") {
  auto r = parse_reference("library/y/5").value();
  CHECK(r.familiar_string() == "library/y/5:latest");
  CHECK(parse_reference(r.familiar_string()).value().full_name() == r.full_name());
  CHECK(parse_reference("library/busybox").value().familiar_string() == "busybox:latest");
}
