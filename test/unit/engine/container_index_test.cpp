#include <catch2/catch.hpp>

#include "engine/container/container_index.hpp"

using namespace mydocker;
using namespace mydocker::engine;

namespace {

std::shared_ptr<ContainerEntry> add(ContainerIndex& index, const std::string& id,
                                    const std::string& name) {
  auto e = std::make_shared<ContainerEntry>();
  e->record.id = id;
  e->record.name = name;
  REQUIRE(index.reserve_name(name, id));
  index.insert(id, e);
  return e;
}

} // namespace

TEST_CASE("lookup by full ID, then name, then a unique ID prefix", "[engine][index]") {
  ContainerIndex index;
  auto a = add(index, "abc123", "web");
  auto b = add(index, "abd456", "abc123x");
  CHECK(*index.find("abc123") == a);
  CHECK(*index.find("web") == a);
  CHECK(*index.find("/web") == a);
  CHECK(*index.find("abc") == a);
  auto ambiguous = index.find("ab");
  REQUIRE_FALSE(ambiguous);
  CHECK(ambiguous.error().message == "multiple IDs found with provided prefix: ab");
  auto missing = index.find("nope");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == Errc::NotFound);
  CHECK(missing.error().message == "No such container: nope");
  CHECK_FALSE(index.find(""));
}

TEST_CASE("a reserved name is taken until released, with Docker's conflict text",
          "[engine][index]") {
  ContainerIndex index;
  REQUIRE(index.reserve_name("web", "id1"));
  auto taken = index.reserve_name("web", "id2");
  REQUIRE_FALSE(taken);
  CHECK(taken.error().code == Errc::Conflict);
  CHECK(taken.error().message ==
        "Conflict. The container name \"/web\" is already in use by container \"id1\". You have "
        "to remove (or rename) that container to be able to reuse that name.");
  CHECK_FALSE(index.find("web"));   // reserved by a create under way: not a container yet
  index.release_name("web", "id2"); // not its owner: no effect
  CHECK_FALSE(index.reserve_name("web", "id2"));
  index.release_name("web", "id1");
  CHECK(index.reserve_name("web", "id2"));
}

TEST_CASE("rename moves the name; erase frees ID and name", "[engine][index]") {
  ContainerIndex index;
  auto a = add(index, "id1", "one");
  add(index, "id2", "two");
  CHECK_FALSE(index.rename("id1", "one", "two"));
  REQUIRE(index.rename("id1", "one", "uno"));
  CHECK(*index.find("uno") == a);
  CHECK_FALSE(index.find("one"));
  index.erase("id1", "uno");
  CHECK_FALSE(index.find("id1"));
  CHECK_FALSE(index.find("uno"));
  CHECK(index.all().size() == 1);
}
