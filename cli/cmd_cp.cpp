// mydocker cp: the docker CLI's copy rules (cli/command/container/cp.go and moby's
// pkg/archive copy.go): stat the container side, shape the tar so that it lands under the
// wanted name, let the daemon (into a container) or cp_tar (onto the host) unpack it.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>
#include <tuple>

#include "api/types/container_path_stat.hpp"
#include "cli/commands.hpp"
#include "cli/cp_tar.hpp"
#include "cli/simple_command.hpp"
#include "common/base64.hpp"
#include "common/human_format.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

struct CopyInfo {
  std::string path;
  bool exists = false;
  bool is_dir = false;
  std::string rebase_name;
};

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// Go's filepath.Clean (relative paths kept relative).
std::string clean(const std::string& path) {
  bool absolute = !path.empty() && path[0] == '/';
  std::vector<std::string> parts;
  std::stringstream in(path);
  for (std::string part; std::getline(in, part, '/');) {
    if (part.empty() || part == ".")
      continue;
    if (part == ".." && !parts.empty() && parts.back() != "..")
      parts.pop_back();
    else if (part != ".." || !absolute)
      parts.push_back(part);
  }
  std::string out = absolute ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i)
    out += (i ? "/" : "") + parts[i];
  return out.empty() ? "." : out;
}

// moby's SplitPathDirEntry: ("/a/b/." keeps "." as the entry).
std::pair<std::string, std::string> split_dir_entry(const std::string& path) {
  std::string cleaned = clean(path);
  if (ends_with(path, "/.") || path == ".")
    cleaned += cleaned == "/" ? "." : "/.";
  size_t slash = cleaned.rfind('/');
  if (slash == std::string::npos)
    return {".", cleaned};
  return {slash == 0 ? "/" : cleaned.substr(0, slash), cleaned.substr(slash + 1)};
}

std::string base_of(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/')
    p.pop_back();
  return p == "/" ? "/" : p.substr(p.rfind('/') + 1);
}

std::string join(const std::string& dir, const std::string& name) {
  return clean(dir + "/" + name);
}

// An absolute local path that keeps a trailing "/" or "/." (docker's resolveLocalPath).
std::string local_path(const std::string& path) {
  char cwd[PATH_MAX];
  std::string abs =
      path[0] == '/' || !::getcwd(cwd, sizeof cwd) ? path : std::string(cwd) + "/" + path;
  std::string out = clean(abs);
  if ((ends_with(path, "/.") || path == ".") && !ends_with(out, "/."))
    out += out == "/" ? "." : "/.";
  else if (ends_with(path, "/") && !ends_with(out, "/"))
    out += "/";
  return out;
}

// A client-side failure: printed as it is, without "Error response from daemon: ".
tl::unexpected<Error> cli_error(const std::string& message) {
  return make_error(Errc::Unavailable, message);
}

int fail(const Error& e) {
  return report_error(e);
}

int fail(const tl::unexpected<Error>& e) {
  return report_error(e.value());
}

std::string archive_path(const std::string& container, const std::string& path) {
  return "/containers/" + percent_encode(container) + "/archive?path=" + percent_encode(path);
}

Result<api::ContainerPathStat> stat_path(client::Client& c, const std::string& container,
                                         const std::string& path) {
  auto res = c.request("HEAD", archive_path(container, path));
  if (!res)
    return tl::unexpected(res.error());
  std::string text;
  auto it = res->headers.find("x-docker-container-path-stat");
  if (it == res->headers.end() || !base64_decode(it->second, text))
    return cli_error("unable to decode container path stat header");
  auto j = json::parse(text, nullptr, false);
  if (!j.is_object())
    return cli_error("unable to decode container path stat header");
  return api::ContainerPathStat{j.value("name", ""), j.value("size", int64_t{0}),
                                j.value("mode", int64_t{0}), j.value("mtime", ""),
                                j.value("linkTarget", "")};
}

bool is_dir_mode(int64_t mode) {
  return (mode & api::GO_MODE_DIR) != 0;
}

