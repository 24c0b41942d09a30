#include "network/dns_message.hpp"

#include <catch2/catch.hpp>

using namespace mydocker::network::dns;
using Bytes = std::vector<std::uint8_t>;

namespace {

// What `dig web.N1 A` sends: id 0xbeef, RD set, one question.
Bytes query_for(std::initializer_list<const char*> labels, std::uint16_t type = type_a) {
  Bytes q{0xbe, 0xef, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
  for (const char* label : labels) {
    q.push_back(static_cast<std::uint8_t>(std::string(label).size()));
    for (const char* c = label; *c; ++c)
      q.push_back(static_cast<std::uint8_t>(*c));
  }
  q.insert(q.end(),
           {0, static_cast<std::uint8_t>(type >> 8), static_cast<std::uint8_t>(type), 0, 1});
  return q;
}

} // namespace

TEST_CASE("a standard A query parses; names are case-insensitive", "[dns]") {
  auto q = parse_query(query_for({"web", "N1"}));
  REQUIRE(q);
  CHECK(q->id == 0xbeef);
  CHECK(q->name == "web.n1");
  CHECK(q->type == type_a);
  CHECK(q->klass == class_in);
  CHECK(q->question.size() == 4 + 3 + 1 + 4);
}

TEST_CASE("A answer byte for byte", "[dns]") {
  auto packet = query_for({"web"});
  auto q = *parse_query(packet);
  std::array<std::uint8_t, 4> ip{10, 9, 0, 2};
  auto answer = build_answer(q, std::span(&ip, 1));
  Bytes expected = packet; // same id and question
  expected[2] = 0x81;      // QR, RD echoed
  expected[3] = 0x80;      // RA, NOERROR
  expected[7] = 1;         // one answer
  expected.insert(expected.end(), {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x02, 0x58, 0, 4, 10, 9, 0, 2});
  CHECK(answer == expected);
}

TEST_CASE("no data and NXDOMAIN answers", "[dns]") {
  auto q = *parse_query(query_for({"web"}, type_aaaa));
  auto nodata = build_answer(q, {});
  CHECK(nodata[3] == 0x80); // NOERROR
  CHECK(nodata[7] == 0);    // no answers
  auto nx = build_error(*parse_query(query_for({"nope"})), Rcode::NxDomain);
  CHECK(nx[2] == 0x81);
  CHECK(nx[3] == 0x83);
  CHECK(nx[5] == 1); // the question is echoed
}

TEST_CASE("malformed queries are refused", "[dns]") {
  CHECK_FALSE(parse_query(Bytes{1, 2, 3}));
  auto truncated = query_for({"web"});
  truncated.resize(truncated.size() - 2);
  CHECK_FALSE(parse_query(truncated));
  auto response = query_for({"web"});
  response[2] |= 0x80; // QR: an answer, not a query
  CHECK_FALSE(parse_query(response));
  auto two_questions = query_for({"web"});
  two_questions[5] = 2;
  CHECK_FALSE(parse_query(two_questions));
  auto bad_label = query_for({"web"});
  bad_label[12] = 0xc0; // a compression pointer where nothing precedes
  CHECK_FALSE(parse_query(bad_label));
}
