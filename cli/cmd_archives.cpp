// mydocker commit, export, save, load.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/json_messages.hpp"
#include "cli/simple_command.hpp"
#include "common/atomic_file.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

constexpr const char* TERMINAL_REFUSAL =
    "cowardly refusing to save to a terminal. Use the -o flag or redirect";

// "repo[:tag]" -> "&repo=..&tag=.." (a ':' after the last '/' starts the tag).
std::string repo_tag_query(const std::string& ref) {
  size_t slash = ref.rfind('/');
  size_t colon = ref.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash))
    return "&repo=" + percent_encode(ref.substr(0, colon)) +
           "&tag=" + percent_encode(ref.substr(colon + 1));
  return "&repo=" + percent_encode(ref) + "&tag=";
}

int run_commit(Invocation& inv, const ParsedArgs& a) {
  std::string query = "container=" + percent_encode(a.positionals[0]);
  if (a.positionals.size() > 1)
    query += repo_tag_query(a.positionals[1]);
  query += "&comment=" + percent_encode(a.last("message")) +
           "&author=" + percent_encode(a.last("author"));
  query += std::string("&pause=") + (a.last("pause", "true") == "false" ? "0" : "1");
  for (const auto& change : a.all("change"))
    query += "&changes=" + percent_encode(change);
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto res = c->request("POST", "/commit?" + query);
  if (!res)
    return report_error(res.error());
  std::cout << json::parse(res->body, nullptr, false).value("Id", "") << "\n";
  return 0;
}

// GETs `path` into `output` ("" = stdout), through a temp file renamed at the end so that a
// failed transfer never leaves a half archive under the wanted name.
int download(Invocation& inv, const std::string& path, const std::string& output) {
  if (output.empty() && ::isatty(STDOUT_FILENO)) {
    std::cerr << TERMINAL_REFUSAL << "\n";
    return 1;
  }
  client::Client* c = inv.client();
  if (!c)
    return 1;
  auto stream = c->open_stream("GET", path);
  if (!stream)
    return report_error(stream.error());
  auto status = (*stream)->read_headers();
  if (!status)
    return report_error(status.error());
  std::string body;
  if (*status >= 400) {
    (void)(*stream)->read_body([&](std::string_view d) { body.append(d); });
    json j = json::parse(body, nullptr, false);
    return report_error(Error{Errc::Internal, 0, j.is_object() ? j.value("message", body) : body});
  }
  std::string tmp = output.empty() ? "" : output + ".tmp-" + std::to_string(::getpid());
  int fd = output.empty() ? STDOUT_FILENO : ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    std::cerr << "failed to save: open " << output << ": " << std::strerror(errno) << "\n";
    return 1;
  }
  bool ok = true;
  auto read = (*stream)->read_body([&](std::string_view d) {
    for (size_t pos = 0; ok && pos < d.size();) {
      ssize_t n = ::write(fd, d.data() + pos, d.size() - pos);
      ok = n > 0;
      pos += n > 0 ? static_cast<size_t>(n) : 0;
    }
  });
  if (!output.empty()) {
    ok = ::close(fd) == 0 && ok && read && ::rename(tmp.c_str(), output.c_str()) == 0;
    if (!ok)
      ::unlink(tmp.c_str());
  }
  if (!read)
    return report_error(read.error());
  if (!ok)
    std::cerr << "failed to save: " << std::strerror(errno) << "\n";
  return ok ? 0 : 1;
}

int run_export(Invocation& inv, const ParsedArgs& a) {
  return download(inv, "/containers/" + percent_encode(a.positionals[0]) + "/export",
                  a.last("output"));
}

int run_save(Invocation& inv, const ParsedArgs& a) {
  std::string query;
  for (const auto& name : a.positionals)
    query += (query.empty() ? "?names=" : "&names=") + percent_encode(name);
  return download(inv, "/images/get" + query, a.last("output"));
}

int run_load(Invocation& inv, const ParsedArgs& a) {
  std::string data;
  if (a.has("input")) {
    auto read = read_file(a.last("input"));
    if (!read) {
      std::cerr << "open " << a.last("input") << ": no such file or directory\n";
      return 1;
    }
    data = std::move(*read);
  } else {
    if (::isatty(STDIN_FILENO)) {
      std::cerr << "requested load from stdin, but stdin is empty\n";
      return 1;
    }
    std::ostringstream in;
    in << std::cin.rdbuf();
    data = in.str();
  }
  client::Client* c = inv.client();
  if (!c)
    return 1;
  std::string quiet = a.has("quiet") && a.last("quiet") != "false" ? "1" : "0";
  auto res = c->request("POST", "/images/load?quiet=" + quiet, data, "application/x-tar");
  if (!res)
    return report_error(res.error());
  return print_json_messages(res->body, "stream");
}

} // namespace

std::vector<Command> archive_commands() {
  std::vector<Command> out;
  out.push_back(simple_command(
      {"commit",
       "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
       "Create a new image from a container's changes",
       {{"-a, --author string", "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")"},
        {"-c, --change list", "Apply Dockerfile instruction to the created image"},
        {"-m, --message string", "Commit message"},
        {"-p, --pause", "Pause container during commit (default true)"}},
       "Commands"},
      {{"a", "author", true}, {"c", "change", true}, {"m", "message", true}, {"p", "pause", false}},
      1, 2, run_commit));
  out.push_back(simple_command({"export",
                                "[OPTIONS] CONTAINER",
                                "Export a container's filesystem as a tar archive",
                                {{"-o, --output string", "Write to a file, instead of STDOUT"}},
                                "Commands"},
                               {{"o", "output", true}}, 1, 1, run_export));
  out.push_back(
      simple_command({"save",
                      "[OPTIONS] IMAGE [IMAGE...]",
                      "Save one or more images to a tar archive (streamed to STDOUT by default)",
                      {{"-o, --output string", "Write to a file, instead of STDOUT"}},
                      "Commands"},
                     {{"o", "output", true}, {"", "platform", true}}, 1, ANY, run_save));
  out.push_back(simple_command(
      {"load",
       "[OPTIONS]",
       "Load an image from a tar archive or STDIN",
       {{"-i, --input string", "Read from tar archive file, instead of STDIN"},
        {"-q, --quiet", "Suppress the load output"}},
       "Commands"},
      {{"i", "input", true}, {"q", "quiet", false}, {"", "platform", true}}, 0, 0, run_load));
  return out;
}

} // namespace mydocker::cli
