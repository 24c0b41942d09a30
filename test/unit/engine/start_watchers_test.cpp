#include "engine/container/start_watchers.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using mydocker::engine::StartWatchers;
using Forgotten = StartWatchers::Forgotten;

namespace {

// Records what each attach was told: "counted" or "live".
struct Told {
  std::vector<std::string> seen;
  StartWatchers::Notify notify() {
    return [this](bool counted) { seen.push_back(counted ? "counted" : "live"); };
  }
};

void run_all(StartWatchers::Started& started) {
  for (auto& call : started.calls)
    call();
}

} // namespace

TEST_CASE("attaches waiting before a start are counted for it and told so", "[start_watchers]") {
  StartWatchers w;
  Told a, b;
  w.add(a.notify());
  w.add(b.notify());
  REQUIRE(w.count_for_start() == 2);
  auto started = w.started();
  REQUIRE(started.forgone == 0);
  run_all(started);
  CHECK(a.seen == std::vector<std::string>{"counted"});
  CHECK(b.seen == std::vector<std::string>{"counted"});
  CHECK_FALSE(w.start_under_way());
}

TEST_CASE("an attach that leaves before the start is not counted", "[start_watchers]") {
  StartWatchers w;
  Told a, b;
  uint64_t gone = w.add(a.notify());
  w.add(b.notify());
  REQUIRE(gone != 0);
  CHECK(w.forget(gone) == Forgotten::Uncounted);
  REQUIRE(w.count_for_start() == 1);
  auto started = w.started();
  run_all(started);
  CHECK(a.seen.empty());
  CHECK(b.seen == std::vector<std::string>{"counted"});
}

TEST_CASE("an attach registered during a start follows the live output", "[start_watchers]") {
  StartWatchers w;
  Told early, late;
  w.add(early.notify());
  REQUIRE(w.count_for_start() == 1);
  REQUIRE(w.start_under_way());
  w.add(late.notify()); // the start has counted already
  auto started = w.started();
  run_all(started);
  CHECK(early.seen == std::vector<std::string>{"counted"});
  CHECK(late.seen == std::vector<std::string>{"live"}); // never both
  CHECK(w.waiting() == 0);
}

TEST_CASE("a counted attach that leaves during the start is forgone at the shim",
          "[start_watchers]") {
  StartWatchers w;
  Told a;
  uint64_t token = w.add(a.notify());
  REQUIRE(w.count_for_start() == 1);
  CHECK(w.forget(token) == Forgotten::Uncounted); // settled by the start's end
  auto started = w.started();
  CHECK(started.forgone == 1);
  CHECK(started.calls.empty());
  CHECK(w.forget(token) == Forgotten::Nothing);
}

TEST_CASE("a counted attach told of the start that leaves unsubscribed is forgone once",
          "[start_watchers]") {
  StartWatchers w;
  Told a;
  uint64_t token = w.add(a.notify());
  w.count_for_start();
  auto started = w.started();
  run_all(started);
  CHECK(w.forget(token) == Forgotten::ForgoAtShim);
  CHECK(w.forget(token) == Forgotten::Nothing);
}

TEST_CASE("a live attach that leaves has nothing to forgo", "[start_watchers]") {
  StartWatchers w;
  Told late;
  w.count_for_start();
  uint64_t token = w.add(late.notify());
  auto started = w.started();
  run_all(started);
  CHECK(w.forget(token) == Forgotten::Nothing);
}

TEST_CASE("a failed start leaves its attaches waiting for the next, first", "[start_watchers]") {
  StartWatchers w;
  Told a, gone, late;
  w.add(a.notify());
  uint64_t gone_token = w.add(gone.notify());
  REQUIRE(w.count_for_start() == 2);
  w.add(late.notify());
  w.forget(gone_token); // left while the failing start was under way
  w.start_failed();
  CHECK_FALSE(w.start_under_way());
  REQUIRE(w.waiting() == 2);
  REQUIRE(w.count_for_start() == 2);
  auto started = w.started();
  CHECK(started.forgone == 0);
  run_all(started);
  CHECK(a.seen == std::vector<std::string>{"counted"});
  CHECK(late.seen == std::vector<std::string>{"counted"});
  CHECK(gone.seen.empty());
}

TEST_CASE("the next start forgets who the last one counted", "[start_watchers]") {
  StartWatchers w;
  Told a;
  uint64_t token = w.add(a.notify());
  w.count_for_start();
  auto first = w.started();
  run_all(first); // `a` subscribed with its replay
  w.count_for_start();
  auto second = w.started();
  CHECK(w.forget(token) == Forgotten::Nothing);
}