// moby's GetRebaseName: keeps "/" or "/." of `path` on `resolved`; the name to restore.
std::pair<std::string, std::string> rebase_name(const std::string& path, std::string resolved) {
  if ((ends_with(path, "/.") || path == ".") && !ends_with(resolved, "/."))
    resolved += "/.";
  else if (ends_with(path, "/") && !ends_with(resolved, "/"))
    resolved += "/";
  std::string rebase = base_of(path) != base_of(resolved) ? base_of(path) : "";
  return {resolved, rebase};
}

struct Prepared {
  std::string dir;      // where the tar is unpacked
  std::string new_base; // the name its top entry takes ("" = as it is)
};

// moby's PrepareArchiveCopy.
Result<Prepared> prepare_copy(const CopyInfo& src, const CopyInfo& dst) {
  auto [dst_dir, dst_base] = split_dir_entry(dst.path);
  if (dst.exists && dst.is_dir)
    return Prepared{dst.path, src.rebase_name};
  if (dst.exists && src.is_dir)
    return cli_error("cannot copy directory");
  if (!dst.exists && !src.is_dir && (ends_with(dst.path, "/") || ends_with(dst.path, "/.")))
    return cli_error("no such directory");
  return Prepared{dst_dir, dst_base};
}

// moby's CopyInfoDestinationPath: a symlink at the destination is followed (up to 10).
Result<CopyInfo> local_destination(std::string path) {
  struct stat st {};
  int r = ::lstat(path.c_str(), &st);
  for (int n = 0; r == 0 && S_ISLNK(st.st_mode); ++n) {
    if (n > 10)
      return cli_error("too many symlinks in " + path);
    char target[PATH_MAX];
    ssize_t len = ::readlink(path.c_str(), target, sizeof target - 1);
    std::string link(target, len > 0 ? static_cast<size_t>(len) : 0);
    path = link[0] == '/' ? link : join(split_dir_entry(path).first, link);
    r = ::lstat(path.c_str(), &st);
  }
  if (r == 0)
    return CopyInfo{path, true, S_ISDIR(st.st_mode), ""};
  if (errno != ENOENT)
    return cli_error("lstat " + path + ": " + std::strerror(errno));
  std::string parent = split_dir_entry(path).first;
  if (::stat(parent.c_str(), &st) != 0)
    return cli_error("stat " + parent + ": no such file or directory");
  if (!S_ISDIR(st.st_mode))
    return cli_error("not a directory");
  return CopyInfo{path, false, false, ""};
}

// moby's CopyInfoSourcePath: symlinks before the last element resolved (all with -L).
Result<CopyInfo> local_source(const std::string& path, bool follow) {
  char real[PATH_MAX];
  CopyInfo info;
  if (follow) {
    if (!::realpath(path.c_str(), real))
      return cli_error("lstat " + path + ": no such file or directory");
    std::tie(info.path, info.rebase_name) = rebase_name(path, real);
  } else {
    size_t slash = path.rfind('/');
    std::string dir = path.substr(0, slash + 1), base = path.substr(slash + 1);
    info.path = std::string(::realpath(dir.c_str(), real) ? real : dir) + "/" + base;
    info.path = clean(info.path) + (base.empty() ? "/" : base == "." ? "/." : "");
    if (ends_with(path, "/") && base_of(path) != base_of(info.path))
      info.rebase_name = base_of(path);
  }
  struct stat st {};
  if (::lstat(info.path.c_str(), &st) != 0)
    return cli_error("lstat " + clean(info.path) + ": no such file or directory");
  info.exists = true;
  info.is_dir = S_ISDIR(st.st_mode);
  return info;
}

void report_copied(int64_t bytes, const std::string& where, bool quiet) {
  if (!quiet && ::isatty(STDERR_FILENO))
    std::cerr << "Successfully copied " << human_size(static_cast<double>(bytes)) << " to " << where
              << "\n";
}

