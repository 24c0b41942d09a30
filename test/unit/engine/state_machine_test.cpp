#include <catch2/catch.hpp>

#include "engine/container/state_machine.hpp"

using namespace mydocker;
using namespace mydocker::engine;

namespace {

const Subject WEB{"web", "0123abcd", "web-1"};
const Status ALL[] = {Status::Created,  Status::Running, Status::Paused, Status::Restarting,
                      Status::Removing, Status::Exited,  Status::Dead};
const Verb VERBS[] = {Verb::Start,  Verb::Stop,    Verb::Kill,         Verb::Restart,
                      Verb::Pause,  Verb::Unpause, Verb::Remove,       Verb::ForceRemove,
                      Verb::Attach, Verb::Exec,    Verb::Rename,       Verb::Commit,
                      Verb::Wait,   Verb::OnExit,  Verb::RestartPolicy};

std::optional<Status> allowed(Verb verb, Status from) {
  auto t = transition(verb, from, WEB);
  REQUIRE(t);
  return *t;
}

Error refused(Verb verb, Status from) {
  auto t = transition(verb, from, WEB);
  REQUIRE_FALSE(t);
  return t.error();
}

} // namespace

TEST_CASE("every verb has a rule for every state", "[engine][state]") {
  for (Verb verb : VERBS)
    for (Status from : ALL) {
      auto t = transition(verb, from, WEB);
      INFO(verb_name(verb) << " from " << status_name(from));
      CHECK((t || t.error().message.find("no transition") == std::string::npos));
    }
}

TEST_CASE("start: 304 when running, 409 when paused or being removed", "[engine][state]") {
  CHECK(allowed(Verb::Start, Status::Created) == Status::Running);
  CHECK(allowed(Verb::Start, Status::Exited) == Status::Running);
  CHECK(refused(Verb::Start, Status::Running).code == Errc::NotModified);
  CHECK(refused(Verb::Start, Status::Restarting).code == Errc::NotModified);
  auto paused = refused(Verb::Start, Status::Paused);
  CHECK(paused.code == Errc::Conflict);
  CHECK(paused.message == "cannot start a paused container, try unpause instead");
  CHECK(refused(Verb::Start, Status::Removing).message ==
        "container is marked for removal and cannot be started");
  CHECK(refused(Verb::Start, Status::Dead).code == Errc::Conflict);
}

TEST_CASE("stop: 304 when not running, a pending restart is stopped", "[engine][state]") {
  for (Status s : {Status::Running, Status::Paused, Status::Restarting})
    CHECK(allowed(Verb::Stop, s) == Status::Exited);
  for (Status s : {Status::Created, Status::Exited, Status::Dead, Status::Removing}) {
    auto e = refused(Verb::Stop, s);
    CHECK(e.code == Errc::NotModified);
    CHECK(e.message == "container already stopped");
  }
}

TEST_CASE("kill names the reference and the ID as dockerd does", "[engine][state]") {
  CHECK(allowed(Verb::Kill, Status::Running) == std::nullopt);
  CHECK(allowed(Verb::Kill, Status::Paused) == std::nullopt);
  CHECK(refused(Verb::Kill, Status::Exited).message ==
        "cannot kill container: web: container 0123abcd is not running");
  CHECK(refused(Verb::Kill, Status::Restarting).message ==
        "Cannot kill container: web: Container 0123abcd is restarting, wait until the container "
        "is running");
}

TEST_CASE("pause and unpause", "[engine][state]") {
  CHECK(allowed(Verb::Pause, Status::Running) == Status::Paused);
  CHECK(refused(Verb::Pause, Status::Paused).message == "Container 0123abcd is already paused");
  CHECK(refused(Verb::Pause, Status::Exited).message == "container 0123abcd is not running");
  CHECK(refused(Verb::Pause, Status::Restarting).code == Errc::Conflict);
  CHECK(allowed(Verb::Unpause, Status::Paused) == Status::Running);
  auto e = refused(Verb::Unpause, Status::Running);
  CHECK(e.code == Errc::Internal); // dockerd answers 500 here
  CHECK(e.message == "Container 0123abcd is not paused");
}

TEST_CASE("remove: 409 while running unless forced, once at a time", "[engine][state]") {
  for (Status s : {Status::Created, Status::Exited, Status::Dead})
    CHECK(allowed(Verb::Remove, s) == Status::Removing);
  CHECK(refused(Verb::Remove, Status::Running).message ==
        "cannot remove container \"/web-1\": container is running: stop the container before "
        "removing or force remove");
  CHECK(refused(Verb::Remove, Status::Paused).message ==
        "cannot remove container \"/web-1\": container is paused and must be unpaused first: "
        "stop the container before removing or force remove");
  CHECK(refused(Verb::Remove, Status::Restarting).code == Errc::Conflict);
  for (Verb v : {Verb::Remove, Verb::ForceRemove})
    CHECK(refused(v, Status::Removing).message ==
          "removal of container web is already in progress");
  for (Status s : {Status::Running, Status::Paused, Status::Restarting, Status::Dead})
    CHECK(allowed(Verb::ForceRemove, s) == Status::Removing);
}

TEST_CASE("attach and exec refuse paused and restarting containers", "[engine][state]") {
  CHECK(refused(Verb::Attach, Status::Paused).message ==
        "container web is paused, unpause the container before attach");
  CHECK(allowed(Verb::Attach, Status::Exited) == std::nullopt);
  CHECK(allowed(Verb::Exec, Status::Running) == std::nullopt);
  CHECK(refused(Verb::Exec, Status::Paused).message ==
        "Container web is paused, unpause the container before exec");
  CHECK(refused(Verb::Exec, Status::Created).message == "Container 0123abcd is not running");
}

TEST_CASE("rename and commit refuse dead or removing containers", "[engine][state]") {
  CHECK(allowed(Verb::Rename, Status::Running) == std::nullopt);
  CHECK(refused(Verb::Rename, Status::Removing).message ==
        "Can't rename container which is dead or marked for removal");
  CHECK(allowed(Verb::Commit, Status::Paused) == std::nullopt);
  CHECK(refused(Verb::Commit, Status::Dead).message ==
        "You cannot commit container 0123abcd which is being removed or dead");
  for (Status s : ALL)
    CHECK(allowed(Verb::Wait, s) == std::nullopt);
}

TEST_CASE("exit, restart policy and docker restart", "[engine][state]") {
  CHECK(allowed(Verb::OnExit, Status::Running) == Status::Exited);
  CHECK(allowed(Verb::OnExit, Status::Paused) == Status::Exited);
  CHECK(allowed(Verb::OnExit, Status::Removing) == std::nullopt);
  CHECK_FALSE(transition(Verb::OnExit, Status::Exited, WEB));
  CHECK(allowed(Verb::RestartPolicy, Status::Exited) == Status::Restarting);
  CHECK(allowed(Verb::RestartPolicy, Status::Restarting) == Status::Running);
  CHECK(refused(Verb::RestartPolicy, Status::Running).code == Errc::Conflict);
  CHECK(allowed(Verb::Restart, Status::Paused) == Status::Running);
  CHECK(refused(Verb::Restart, Status::Removing).code == Errc::Conflict);
}

TEST_CASE("Docker's Running flag includes paused and restarting", "[engine][state]") {
  CHECK(is_running(Status::Restarting));
  CHECK(is_running(Status::Paused));
  CHECK_FALSE(is_running(Status::Removing));
  CHECK_FALSE(has_process(Status::Restarting));
  CHECK(has_process(Status::Paused));
}
