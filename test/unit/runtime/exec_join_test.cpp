#include <catch2/catch.hpp>

#include "engine/runtime/exec_join.hpp"

using namespace mydocker::runtime;

TEST_CASE("exec env: Docker's replace-or-append over the container's", "[runtime][exec]") {
  std::vector<std::string> base = {"PATH=/bin", "FOO=bar", "GONE=1"};
  CHECK(merge_env(base, {"FOO=over", "NEW=2", "GONE"}) ==
        std::vector<std::string>{"PATH=/bin", "FOO=over", "NEW=2"});
  CHECK(merge_env(base, {}) == base);
}

TEST_CASE("exec spec: the container's confinement with the exec's process", "[runtime][exec]") {
  Spec c;
  c.process.args = {"sleep", "600"};
  c.process.env = {"PATH=/bin", "A=1"};
  c.process.cwd = "/work";
  c.process.uid = 1000;
  c.process.capabilities = {"CAP_CHOWN"};
  c.process.no_new_privileges = true;
  c.seccomp_bpf = "00ff";
  c.init = true;
  c.oom_score_adj = 500;
  ExecProcess e;
  e.args = {"id"};
  e.env = {"A=2"};
  e.tty = true;
  Spec s = exec_spec(c, e);
  CHECK(s.process.args == std::vector<std::string>{"id"});
  CHECK(s.process.env == std::vector<std::string>{"PATH=/bin", "A=2", "TERM=xterm"});
  CHECK(s.process.cwd == "/work"); // the container's working dir unless -w
  CHECK(s.process.uid == 1000);    // the container's user unless -u
  CHECK(s.process.capabilities == c.process.capabilities);
  CHECK(s.process.no_new_privileges);
  CHECK(s.seccomp_bpf == "00ff");
  CHECK_FALSE(s.privileged);
  CHECK_FALSE(s.init);
  CHECK(s.oom_score_adj == 500); // as dockerd: the exec gets the container's
  e.cwd = "/tmp";
  e.user = "nobody";
  e.privileged = true;
  s = exec_spec(c, e);
  CHECK(s.process.cwd == "/tmp");
  CHECK(s.process.user == "nobody");
  CHECK(s.process.uid == 0); // resolved again inside the container
  CHECK(s.privileged);
  CHECK(s.seccomp_bpf == "00ff"); // runc keeps the container's filter for a privileged exec
}

TEST_CASE("exec process survives its JSON round trip", "[runtime][exec]") {
  ExecProcess e;
  e.args = {"sh", "-c", "x"};
  e.env = {"K=V"};
  e.cwd = "/";
  e.user = "1:2";
  e.tty = true;
  e.privileged = true;
  e.rows = 30;
  e.cols = 100;
  ExecProcess back = nlohmann::json(e).get<ExecProcess>();
  CHECK(back.args == e.args);
  CHECK(back.env == e.env);
  CHECK(back.user == "1:2");
  CHECK(back.tty);
  CHECK(back.privileged);
  CHECK(back.rows == 30);
  CHECK(back.cols == 100);
}

TEST_CASE("exec joins user first and leaves the cgroup namespace to the process",
          "[runtime][exec]") {
  const auto& order = joined_namespaces();
  CHECK(order.front() == "user");
  CHECK(std::find(order.begin(), order.end(), "cgroup") == order.end());
  CHECK(order.size() == 6);
}
