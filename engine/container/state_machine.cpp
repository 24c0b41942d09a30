#include "engine/container/state_machine.hpp"

#include <array>
#include <cstdint>

namespace mydocker::engine {

namespace {

using S = Status;

// A set of states as bits, so one rule covers several.
struct States {
  uint32_t bits = 0;
  constexpr States(std::initializer_list<Status> list) {
    for (Status s : list)
      bits |= 1u << static_cast<int>(s);
  }
  constexpr bool has(Status s) const { return bits & (1u << static_cast<int>(s)); }
};

constexpr States ALL{S::Created,  S::Running, S::Paused, S::Restarting,
                     S::Removing, S::Exited,  S::Dead};

enum class Outcome { Allowed, Refused };

struct Rule {
  Verb verb;
  States from;
  Outcome outcome;
  std::optional<Status> to; // Allowed: the next state (nullopt: unchanged)
  Errc code;                // Refused: Docker's status
  std::string_view message; // Refused: Docker's text; {ref}, {id}, {name} are filled in
};

constexpr auto ok(Verb v, States from, std::optional<Status> to = std::nullopt) {
  return Rule{v, from, Outcome::Allowed, to, Errc::Internal, ""};
}
constexpr auto no(Verb v, States from, Errc code, std::string_view message) {
  return Rule{v, from, Outcome::Refused, std::nullopt, code, message};
}

constexpr std::string_view NOT_RUNNING = "container {id} is not running";
constexpr std::string_view RESTARTING = "Container {id} is restarting, wait until the container "
                                        "is running";
constexpr std::string_view MARKED = "container is marked for removal and cannot be started";
constexpr std::string_view REMOVING = "removal of container {ref} is already in progress";
constexpr std::string_view CANNOT_REMOVE = "cannot remove container \"/{name}\": container is ";
constexpr std::string_view STOP_FIRST = ": stop the container before removing or force remove";

// The first rule that names the verb and the state decides.
constexpr auto RULES = std::to_array<Rule>({
    ok(Verb::Start, {S::Created, S::Exited}, S::Running),
    no(Verb::Start, {S::Running, S::Restarting}, Errc::NotModified, "container already started"),
    no(Verb::Start, {S::Paused}, Errc::Conflict,
       "cannot start a paused container, try unpause instead"),
    no(Verb::Start, {S::Removing, S::Dead}, Errc::Conflict, MARKED),

    ok(Verb::Stop, {S::Running, S::Paused, S::Restarting}, S::Exited),
    no(Verb::Stop, ALL, Errc::NotModified, "container already stopped"),

    ok(Verb::Kill, {S::Running, S::Paused}),
    no(Verb::Kill, {S::Restarting}, Errc::Conflict,
       "Cannot kill container: {ref}: Container {id} is restarting, wait until the container "
       "is running"),
    no(Verb::Kill, ALL, Errc::Conflict,
       "cannot kill container: {ref}: container {id} is not running"),

    ok(Verb::Restart, {S::Created, S::Running, S::Paused, S::Restarting, S::Exited}, S::Running),
    no(Verb::Restart, ALL, Errc::Conflict, MARKED),

    ok(Verb::Pause, {S::Running}, S::Paused),
    no(Verb::Pause, {S::Paused}, Errc::Conflict, "Container {id} is already paused"),
    no(Verb::Pause, {S::Restarting}, Errc::Conflict, RESTARTING),
    no(Verb::Pause, ALL, Errc::Conflict, NOT_RUNNING),

    ok(Verb::Unpause, {S::Paused}, S::Running),
    no(Verb::Unpause, ALL, Errc::Internal, "Container {id} is not paused"), // dockerd: 500

    ok(Verb::Remove, {S::Created, S::Exited, S::Dead}, S::Removing),
    no(Verb::Remove, {S::Removing}, Errc::Conflict, REMOVING),
    no(Verb::Remove, {S::Running}, Errc::Conflict, "{cannot}running{stop}"),
    no(Verb::Remove, {S::Paused}, Errc::Conflict,
       "{cannot}paused and must be unpaused first{stop}"),
    no(Verb::Remove, {S::Restarting}, Errc::Conflict, "{cannot}restarting{stop}"),

    no(Verb::ForceRemove, {S::Removing}, Errc::Conflict, REMOVING),
    ok(Verb::ForceRemove, ALL, S::Removing),

    no(Verb::Attach, {S::Paused}, Errc::Conflict,
       "container {ref} is paused, unpause the container before attach"),
    no(Verb::Attach, {S::Restarting}, Errc::Conflict,
       "container {ref} is restarting, wait until the container is running"),
    ok(Verb::Attach, ALL),

    ok(Verb::Exec, {S::Running}),
    no(Verb::Exec, {S::Paused}, Errc::Conflict,
       "Container {ref} is paused, unpause the container before exec"),
    no(Verb::Exec, {S::Restarting}, Errc::Conflict, RESTARTING),
    no(Verb::Exec, ALL, Errc::Conflict, "Container {id} is not running"), // dockerd 20.10

    no(Verb::Rename, {S::Removing, S::Dead}, Errc::Conflict,
       "Can't rename container which is dead or marked for removal"),
    ok(Verb::Rename, ALL),

    no(Verb::Commit, {S::Removing, S::Dead}, Errc::Conflict,
       "You cannot commit container {id} which is being removed or dead"),
    ok(Verb::Commit, ALL),

    ok(Verb::Wait, ALL),

    ok(Verb::OnExit, {S::Running, S::Paused}, S::Exited),
    ok(Verb::OnExit, {S::Removing}), // a forced removal killed it; the removal goes on
    no(Verb::OnExit, ALL, Errc::Internal, "container {id} had no process that could exit"),

    ok(Verb::RestartPolicy, {S::Exited}, S::Restarting),
    ok(Verb::RestartPolicy, {S::Restarting}, S::Running),
    no(Verb::RestartPolicy, ALL, Errc::Conflict,
       "container {id} is no longer waiting for a restart"),
});

void replace_all(std::string& text, std::string_view key, std::string_view value) {
  for (size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + value.size()))
    text.replace(at, key.size(), value);
}

std::string fill(std::string_view message, const Subject& who) {
  std::string text(message);
  replace_all(text, "{cannot}", CANNOT_REMOVE);
  replace_all(text, "{stop}", STOP_FIRST);
  replace_all(text, "{ref}", who.ref);
  replace_all(text, "{id}", who.id);
  replace_all(text, "{name}", who.name);
  return text;
}

} // namespace

Result<std::optional<Status>> transition(Verb verb, Status from, const Subject& who) {
  for (const Rule& rule : RULES) {
    if (rule.verb != verb || !rule.from.has(from))
      continue;
    if (rule.outcome == Outcome::Allowed)
      return rule.to;
    return make_error(rule.code, fill(rule.message, who));
  }
  // Every verb ends with a rule for the states it does not name; reaching here is a table bug.
  return internal_error("no transition for " + std::string(verb_name(verb)) + " from " +
                        status_name(from));
}

bool is_running(Status s) {
  return s == Status::Running || s == Status::Paused || s == Status::Restarting;
}

bool has_process(Status s) {
  return s == Status::Running || s == Status::Paused;
}

std::string_view verb_name(Verb verb) {
  constexpr std::string_view NAMES[] = {
      "start",  "stop", "kill",   "restart", "pause", "unpause", "remove",        "force-remove",
      "attach", "exec", "rename", "commit",  "wait",  "on-exit", "restart-policy"};
  return NAMES[static_cast<int>(verb)];
}

} // namespace mydocker::engine
