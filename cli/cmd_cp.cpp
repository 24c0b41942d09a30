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
#include "cli/cp_paths.hpp"
#include "cli/cp_tar.hpp"
#include "cli/simple_command.hpp"
#include "common/base64.hpp"
#include "common/human_format.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;
using namespace cp;

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

// -L: a symlink source becomes its target; returns the name the copy keeps (moby's rebase).
std::string follow_source_link(client::Client& c, CpRequest& r) {
  auto st = stat_path(c, r.container, r.src);
  if (!st || !(st->mode & api::GO_MODE_SYMLINK))
    return "";
  std::string target = st->link_target;
  if (target.empty() || target[0] != '/')
    target = join(split_dir_entry(r.src).first, target);
  std::string rebase;
  std::tie(r.src, rebase) = rebase_name(r.src, target);
  return rebase;
}

// Spools the tar of `r.src` to a temp file and unpacks it as `prepared` says.
Result<int64_t> unpack_from_container(client::Client& c, const CpRequest& r,
                                      const Prepared& prepared) {
  std::unique_ptr<std::FILE, decltype(&std::fclose)> spool(std::tmpfile(), std::fclose);
  if (!spool)
    return cli_error(std::string("tmpfile: ") + std::strerror(errno));
  int64_t got = TRY(fetch_tar(c, r.container, r.src, [&](std::string_view d) {
    return std::fwrite(d.data(), 1, d.size(), spool.get()) == d.size();
  }));
  std::fflush(spool.get());
  std::string old_base = split_dir_entry(r.src).second;
  TRY_VOID(untar_into(spool.get(), prepared.dir, prepared.new_base.empty() ? "" : old_base,
                      prepared.new_base));
  return got;
}

int copy_from_container(client::Client& c, CpRequest r) {
  if (r.dst != "-")
    r.dst = local_path(r.dst);
  if (auto valid = r.dst == "-" ? Result<void>{} : validate_output_path(r.dst); !valid)
    return fail(valid.error());
  std::string rebase = r.follow ? follow_source_link(c, r) : "";
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
  auto got = unpack_from_container(c, r, *prepared);
  if (!got)
    return fail(got.error());
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
