// mydocker pull and push: the daemon's JSON progress lines shown as docker shows them
// (plain "id: status" lines when stdout is not a terminal, redrawn lines on one).
#include <unistd.h>

#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/registry_credentials.hpp"
#include "cli/simple_command.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;

// moby pkg/jsonmessage DisplayJSONMessagesStream, reduced to what pull and push send.
class ProgressDisplay {
public:
  explicit ProgressDisplay(bool quiet) : m_tty(::isatty(STDOUT_FILENO) == 1), m_quiet(quiet) {}

  // Returns the stream's error message, if this line carries one.
  std::optional<std::string> show(const json& m) {
    if (m.contains("errorDetail") || m.contains("error")) {
      std::string text = m.value("error", "");
      if (m.contains("errorDetail") && m["errorDetail"].is_object())
        text = m["errorDetail"].value("message", text);
      return text;
    }
    if (m_quiet || !m.contains("status"))
      return std::nullopt;
    std::string id = m.value("id", "");
    std::string status = m.value("status", "");
    bool has_progress = m.contains("progress") && !m.value("progress", "").empty();
    if (!m_tty) {
      if (!has_progress) // progress bars are for terminals only
        std::cout << (id.empty() ? "" : id + ": ") << status << "\n";
      return std::nullopt;
    }
    std::string line = (id.empty() ? "" : id + ": ") + status +
                       (has_progress ? " " + m.value("progress", "") : "");
    draw(id, line);
    return std::nullopt;
  }

private:
  // Each id keeps its line; an update moves the cursor up to it and back.
  void draw(const std::string& id, const std::string& line) {
    auto it = id.empty() ? m_ids.end() : std::find(m_ids.begin(), m_ids.end(), id);
    if (it == m_ids.end()) {
      std::cout << line << "\n" << std::flush;
      if (!id.empty())
        m_ids.push_back(id);
      else
        m_ids.clear(); // lines without id end the redrawable block
      return;
    }
    size_t up = static_cast<size_t>(m_ids.end() - it);
    std::cout << "\x1b[" << up << "A\r\x1b[2K" << line << "\r\x1b[" << up << "B" << std::flush;
  }

  bool m_tty;
  bool m_quiet;
  std::vector<std::string> m_ids;
};

// Splits "name[:tag|@digest]" into name and the tag-or-digest of the API's `tag` query.
std::pair<std::string, std::string> split_tag(const std::string& image) {
  if (size_t at = image.find('@'); at != std::string::npos)
    return {image.substr(0, at), image.substr(at + 1)};
  size_t slash = image.rfind('/');
  size_t colon = image.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash))
    return {image.substr(0, colon), image.substr(colon + 1)};
  return {image, ""};
}

// Streams one progress request; 0, or docker's exit status 1 after printing the error.
int stream(client::Client& c, const std::string& path, const std::string& image, bool quiet) {
  auto s = c.open_stream("POST", path, registry_auth_headers(registry_of(image)));
  if (!s)
    return report_error(s.error());
  auto status = (*s)->read_headers();
  if (!status)
    return report_error(status.error());
  std::string body, carry;
  ProgressDisplay display(quiet);
  std::optional<std::string> failure;
  auto read = (*s)->read_body([&](std::string_view data) {
    if (*status >= 400) {
      body.append(data);
      return;
    }
    carry.append(data);
    for (size_t nl; (nl = carry.find('\n')) != std::string::npos; carry.erase(0, nl + 1)) {
      json m = json::parse(carry.substr(0, nl), nullptr, false);
      if (m.is_object() && !failure)
        failure = display.show(m);
    }
  });
  if (!read)
    return report_error(read.error());
  if (*status >= 400) {
    json j = json::parse(body, nullptr, false);
    std::string text = j.is_object() ? j.value("message", body) : body;
    return report_error(Error{Errc::Internal, 0, text});
  }
  if (failure) {
    std::cerr << *failure << "\n";
    return 1;
  }
  return 0;
}

int run_pull(Invocation& inv, const ParsedArgs& args) {
  std::string image = args.positionals[0];
  bool quiet = args.has("quiet");
  bool all = args.has("all-tags");
  if (is_name_only(image) && !quiet && !all)
    std::cout << "Using default tag: latest\n";
  auto [name, tag] = split_tag(image);
  if (all && !tag.empty()) {
    std::cerr << "tag can't be used with --all-tags/-a\n";
    return 1;
  }
  std::string query = "/images/create?fromImage=" + percent_encode(name) + "&tag=" +
                      percent_encode(all           ? ""
                                     : tag.empty() ? "latest"
                                                   : tag);
  if (args.has("platform"))
    query += "&platform=" + percent_encode(args.last("platform"));
  client::Client* c = inv.client();
  if (!c)
    return 1;
  if (int rc = stream(*c, query, image, quiet); rc != 0)
    return rc;
  std::string shown = normalized_reference(image);
  std::cout << (all ? shown.substr(0, shown.rfind(':')) : shown) << "\n";
  return 0;
}

int run_push(Invocation& inv, const ParsedArgs& args) {
  std::string image = args.positionals[0];
  bool quiet = args.has("quiet");
  bool all = args.has("all-tags");
  if (is_name_only(image) && !all && !quiet)
    std::cout << "Using default tag: latest\n";
  auto [name, tag] = split_tag(image);
  if (all && !tag.empty()) {
    std::cerr << "tag can't be used with --all-tags/-a\n";
    return 1;
  }
  client::Client* c = inv.client();
  if (!c)
    return 1;
  std::string path = "/images/" + name + "/push?tag=" +
                     percent_encode(all           ? ""
                                    : tag.empty() ? "latest"
                                                  : tag);
  if (int rc = stream(*c, path, image, quiet); rc != 0)
    return rc;
  if (quiet)
    std::cout << normalized_reference(image) << "\n";
  return 0;
}

} // namespace

Command pull_command() {
  return simple_command(
      {"pull",
       "[OPTIONS] NAME[:TAG|@DIGEST]",
       "Download an image from a registry",
       {{"-a, --all-tags", "Download all tagged images in the repository"},
        {"    --platform string", "Set platform if server is multi-platform capable"},
        {"-q, --quiet", "Suppress verbose output"}},
       "Common Commands"},
      {{"a", "all-tags", false},
       {"", "platform", true},
       {"q", "quiet", false},
       {"", "disable-content-trust", false}},
      1, 1, run_pull);
}

Command push_command() {
  return simple_command({"push",
                         "[OPTIONS] NAME[:TAG]",
                         "Upload an image to a registry",
                         {{"-a, --all-tags", "Push all tags of an image to the repository"},
                          {"-q, --quiet", "Suppress verbose output"}},
                         "Common Commands"},
                        {{"a", "all-tags", false},
                         {"q", "quiet", false},
                         {"", "platform", true},
                         {"", "disable-content-trust", false}},
                        1, 1, run_push);
}

} // namespace mydocker::cli
