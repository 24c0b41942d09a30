// A container's states and the transitions each verb may make, as one table
// (state_machine.cpp). Every verb of ContainerService asks `transition` before it acts; a
// forbidden transition comes back as Docker's status code and exact message.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "engine/container/container_record.hpp"

namespace mydocker::engine {

enum class Verb {
  Start,
  Stop,
  Kill,
  Restart, // docker restart
  Pause,
  Unpause,
  Remove,
  ForceRemove,
  Attach,
  Exec,
  Rename,
  Commit,
  Wait,
  OnExit,        // the container's process ended
  RestartPolicy, // the restart manager: schedule a restart, then run it after the backoff
};

// Names the container in messages the way Docker does: as the client typed it, by full ID,
// or by name (without the slash).
struct Subject {
  std::string_view ref;
  std::string_view id;
  std::string_view name;
};

// The state `verb` leads to from `from` (nullopt: the state stays), or Docker's refusal
// (NotModified for a start of a running or a stop of a stopped container, Conflict for the
// 409s, Internal where dockerd answers 500).
Result<std::optional<Status>> transition(Verb verb, Status from, const Subject& who);

// Docker's `State.Running`: a restarting container counts as running (its restart is under way).
bool is_running(Status s);
// A process exists for the container (running or frozen).
bool has_process(Status s);

std::string_view verb_name(Verb verb);

} // namespace mydocker::engine
