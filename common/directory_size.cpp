#include "common/directory_size.hpp"

#include <ftw.h>

#include <set>
#include <utility>

namespace mydocker {

namespace {

// nftw offers no user pointer; the walk is short and per-thread.
thread_local int64_t t_total = 0;
thread_local std::set<std::pair<dev_t, ino_t>>* t_seen = nullptr;

int visit(const char*, const struct stat* st, int type, struct FTW*) {
  if (type == FTW_D || type == FTW_DP || type == FTW_DNR || type == FTW_NS)
    return 0;
  if (st->st_nlink > 1 && !t_seen->insert({st->st_dev, st->st_ino}).second)
    return 0;
  t_total += st->st_size;
  return 0;
}

} // namespace

int64_t directory_size(const std::string& path) {
  std::set<std::pair<dev_t, ino_t>> seen;
  t_total = 0;
  t_seen = &seen;
  ::nftw(path.c_str(), visit, 32, FTW_PHYS | FTW_MOUNT);
  t_seen = nullptr;
  return t_total;
}

} // namespace mydocker
