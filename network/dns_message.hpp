// DNS wire format for the embedded resolver (Docker's 127.0.0.11): parse one query, answer
// it with A records or an error code (RFC 1035). Pure: the UDP server is a separate piece.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace mydocker::network::dns {

inline constexpr std::uint16_t type_a = 1;
inline constexpr std::uint16_t type_aaaa = 28;
inline constexpr std::uint16_t class_in = 1;
// dockerd's embedded DNS answers container names with this TTL (seconds).
inline constexpr std::uint32_t container_ttl = 600;

enum class Rcode : std::uint8_t {
  NoError = 0,
  FormErr = 1,
  ServFail = 2,
  NxDomain = 3,
  NotImp = 4,
  Refused = 5
};

struct Query {
  std::uint16_t id = 0;
  std::uint16_t flags = 0; // as received: opcode and RD are echoed
  std::string name;        // lower case, dotted, no trailing dot ("web.n1")
  std::uint16_t type = 0;
  std::uint16_t klass = 0;
  std::vector<std::uint8_t> question; // the question section's bytes, echoed in answers
};

// One standard query with one question. InvalidArgument for anything malformed (the server
// answers FORMERR when the header is readable, else drops the packet).
Result<Query> parse_query(std::span<const std::uint8_t> packet);

// A NOERROR answer carrying `addresses` as A records (none: "no data" for the type).
std::vector<std::uint8_t> build_answer(const Query& query,
                                       std::span<const std::array<std::uint8_t, 4>> addresses,
                                       std::uint32_t ttl = container_ttl);
// An empty answer with `rcode` (NXDOMAIN for unknown names when not forwarding, ...).
std::vector<std::uint8_t> build_error(const Query& query, Rcode rcode);

} // namespace mydocker::network::dns
