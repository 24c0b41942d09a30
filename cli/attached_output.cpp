#include "cli/attached_output.hpp"

#include <iostream>

#include <optional>

#include <nlohmann/json.hpp>

#include "api/types/detach_keys.hpp"
#include "cli/attach_stream.hpp"
#include "cli/terminal.hpp"
#include "common/percent_encode.hpp"

namespace mydocker::cli {

void Demux::feed(std::string_view data) {
  if (m_raw) {
    std::cout << data << std::flush;
    return;
  }
  m_carry.append(data);
  size_t pos = 0;
  while (m_carry.size() - pos >= 8) {
    size_t size = 0;
    for (size_t i = 4; i < 8; ++i)
      size = (size << 8) | static_cast<unsigned char>(m_carry[pos + i]);
    if (m_carry.size() - pos - 8 < size)
      break;
    (m_carry[pos] == 2 ? std::cerr : std::cout) << m_carry.substr(pos + 8, size) << std::flush;
    pos += 8 + size;
  }
  m_carry.erase(0, pos);
}

namespace {

std::string attach_query(const AttachChoice& choice) {
  std::string q = std::string("/attach?stream=1&stdout=") + (choice.stdout_wanted ? "1" : "0") +
                  "&stderr=" + (choice.stderr_wanted ? "1" : "0");
  if (choice.with_stdin)
    q += "&stdin=1";
  if (!choice.detach_keys.empty())
    q += "&detachKeys=" + percent_encode(choice.detach_keys);
  return q;
}

Result<int> exit_status(client::ResponseStream& wait) {
  std::string status;
  TRY_VOID(wait.read_body([&](std::string_view d) { status.append(d); }));
  return nlohmann::json::parse(status, nullptr, false).value("StatusCode", 125);
}

Result<void> start(client::Client& c, const std::string& cid) {
  // 304: already running (start -a then just follows it to its end, as docker's does).
  if (auto started = c.request("POST", cid + "/start");
      !started && started.error().code != Errc::NotModified)
    return tl::unexpected(started.error());
  return {};
}

// -i or -t: a hijacked connection, raw mode on our terminal while attached.
Result<int> interactive_start_wait(client::Client& c, const std::string& id,
                                   const AttachChoice& choice, const std::string& wait_condition) {
  std::string cid = "/containers/" + id;
  auto conn = TRY(c.hijack("POST", cid + attach_query(choice)));
  auto wait = TRY(c.open_stream("POST", cid + "/wait?condition=" + wait_condition));
  TRY(wait->read_headers());
  TRY_VOID(start(c, cid));
  StreamOptions options{choice.tty, choice.with_stdin,
                        *api::parse_detach_keys(choice.detach_keys.empty()
                                                    ? api::DEFAULT_DETACH_KEYS
                                                    : choice.detach_keys)};
  std::optional<RawTerminal> raw;
  if (choice.tty && choice.with_stdin)
    raw.emplace(0);
  if (choice.tty)
    resize_to_terminal(c, id);
  if (pump_attached(c, id, conn, options) == StreamEnd::Detached)
    return 0;
  raw.reset();
  return exit_status(*wait);
}

} // namespace

Result<int> attach_start_wait(client::Client& c, const std::string& id, const AttachChoice& choice,
                              const std::string& wait_condition) {
  if (choice.with_stdin || choice.tty)
    return interactive_start_wait(c, id, choice, wait_condition);
  std::string cid = "/containers/" + id;
  std::unique_ptr<client::ResponseStream> output;
  if (choice.stdout_wanted || choice.stderr_wanted) {
    output = TRY(c.open_stream("POST", cid + attach_query(choice)));
    TRY(output->read_headers());
  }
  auto wait = TRY(c.open_stream("POST", cid + "/wait?condition=" + wait_condition));
  TRY(wait->read_headers()); // the daemon flushes these once the waiter is registered
  TRY_VOID(start(c, cid));
  if (output) {
    Demux demux(choice.tty);
    TRY_VOID(output->read_body([&](std::string_view d) { demux.feed(d); }));
  }
  return exit_status(*wait);
}

} // namespace mydocker::cli
