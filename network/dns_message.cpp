#include "network/dns_message.hpp"

#include <cctype>

namespace mydocker::network::dns {
namespace {

constexpr std::size_t header_size = 12;
constexpr std::uint16_t flag_qr = 0x8000;
constexpr std::uint16_t flag_rd = 0x0100;
constexpr std::uint16_t flag_ra = 0x0080;
constexpr std::uint16_t opcode_mask = 0x7800;

std::uint16_t get16(std::span<const std::uint8_t> p, std::size_t at) {
  return static_cast<std::uint16_t>((p[at] << 8) | p[at + 1]);
}

void put16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v >> 16));
  put16(out, static_cast<std::uint16_t>(v));
}

// Reads the question name at `at` (uncompressed: nothing precedes it to point to).
Result<std::string> read_name(std::span<const std::uint8_t> p, std::size_t& at) {
  std::string name;
  for (;;) {
    if (at >= p.size())
      return invalid_argument("dns: truncated name");
    std::uint8_t len = p[at++];
    if (len == 0)
      return name;
    if (len > 63 || at + len > p.size())
      return invalid_argument("dns: bad label");
    if (!name.empty())
      name += '.';
    for (std::size_t i = 0; i < len; ++i)
      name += static_cast<char>(std::tolower(p[at + i]));
    at += len;
    if (name.size() > 253)
      return invalid_argument("dns: name too long");
  }
}

std::vector<std::uint8_t> header(const Query& q, Rcode rcode, std::uint16_t answers) {
  std::vector<std::uint8_t> out;
  put16(out, q.id);
  std::uint16_t flags = flag_qr | flag_ra | (q.flags & (opcode_mask | flag_rd));
  put16(out, static_cast<std::uint16_t>(flags | static_cast<std::uint8_t>(rcode)));
  put16(out, q.question.empty() ? 0 : 1);
  put16(out, answers);
  put16(out, 0);
  put16(out, 0);
  out.insert(out.end(), q.question.begin(), q.question.end());
  return out;
}

} // namespace

Result<Query> parse_query(std::span<const std::uint8_t> p) {
  if (p.size() < header_size)
    return invalid_argument("dns: short packet");
  Query q;
  q.id = get16(p, 0);
  q.flags = get16(p, 2);
  if ((q.flags & flag_qr) || (q.flags & opcode_mask) != 0)
    return invalid_argument("dns: not a standard query");
  if (get16(p, 4) != 1)
    return invalid_argument("dns: expected one question");
  std::size_t at = header_size;
  q.name = TRY(read_name(p, at));
  if (at + 4 > p.size())
    return invalid_argument("dns: truncated question");
  q.type = get16(p, at);
  q.klass = get16(p, at + 2);
  q.question.assign(p.begin() + header_size, p.begin() + at + 4);
  return q;
}

std::vector<std::uint8_t> build_answer(const Query& q,
                                       std::span<const std::array<std::uint8_t, 4>> addresses,
                                       std::uint32_t ttl) {
  auto out = header(q, Rcode::NoError, static_cast<std::uint16_t>(addresses.size()));
  for (const auto& address : addresses) {
    put16(out, 0xc000 | header_size); // the name: a pointer to the question's
    put16(out, type_a);
    put16(out, class_in);
    put32(out, ttl);
    put16(out, 4);
    out.insert(out.end(), address.begin(), address.end());
  }
  return out;
}

std::vector<std::uint8_t> build_error(const Query& q, Rcode rcode) {
  return header(q, rcode, 0);
}

} // namespace mydocker::network::dns
