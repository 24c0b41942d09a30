// The name/ID index of containers under one small lock: lookup by full ID, name or ID prefix
// (Docker's order), name reservation for create and rename. It never touches a container's own
// mutex, so it may be taken while one is held (the order is: entry, then index).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "engine/container/container_entry.hpp"

namespace mydocker::engine {

class ContainerIndex {
public:
  // NotFound "No such container: <ref>"; InvalidArgument for an ambiguous ID prefix.
  Result<std::shared_ptr<ContainerEntry>> find(const std::string& ref) const;
  // Takes `name` for container `id`; Conflict with Docker's text when another container has it.
  Result<void> reserve_name(const std::string& name, const std::string& id);
  void release_name(const std::string& name, const std::string& id);
  // Moves `id` from `old_name` to `new_name` (Conflict when taken).
  Result<void> rename(const std::string& id, const std::string& old_name,
                      const std::string& new_name);
  // `entry`'s name must already be reserved for its ID.
  void insert(const std::string& id, std::shared_ptr<ContainerEntry> entry);
  void erase(const std::string& id, const std::string& name);
  std::vector<std::shared_ptr<ContainerEntry>> all() const;

private:
  mutable std::mutex m_mutex;
  std::map<std::string, std::shared_ptr<ContainerEntry>> m_by_id;
  std::map<std::string, std::string> m_id_by_name; // also names reserved by a create under way
};

} // namespace mydocker::engine
