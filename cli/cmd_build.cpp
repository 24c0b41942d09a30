// mydocker build: the context directory (or a Dockerfile or tar on stdin) sent as a tar to
// POST /build with the classic builder's parameters; the JSON stream printed as docker does.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/context_tar.hpp"
#include "cli/simple_command.hpp"
#include "common/atomic_file.hpp"
#include "common/percent_encode.hpp"
#include "common/random_id.hpp"

namespace mydocker::cli {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

bool is_archive(const std::string& data) {
  return (data.size() >= 263 && data.compare(257, 5, "ustar") == 0) ||
         data.rfind("\x1f\x8b", 0) == 0;
}

// The tar to send and the `dockerfile` parameter naming the Dockerfile inside it.
Result<std::pair<std::string, std::string>> make_context(const ParsedArgs& args) {
  std::string context = args.positionals[0];
  std::string file = args.last("file");
  TarBuilder tar;
  if (context == "-") {
    std::ostringstream in;
    in << std::cin.rdbuf();
    if (is_archive(in.str()))
      return std::pair{in.str(), file.empty() ? "Dockerfile" : file};
    tar.add_file("Dockerfile", in.str());
    return std::pair{tar.finish(), std::string("Dockerfile")};
  }
  std::error_code ec;
  if (!fs::is_directory(context, ec))
    return invalid_argument("unable to prepare context: path \"" + context + "\" not found");
  TRY_VOID(tar.add_directory(context));
  if (file.empty())
    return std::pair{tar.finish(), std::string("Dockerfile")};
  // A Dockerfile outside the context travels in the tar under a name of its own.
  std::string rel =
      fs::relative(fs::absolute(file, ec), fs::absolute(context, ec), ec).generic_string();
  if (!ec && !rel.empty() && rel.rfind("..", 0) != 0)
    return std::pair{tar.finish(), rel};
  auto text = read_file(file);
  if (!text)
    return invalid_argument("unable to prepare context: unable to evaluate symlinks in "
                            "Dockerfile path: lstat " +
                            file + ": no such file or directory");
  std::string name = ".dockerfile." + random_hex_id(10);
  tar.add_file(name, *text);
  return std::pair{tar.finish(), name};
}

std::string build_query(const ParsedArgs& args, const std::string& dockerfile) {
  std::string q = "dockerfile=" + percent_encode(dockerfile);
  for (const auto& t : args.all("tag"))
    q += "&t=" + percent_encode(t);
  json build_args = json::object();
  for (const auto& a : args.all("build-arg")) {
    size_t eq = a.find('=');
    if (eq != std::string::npos)
      build_args[a.substr(0, eq)] = a.substr(eq + 1);
    else if (const char* env = std::getenv(a.c_str()))
      build_args[a] = env;
    else
      build_args[a] = nullptr;
  }
  json labels = json::object();
  for (const auto& l : args.all("label")) {
    size_t eq = l.find('=');
    labels[l.substr(0, eq)] = eq == std::string::npos ? "" : l.substr(eq + 1);
  }
  q += "&buildargs=" + percent_encode(build_args.dump());
  q += "&labels=" + percent_encode(labels.dump());
  if (args.has("no-cache"))
    q += "&nocache=1";
  if (args.has("cache-from"))
    q += "&cachefrom=" + percent_encode(json(args.all("cache-from")).dump());
  if (args.has("quiet"))
    q += "&q=1";
  if (args.has("pull"))
    q += "&pull=1";
  if (args.has("force-rm"))
    q += "&forcerm=1";
  q += "&rm=" + std::string(args.last("rm", "true") == "false" ? "0" : "1");
  for (const char* name : {"target", "network", "platform"})
    if (args.has(name))
      q += std::string("&") + (std::string(name) == "network" ? "networkmode" : name) + "=" +
           percent_encode(args.last(name));
  return q;
}

// Prints the stream as it comes; the exit code (a failed step's code, else 1; 0 when the
// build succeeded).
class StreamPrinter {
public:
  void feed(std::string_view data) {
    m_pending.append(data);
    for (size_t nl; m_exit == 0 && (nl = m_pending.find('\n')) != std::string::npos;
         m_pending.erase(0, nl + 1))
      line(m_pending.substr(0, nl));
  }
  int exit_code() const { return m_exit; }

private:
  void line(const std::string& text) {
    auto m = json::parse(text, nullptr, false);
    if (!m.is_object())
      return;
    if (m.contains("errorDetail") || m.contains("error")) {
      json detail = m.value("errorDetail", json::object());
      std::cerr << detail.value("message", m.value("error", std::string())) << "\n";
      int code = detail.value("code", 0);
      m_exit = code == 0 ? 1 : code;
    } else if (m.contains("stream") && m["stream"].is_string()) {
      std::cout << m["stream"].get<std::string>() << std::flush;
    }
  }
  std::string m_pending;
  int m_exit = 0;
};

int run_build(Invocation& inv, const ParsedArgs& args) {
  auto context = make_context(args);
  if (!context) {
    std::cerr << context.error().message << "\n";
    return 1;
  }
  client::Client* c = inv.client();
  if (!c)
    return 1;
  std::string query = build_query(args, context->second);
  auto stream = c->open_stream("POST", "/build?" + query, {{"Content-Type", "application/x-tar"}},
                               context->first);
  if (!stream)
    return report_error(stream.error());
  auto status = (*stream)->read_headers();
  if (!status)
    return report_error(status.error());
  if (*status >= 400) { // an error before the first step: {"message": ...}
    std::string body;
    (void)(*stream)->read_body([&](std::string_view data) { body.append(data); });
    auto m = json::parse(body, nullptr, false);
    std::string text = m.is_object() ? m.value("message", body) : body;
    return report_error(Error{Errc::InvalidArgument, 0, text});
  }
  StreamPrinter printer;
  auto read = (*stream)->read_body([&](std::string_view data) { printer.feed(data); });
  if (!read)
    return report_error(read.error());
  return printer.exit_code();
}

} // namespace

Command build_command() {
  return simple_command(
      {"build",
       "[OPTIONS] PATH | URL | -",
       "Build an image from a Dockerfile",
       {{"    --build-arg list", "Set build-time variables"},
        {"    --cache-from strings", "Images to consider as cache sources"},
        {"-f, --file string", "Name of the Dockerfile (Default is 'PATH/Dockerfile')"},
        {"    --force-rm", "Always remove intermediate containers"},
        {"    --label list", "Set metadata for an image"},
        {"    --network string", "Set the networking mode for the RUN instructions during build"},
        {"    --no-cache", "Do not use cache when building the image"},
        {"    --platform string", "Set platform if server is multi-platform capable"},
        {"-q, --quiet", "Suppress the build output and print image ID on success"},
        {"    --rm", "Remove intermediate containers after a successful build (default true)"},
        {"-t, --tag list", "Name and optionally a tag in the 'name:tag' format"},
        {"    --target string", "Set the target build stage to build."}},
       "Common Commands"},
      {{"", "build-arg", true},
       {"", "cache-from", true},
       {"f", "file", true},
       {"", "force-rm", false},
       {"", "label", true},
       {"", "network", true},
       {"", "no-cache", false},
       {"", "platform", true},
       {"q", "quiet", false},
       {"", "rm", false},
       {"t", "tag", true},
       {"", "target", true},
       {"", "pull", false}},
      1, 1, run_build);
}

} // namespace mydocker::cli
