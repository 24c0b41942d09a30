#include <catch2/catch.hpp>

#include <sched.h>

#include "engine/runtime/namespace_join.hpp"

using namespace mydocker::runtime;

TEST_CASE("a container gets every namespace new unless it joins one") {
  CHECK(clone_flags_without({}) ==
        (CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET));
  int flags = clone_flags_without({{"pid", "/proc/self/ns/pid"}, {"uts", "/proc/9/ns/uts"}});
  CHECK(flags == (CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET));
  CHECK((clone_flags_without({{"ipc", "x"}, {"net", "y"}}) & (CLONE_NEWIPC | CLONE_NEWNET)) == 0);
}

TEST_CASE("joining an unknown namespace type or a missing path fails before any setns") {
  CHECK(join_namespaces({{"mnt", "/proc/self/ns/mnt"}}) == "join namespace mnt: not supported");
  CHECK(join_namespaces({{"ipc", "/nonexistent/ns"}}) ==
        "open ipc namespace /nonexistent/ns: No such file or directory");
  CHECK(join_namespaces({}).empty());
}