// GETs the tar of `path`; each piece goes to `sink`. Returns the byte count.
Result<int64_t> fetch_tar(client::Client& c, const std::string& container, const std::string& path,
                          const std::function<bool(std::string_view)>& sink) {
  auto stream = c.open_stream("GET", archive_path(container, path));
  if (!stream)
    return tl::unexpected(stream.error());
  auto status = (*stream)->read_headers();
  if (!status)
    return tl::unexpected(status.error());
  int64_t total = 0;
  bool ok = true;
  std::string error_body;
  auto read = (*stream)->read_body([&](std::string_view d) {
    if (*status >= 400)
      error_body.append(d);
    else if (ok)
      ok = sink(d);
    total += static_cast<int64_t>(d.size());
  });
  if (*status >= 400) {
    auto j = json::parse(error_body, nullptr, false);
    return tl::unexpected(
        Error{Errc::Internal, 0, j.is_object() ? j.value("message", error_body) : error_body});
  }
  if (!read)
    return tl::unexpected(read.error());
  if (!ok)
    return cli_error(std::string("write: ") + std::strerror(errno));
  return total;
}

bool write_all(int fd, std::string_view d) {
  while (!d.empty()) {
    ssize_t n = ::write(fd, d.data(), d.size());
    if (n <= 0)
      return false;
    d.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

struct CpRequest {
  std::string container, src, dst;
  bool follow = false, archive = false, quiet = false;
};

// The docker CLI's ValidateOutputPath: the parent directory must exist.
Result<void> validate_output_path(const std::string& path) {
  std::string dir = clean(path);
  dir = dir.rfind('/') == std::string::npos ? "."
                                            : dir.substr(0, std::max<size_t>(dir.rfind('/'), 1));
  struct stat st {};
  if (dir != "." && ::stat(dir.c_str(), &st) != 0 && errno == ENOENT)
    return cli_error("invalid output path: directory \"" + dir + "\" does not exist");
  return {};
}

int copy_from_container(client::Client& c, CpRequest r) {
  if (r.dst != "-")
    r.dst = local_path(r.dst);
  if (auto valid = r.dst == "-" ? Result<void>{} : validate_output_path(r.dst); !valid)
    return fail(valid.error());
  std::string rebase;
  if (r.follow) {
    auto st = stat_path(c, r.container, r.src);
    if (st && (st->mode & api::GO_MODE_SYMLINK)) {
      std::string target = st->link_target;
      if (target.empty() || target[0] != '/')
        target = join(split_dir_entry(r.src).first, target);
      std::tie(r.src, rebase) = rebase_name(r.src, target);
    }
  }
  auto st = stat_path(c, r.container, r.src);
  if (!st) { // a HEAD answer has no body: the GET gives the daemon's message, as docker's does
    auto message = fetch_tar(c, r.container, r.src, [](std::string_view) { return true; });
    return fail(message ? st.error() : message.error());
  }
  if (r.dst == "-") {
    auto sent = fetch_tar(c, r.container, r.src,
                          [](std::string_view d) { return write_all(STDOUT_FILENO, d); });
    return sent ? 0 : fail(sent.error());
  }
  CopyInfo src{r.src, true, is_dir_mode(st->mode), rebase};
  auto dst = local_destination(r.dst);
  if (!dst)
    return fail(dst.error());
  auto prepared = prepare_copy(src, *dst);
  if (!prepared)
    return fail(prepared.error());
  std::unique_ptr<std::FILE, decltype(&std::fclose)> spool(std::tmpfile(), std::fclose);
  if (!spool)
    return fail(cli_error(std::string("tmpfile: ") + std::strerror(errno)));
  auto got = fetch_tar(c, r.container, r.src, [&](std::string_view d) {
    return std::fwrite(d.data(), 1, d.size(), spool.get()) == d.size();
  });
  if (!got)
    return fail(got.error());
  std::fflush(spool.get());
  std::string old_base = split_dir_entry(r.src).second;
  auto done = untar_into(spool.get(), prepared->dir, prepared->new_base.empty() ? "" : old_base,
                         prepared->new_base);
  if (!done)
    return fail(done.error());
  report_copied(*got, r.dst, r.quiet);
  return 0;
}

// The container side of a copy in: its symlink followed once, as the docker CLI does.
CopyInfo container_destination(client::Client& c, const CpRequest& r) {
  CopyInfo dst{r.dst, false, false, ""};
  auto st = stat_path(c, r.container, r.dst);
  if (st && (st->mode & api::GO_MODE_SYMLINK)) {
    std::string target = st->link_target;
    if (target.empty() || target[0] != '/')
      target = join(split_dir_entry(r.dst).first, target);
    dst.path = target;
    st = stat_path(c, r.container, target);
  }
  if (st) {
    dst.exists = true;
    dst.is_dir = is_dir_mode(st->mode);
  }
  return dst;
}

int put_tar(client::Client& c, const CpRequest& r, const std::string& dir, const std::string& tar) {
  std::string query = archive_path(r.container, dir) + "&noOverwriteDirNonDir=true";
  if (r.archive)
    query += "&copyUIDGID=true";
  auto res = c.request("PUT", query, tar, "application/x-tar");
  if (!res)
    return fail(res.error());
  report_copied(static_cast<int64_t>(tar.size()), r.container + ":" + r.dst, r.quiet);
  return 0;
}

int copy_to_container(client::Client& c, CpRequest r) {
  if (r.src != "-")
    r.src = local_path(r.src);
  CopyInfo dst = container_destination(c, r);
  if (r.src == "-") {
    if (!dst.is_dir)
      return fail(
          cli_error("destination \"" + r.container + ":" + r.dst + "\" must be a directory"));
    std::ostringstream in;
    in << std::cin.rdbuf();
    return put_tar(c, r, dst.path, in.str());
  }
  auto src = local_source(r.src, r.follow);
  if (!src)
    return fail(src.error());
  auto prepared = prepare_copy(*src, dst);
  if (!prepared)
    return fail(prepared.error());
  auto [dir, base] = split_dir_entry(src->path);
  auto tar = tar_local_path(dir, base, prepared->new_base);
  if (!tar)
    return fail(tar.error());
  return put_tar(c, r, prepared->dir, *tar);
}

// "CONTAINER:PATH" -> (container, path); a local path has no ':' before its first '/'.
std::pair<std::string, std::string> split_cp_arg(const std::string& arg) {
  if (arg.empty() || arg[0] == '/' || arg[0] == '.')
    return {"", arg};
  size_t colon = arg.find(':');
  if (colon == std::string::npos || arg.substr(0, colon).find('/') != std::string::npos)
    return {"", arg};
  return {arg.substr(0, colon), arg.substr(colon + 1)};
}

int run_cp(Invocation& inv, const ParsedArgs& a) {
  auto [src_container, src] = split_cp_arg(a.positionals[0]);
  auto [dst_container, dst] = split_cp_arg(a.positionals[1]);
  if (src.empty())
    return fail(cli_error("source can not be empty"));
  if (dst.empty())
    return fail(cli_error("destination can not be empty"));
  if (src_container.empty() && dst_container.empty())
    return fail(cli_error("must specify at least one container source"));
  if (!src_container.empty() && !dst_container.empty())
    return fail(cli_error("copying between containers is not supported"));
  client::Client* c = inv.client();
  if (!c)
    return 1;
  CpRequest r{src_container.empty() ? dst_container : src_container,
              src,
              dst,
              a.has("follow-link"),
              a.has("archive"),
              a.has("quiet")};
  return src_container.empty() ? copy_to_container(*c, r) : copy_from_container(*c, r);
}

} // namespace

Command cp_command() {
  return simple_command(
      {"cp",
       "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tmydocker cp [OPTIONS] SRC_PATH|- "
       "CONTAINER:DEST_PATH",
       "Copy files/folders between a container and the local filesystem",
       {{"-a, --archive", "Archive mode (copy all uid/gid information)"},
        {"-L, --follow-link", "Always follow symbol link in SRC_PATH"},
        {"-q, --quiet", "Suppress progress output during copy. Progress output is automatically "
                        "suppressed if no terminal is attached"}},
       "Commands"},
      {{"a", "archive", false}, {"L", "follow-link", false}, {"q", "quiet", false}}, 2, 2, run_cp);
}

} // namespace mydocker::cli
