#include "cli/attached_output.hpp"

#include <iostream>

#include <nlohmann/json.hpp>

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

Result<int> attach_start_wait(client::Client& c, const std::string& id, const AttachChoice& choice,
                              const std::string& wait_condition) {
  std::string cid = "/containers/" + id;
  std::unique_ptr<client::ResponseStream> output;
  if (choice.stdout_wanted || choice.stderr_wanted) {
    output = TRY(c.open_stream(
        "POST", cid + "/attach?stream=1&stdout=" + (choice.stdout_wanted ? "1" : "0") +
                    "&stderr=" + (choice.stderr_wanted ? "1" : "0")));
    TRY(output->read_headers());
  }
  auto wait = TRY(c.open_stream("POST", cid + "/wait?condition=" + wait_condition));
  TRY(wait->read_headers()); // the daemon flushes these once the waiter is registered
  // 304: already running (start -a then just follows it to its end, as docker's does).
  if (auto started = c.request("POST", cid + "/start");
      !started && started.error().code != Errc::NotModified)
    return tl::unexpected(started.error());
  if (output) {
    Demux demux(choice.tty);
    TRY_VOID(output->read_body([&](std::string_view d) { demux.feed(d); }));
  }
  std::string status;
  TRY_VOID(wait->read_body([&](std::string_view d) { status.append(d); }));
  return nlohmann::json::parse(status, nullptr, false).value("StatusCode", 125);
}

} // namespace mydocker::cli
