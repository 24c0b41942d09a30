#include <catch2/catch.hpp>

#include "cli/go_template.hpp"

using namespace mydocker::cli::tmpl;

namespace {

Value sample() {
  return Value::parse(R"({
    "Id": "abc123", "Name": "/web",
    "State": {"Status": "running", "Running": true, "ExitCode": 0, "Pid": 42},
    "Config": {"Env": ["PATH=/bin", "A=b c"], "Labels": {"z": "last", "a": "first"},
               "Cmd": ["sleep", "1000"], "Entrypoint": null, "Tty": false},
    "Mounts": [], "Size": 1.5, "Big": 1e21, "Count": 3
  })");
}

std::string run(const std::string& text, const Value& data = sample()) {
  auto t = Template::parse(text);
  REQUIRE(t);
  auto out = t->execute(data);
  if (!out)
    return "ERROR: " + out.error().message;
  return *out;
}

std::string parse_error(const std::string& text) {
  auto t = Template::parse(text);
  REQUIRE(!t);
  return t.error().message;
}

} // namespace

TEST_CASE("field chains print like Go's %v", "[go_template]") {
  CHECK(run("{{.State.Status}}") == "running");
  CHECK(run("{{.State.Running}} {{.State.Pid}}") == "true 42");
  CHECK(run("{{.Config.Env}}") == "[PATH=/bin A=b c]");
  CHECK(run("{{.Config.Labels}}") == "map[a:first z:last]");
  CHECK(run("{{.Config.Entrypoint}}") == "[]"); // docker's typed nil slice
  CHECK(run("{{with .Config}}{{.Entrypoint}}{{end}}") == "[]");
  CHECK(run("{{.State.Health}}", Value::parse(R"({"State": {"Health": null}})")) == "<nil>");
  CHECK(run("{{.Mounts}}") == "[]");
  CHECK(run("{{.Size}} {{.Big}}") == "1.5 1e+21");
  CHECK(run("x{{.}}y", Value("dot")) == "xdoty");
}

TEST_CASE("json, index, join, lower, upper, printf and pipes", "[go_template]") {
  CHECK(run("{{json .Config.Labels}}") == R"({"z":"last","a":"first"})");
  CHECK(run("{{.Config.Cmd | json}}") == R"(["sleep","1000"])");
  CHECK(run("{{json .Config.Entrypoint}}") == "null");
  CHECK(run(R"({{index .Config.Labels "a"}})") == "first");
  CHECK(run(R"({{index .Config.Labels "missing"}})") == "");
  CHECK(run("{{index .Config.Cmd 1}}") == "1000");
  CHECK(run(R"({{join .Config.Cmd ","}})") == "sleep,1000");
  CHECK(run("{{lower .State.Status | upper}}") == "RUNNING");
  CHECK(run(R"({{printf "%s-%d|%5s|%-4s|" .Name .State.Pid "ab" "c"}})") == "/web-42|   ab|c   |");
  CHECK(run(R"({{printf "%q %v" .Name .Config.Env}})") == R"("/web" [PATH=/bin A=b c])");
  CHECK(run(R"({{printf "%s"}})") == "%!s(MISSING)");
  CHECK(run("{{len .Config.Env}}") == "2");
  CHECK(run(R"({{split "a:b:c" ":"}})") == "[a b c]");
  CHECK(run(R"({{(index .Config.Env 0) | lower}})") == "path=/bin");
}

TEST_CASE("if, else if, else, with and range", "[go_template]") {
  CHECK(run("{{if .State.Running}}up{{else}}down{{end}}") == "up");
  CHECK(run("{{if .Config.Tty}}tty{{else if .State.Pid}}pid{{else}}none{{end}}") == "pid");
  CHECK(run("{{if not .Config.Tty}}no tty{{end}}") == "no tty");
  CHECK(run(R"({{if eq .State.Status "running" "paused"}}live{{end}})") == "live");
  CHECK(run("{{if and .State.Running (gt .State.Pid 1)}}ok{{end}}") == "ok");
  CHECK(run("{{with .State}}{{.Status}}{{end}}") == "running");
  CHECK(run("{{with .Config.Entrypoint}}x{{else}}empty{{end}}") == "empty");
  CHECK(run("{{range .Config.Env}}[{{.}}]{{end}}") == "[PATH=/bin][A=b c]");
  CHECK(run("{{range $i, $e := .Config.Cmd}}{{$i}}={{$e}} {{end}}") == "0=sleep 1=1000 ");
  CHECK(run("{{range $k, $v := .Config.Labels}}{{$k}}:{{$v}},{{end}}") == "a:first,z:last,");
  CHECK(run("{{range .Mounts}}m{{else}}no mounts{{end}}") == "no mounts");
  CHECK(run("{{range .Config.Env}}{{$.Name}}{{end}}") == "/web/web");
  CHECK(run("{{$n := .Name}}{{$n}}") == "/web");
}

TEST_CASE("trim markers, comments and string escapes", "[go_template]") {
  CHECK(run("a  {{- .Name -}}  b") == "a/webb");
  CHECK(run("a{{/* note */}}b") == "ab");
  CHECK(run(R"({{"x\ty"}})") == "x\ty");
  CHECK(run("{{`raw\\n`}}") == "raw\\n");
  CHECK(unescape_format(R"(table {{.ID}}\t{{.Names}}\n)") == "table {{.ID}}\t{{.Names}}\n");
}

TEST_CASE("docker's .Label \"key\" method form indexes an object field", "[go_template]") {
  Value ctx = Value::parse(R"({"Label": {"k": "v"}})");
  CHECK(run(R"({{.Label "k"}})", ctx) == "v");
  CHECK(run(R"({{.Label "other"}})", ctx) == "");
}

TEST_CASE("errors read like Go's", "[go_template]") {
  CHECK(parse_error("{{.Name") == "template: :1: unclosed action");
  CHECK(parse_error("{{nope .Name}}") == "template: :1: function \"nope\" not defined");
  CHECK(parse_error("{{end}}") == "template: :1: unexpected {{end}}");
  CHECK(parse_error("{{if .X}}") == "template: :1: unexpected EOF");
  CHECK(run("{{.Nope}}") ==
        "ERROR: template: :1:2: executing \"\" at <.Nope>: map has no entry for key \"Nope\"");
  CHECK(run("{{.Nope.Deeper.Still}}") == "ERROR: template: :1:7: executing \"\" at "
                                         "<.Nope.Deeper.Still>: map has no entry for key \"Nope\"");
  CHECK(run("{{.State.Nope}}") == "ERROR: template: :1:8: executing \"\" at <.State.Nope>: map "
                                  "has no entry for key \"Nope\"");
  CHECK(run("{{.Name.X}}") == "ERROR: template: :1:7: executing \"\" at <.Name.X>: can't "
                              "evaluate field X in type interface {}");
  CHECK(run("{{index .Config.Cmd 5}}") == "ERROR: template: :1:2: executing \"\" at <index "
                                          ".Config.Cmd 5>: error calling index: index out of "
                                          "range: 5");
  auto typed =
      Template::parse("{{.Foo}}")->execute(Value::object(), {"*formatter.ContainerContext"});
  REQUIRE(!typed);
  CHECK(typed.error().message == "template: :1:2: executing \"\" at <.Foo>: can't evaluate field "
                                 "Foo in type *formatter.ContainerContext");
}
