#include <catch2/catch.hpp>

#include "common/result.hpp"

using namespace mydocker;

namespace {
Result<int> half(int x) {
  if (x % 2)
    return invalid_argument("odd");
  return x / 2;
}
Result<int> quarter(int x) {
  int h = TRY(half(x));
  return TRY(half(h));
}
} // namespace

TEST_CASE("TRY propagates the first error", "[result]") {
  CHECK(quarter(8).value() == 2);
  auto r = quarter(6);
  REQUIRE_FALSE(r);
  CHECK(r.error().code == Errc::InvalidArgument);
  CHECK(r.error().message == "odd");
}

TEST_CASE("context is added only to internal errors", "[result]") {
  Error internal{Errc::Internal, 0, "inner"};
  Error missing{Errc::NotFound, 0, "No such container: x"};
  CHECK(internal.with_context("outer").message == "outer: inner");
  CHECK(missing.with_context("outer").message == "No such container: x");
}
