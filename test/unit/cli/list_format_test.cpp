#include <catch2/catch.hpp>

#include "cli/list_format.hpp"
#include "cli/ps_context.hpp"

using namespace mydocker::cli;
using nlohmann::json;

namespace {

json item() {
  return json::parse(R"({"Id": "0123456789abcdef0123", "Image": "busybox", "Names": ["/web"],
    "Command": "sh -c 'echo a very long command line'", "Created": 1000, "State": "running",
    "Status": "Up 5 seconds", "Labels": {"z": "1", "a": "2"}, "SizeRw": 61,
    "SizeRootFs": 1982662, "Mounts": [{"Name": "", "Source": "/srv/data/very/long/path",
    "Driver": ""}], "NetworkSettings": {"Networks": {"bridge": {}, "custom": {}}}})");
}

ListFormat ps_format(const std::string& format) {
  return {format, "table {{.ID}}\t{{.Names}}", "", "*formatter.ContainerContext"};
}

} // namespace

TEST_CASE("ContainerContext fields read like docker's", "[list_format]") {
  auto ctx = container_context(item(), {true, true, 1005});
  CHECK(ctx["ID"] == "0123456789ab");
  CHECK(ctx["Command"] == "\"sh -c 'echo a very …\""); // 19 characters and …
  CHECK(ctx["Labels"] == "a=2,z=1");
  CHECK(ctx["Label"]["z"] == "1");
  CHECK(ctx["Size"] == "61B (virtual 1.98MB)");
  CHECK(ctx["Mounts"] == "/srv/data/very…");
  CHECK(ctx["Networks"] == "bridge,custom");
  CHECK(ctx["RunningFor"] == "5 seconds ago");
  CHECK(ctx["Platform"].is_null());
  auto full = container_context(item(), {false, false, 1005});
  CHECK(full["ID"] == "0123456789abcdef0123");
  CHECK(full["Command"] == "\"sh -c 'echo a very long command line'\"");
  CHECK(!full.contains("Label"));
}

TEST_CASE("helpers match go-units and Go's time", "[list_format]") {
  CHECK(ellipsis("abcdef", 4) == "abc…");
  CHECK(ellipsis("abc", 4) == "abc");
  CHECK(human_size_4(1982601) == "1.983MB");
  CHECK(go_time_string(0).size() == std::string("1970-01-01 00:00:00 +0000 UTC").size());
}

TEST_CASE("table, json and template formats", "[list_format]") {
  std::vector<tmpl::Value> rows = {container_context(item(), {true, false, 1005})};
  tmpl::Value header = container_header({});
  CHECK(*render_list(ps_format(""), rows, header) == "CONTAINER ID   NAMES\n0123456789ab   web\n");
  // A line ending in a tab keeps its padding, as Go's tabwriter does.
  CHECK(*render_list(ps_format("table {{.Names}}\\t"), rows, header) == "NAMES     \nweb       \n");
  CHECK(*render_list(ps_format("{{.Names}}:{{.State}}"), rows, header) == "web:running\n");
  auto line = *render_list(ps_format("json"), rows, header);
  CHECK(line.rfind("{\"Command\":", 0) == 0);
  CHECK(line.back() == '\n');
  CHECK(go_marshal(tmpl::Value("<none> & co")) == "\"\\u003cnone\\u003e \\u0026 co\"");
  auto bad = render_list(ps_format("{{.Nope}}"), rows, header);
  REQUIRE(!bad);
  CHECK(bad.error().message == "failed to execute template: template: :1:2: executing \"\" at "
                               "<.Nope>: can't evaluate field Nope in type "
                               "*formatter.ContainerContext");
  CHECK(render_list(ps_format("{{.Nope"), rows, header).error().message ==
        "failed to parse template: template: :1: unclosed action");
}
