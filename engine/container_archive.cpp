#include "engine/container_archive.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <vector>

#include "api/types/json_decode.hpp"
#include "api/types/json_encode.hpp"
#include "common/split.hpp"
#include "engine/container/spec_builder.hpp"
#include "engine/container_path.hpp"
#include "engine/runtime/user_lookup.hpp"
#include "engine/volume_binds.hpp"
#include "layers/path_copy.hpp"

namespace mydocker::engine {

namespace {

// ENOENT on the way is Docker's 404; anything else keeps its errno.
Error classify(const Error& e, const ContainerPath& p, const std::string& ref) {
  if (e.sys_errno == ENOENT)
    return Error{Errc::NotFound, 0, "Could not find the file " + p.given + " in container " + ref};
  if (e.sys_errno == ENOTDIR)
    return Error{Errc::Internal, ENOTDIR, "lstat " + p.abs + ": not a directory"};
  return e;
}

// The directory holding the member and the member's name in it ("." for the dir itself).
struct Located {
  Fd dir;
  std::string member;
};

Result<Located> locate(int root_fd, const ContainerPath& p) {
  if (p.base.empty()) // "/etc/": the directory itself, its last symlink followed
    return Located{TRY(layers::open_in_container_root(root_fd, p.abs, O_PATH | O_DIRECTORY)), "."};
  return Located{TRY(layers::open_in_container_root(root_fd, p.dir, O_PATH | O_DIRECTORY)), p.base};
}

// Path components without "" and "." (".." kept), last first (a stack).
std::vector<std::string> reversed_components(const std::string& path) {
  std::vector<std::string> parts;
  for (const auto& part : split(path, '/'))
    if (!part.empty() && part != ".")
      parts.push_back(part);
  return {parts.rbegin(), parts.rend()};
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts)
    out += "/" + part;
  return out.empty() ? "/" : out;
}

// Docker's FollowSymlinkInScope of `abs`, lexically, every link read inside the root.
std::string resolve_in_scope(int root_fd, const std::string& abs) {
  std::vector<std::string> done;
  std::vector<std::string> todo = reversed_components(abs);
  for (int links = 0; !todo.empty();) {
    std::string part = todo.back();
    todo.pop_back();
    if (part == "..") {
      if (!done.empty())
        done.pop_back();
      continue;
    }
    auto dir = layers::open_in_container_root(root_fd, joined(done), O_PATH | O_DIRECTORY);
    char target[4096];
    ssize_t n = dir ? ::readlinkat(dir->get(), part.c_str(), target, sizeof target - 1) : -1;
    if (n <= 0 || ++links > 255) {
      done.push_back(part);
      continue;
    }
    std::string text(target, static_cast<size_t>(n));
    if (text[0] == '/')
      done.clear();
    auto more = reversed_components(text);
    todo.insert(todo.end(), more.begin(), more.end());
  }
  return joined(done);
}

Result<api::ContainerPathStat> stat_in_root(int root_fd, const ContainerPath& p) {
  Located at = TRY(locate(root_fd, p));
  struct stat st {};
  if (::fstatat(at.dir.get(), at.member.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    return sys_error("lstat " + p.abs);
  api::ContainerPathStat s = path_stat(p.name, st);
  if (S_ISLNK(st.st_mode))
    s.link_target = resolve_in_scope(root_fd, p.abs);
  return s;
}

// The small payload a stopped container's child sends back.
std::string encode_stat(const api::ContainerPathStat& s) {
  return api::encode(s).dump();
}

Result<api::ContainerPathStat> decode_stat(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object())
    return internal_error("copy process: bad stat");
  api::ContainerPathStat stat;
  if (auto error = api::decode_into(j, stat, "PathStat"))
    return internal_error("copy process: bad stat: " + *error);
  return stat;
}

// At most 1 MiB of a regular file inside the root (never a FIFO or a device).
std::optional<std::string> read_in_root(int root_fd, const std::string& path) {
  auto fd = layers::open_in_container_root(root_fd, path, O_RDONLY | O_NONBLOCK);
  struct stat st {};
  if (!fd || ::fstat(fd->get(), &st) != 0 || !S_ISREG(st.st_mode))
    return std::nullopt;
  std::string text;
  char buf[8192];
  ssize_t n;
  while (text.size() < (1 << 20) && (n = ::read(fd->get(), buf, sizeof buf)) > 0)
    text.append(buf, static_cast<size_t>(n));
  return text;
}

Result<layers::CopyInOptions> copy_in_options(int root_fd, const ContainerRecord& r,
                                              const ArchiveUploadOptions& options) {
  layers::CopyInOptions o;
  o.no_overwrite_dir_non_dir = options.no_overwrite_dir_non_dir;
  if (!options.copy_uid_gid || r.config.user.empty())
    return o;
  auto user = TRY(runtime::resolve_user(r.config.user, {}, read_in_root(root_fd, "/etc/passwd"),
                                        read_in_root(root_fd, "/etc/group")));
  o.uid = user.uid;
  o.gid = user.gid;
  return o;
}

// Docker: a --read-only container takes copies only into its volumes and binds.
bool into_a_mount(const ContainerRecord& r, const std::string& resolved) {
  for (const auto& m : r.mounts) {
    std::string dest = m.type == "tmpfs" ? "" : clean_absolute(m.destination);
    if (!dest.empty() && dest != "/" && (resolved == dest || resolved.rfind(dest + "/", 0) == 0))
      return true;
  }
  return false;
}

// Docker resolves the destination with its last symlink followed; it must be a directory.
Result<void> extract_in_root(int root_fd, const ContainerPath& p, const ContainerRecord& r,
                             std::string_view tar, const ArchiveUploadOptions& options) {
  auto dest = layers::open_in_container_root(root_fd, p.abs, O_PATH);
  if (!dest)
    return tl::unexpected(dest.error());
  struct stat st {};
  if (::fstat(dest->get(), &st) != 0)
    return sys_error("lstat " + p.abs);
  if (!S_ISDIR(st.st_mode))
    return internal_error("extraction point is not a directory"); // dockerd: 500
  if (r.host_config.readonly_rootfs && !into_a_mount(r, resolve_in_scope(root_fd, p.abs)))
    return internal_error("container rootfs is marked read-only"); // dockerd: 500
  auto extracted =
      layers::extract_into(tar, dest->get(), TRY(copy_in_options(root_fd, r, options)));
  if (!extracted && extracted.error().code != Errc::InvalidArgument) // not the 404 of the dest
    return internal_error(extracted.error().message);
  return extracted;
}

} // namespace

Result<HeldContainer> ContainerArchive::held(const std::string& ref, const std::string& path) {
  HeldContainer h = TRY(m_containers.hold_for_copy(ref));
  if (path.empty())
    return invalid_argument("bad parameter: path cannot be empty");
  return h;
}

Result<ContainerRoot> ContainerArchive::root_of(const ContainerRecord& r) {
  if (has_process(r.state.status) && r.state.pid > 0) {
    auto same = [this, id = r.id, pid = r.state.pid] {
      auto now = m_containers.snapshot(id);
      return now && has_process(now->state.status) && now->state.pid == pid;
    };
    return ContainerRoot{r.state.pid, same, {}, {}};
  }
  // Stopped: the root and binds as the start path mounts them (lifecycle.cpp start_entry),
  // all private: nothing of the copy's mounts propagates anywhere.
  auto layer = TRY(m_images.container_layer(r.id));
  runtime::Spec spec = TRY(build_runtime_spec(r, layer, m_data_root + "/containers/" + r.id));
  if (m_volumes)
    TRY_VOID(add_container_mounts(*m_volumes, r.mounts, r.id, spec));
  std::vector<runtime::MountEntry> binds;
  for (auto m : spec.mounts)
    if (m.type == "bind" && ::access(m.source.c_str(), F_OK) == 0) {
      std::erase_if(m.options, [](const std::string& o) {
        return o == "shared" || o == "rshared" || o == "slave" || o == "rslave";
      });
      binds.push_back(std::move(m));
    }
  spec.mounts = binds;
  ContainerRoot root;
  auto full = runtime::plan_mounts(spec, {});
  root.mount_plan.assign(full.begin(), full.begin() + 3); // private, overlay, open root
  for (auto& step : runtime::plan_spec_mounts(binds))
    root.mount_plan.push_back(std::move(step));
  root.merged_dir = spec.rootfs.merged_dir;
  return root;
}

Result<api::ContainerPathStat> ContainerArchive::stat(const std::string& ref,
                                                      const std::string& path) {
  HeldContainer h = TRY(held(ref, path));
  return stat_of(h.record, ref, path);
}

Result<api::ContainerPathStat> ContainerArchive::stat_of(const ContainerRecord& r,
                                                         const std::string& ref,
                                                         const std::string& path) {
  ContainerPath p = split_container_path(path);
  ContainerRoot root = TRY(root_of(r));
  auto text = with_container_root(root, [&](int root_fd) -> Result<std::string> {
    return encode_stat(TRY(stat_in_root(root_fd, p)));
  });
  if (!text)
    return tl::unexpected(classify(text.error(), p, ref));
  return decode_stat(*text);
}

Result<ArchiveDownload> ContainerArchive::download(const std::string& ref,
                                                   const std::string& path) {
  HeldContainer h = TRY(held(ref, path));
  ArchiveDownload d{TRY(stat_of(h.record, ref, path)), {}};
  ContainerRoot root = TRY(root_of(h.record));
  ContainerPath p = split_container_path(path);
  // Held until the tar is written (or the route drops the writer unused).
  auto hold = std::make_shared<CopyHold>(std::move(h.hold));
  d.write = [root, p, ref, hold](int out_fd) -> Result<void> {
    auto work = [&](int root_fd) -> Result<std::string> {
      Located at = TRY(locate(root_fd, p));
      TRY_VOID(layers::write_path_tar(at.dir.get(), at.member, p.name, out_fd));
      return std::string();
    };
    auto written = with_container_root(root, work, {out_fd});
    hold->release();
    if (!written)
      return tl::unexpected(classify(written.error(), p, ref));
    return {};
  };
  return d;
}

Result<void> ContainerArchive::upload(const std::string& ref, const std::string& path,
                                      std::string_view tar, const ArchiveUploadOptions& options) {
  HeldContainer h = TRY(held(ref, path));
  const ContainerRecord& r = h.record;
  ContainerPath p = split_container_path(path);
  ContainerRoot root = TRY(root_of(r));
  auto done = with_container_root(root, [&](int root_fd) -> Result<std::string> {
    TRY_VOID(extract_in_root(root_fd, p, r, tar, options));
    return std::string();
  });
  if (!done)
    return tl::unexpected(classify(done.error(), p, ref));
  return {};
}

} // namespace mydocker::engine
