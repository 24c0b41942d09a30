"""A stand-in mydockerd for fixtures_test: answers /_ping and leaves behind everything a
real daemon could (mounts, a detached shim with a child, cgroups, a bridge) so the
TestDaemon teardown can be tested before the real daemon exists."""

import http.server
import os
import socketserver
import subprocess
import sys


def arg(name):
    return sys.argv[sys.argv.index(name) + 1]


def own_cgroup(controller):
    with open("/proc/self/cgroup") as f:
        for line in f:
            _, ctrls, path = line.rstrip("\n").split(":", 2)
            if controller in ctrls.split(","):
                return path
    return "/"


def leave_litter():
    data_root, exec_root, parent = arg("--data-root"), arg("--exec-root"), arg("--cgroup-parent")
    merged = os.path.join(data_root, "overlay", "c1", "merged")
    os.makedirs(os.path.join(merged, "proc"), exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "tmpfs", merged], check=True)
    os.makedirs(os.path.join(merged, "proc"), exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "tmpfs", os.path.join(merged, "proc")], check=True)
    # "shim" with a "container" child, in its own session so it outlives a SIGKILLed daemon
    shim = subprocess.Popen(["sh", "-c", "sleep 1000 & echo $! > %s/child.pid; wait" % exec_root,
                             os.path.join(exec_root, "shim")], start_new_session=True)
    with open(os.path.join(exec_root, "shim.pid"), "w") as f:
        f.write(str(shim.pid))
    for ctrl, base in (("pids", "/"), ("memory", own_cgroup("memory"))):
        cg = "/sys/fs/cgroup/%s%s/%s/c1" % (ctrl, base.rstrip("/"), parent)
        os.makedirs(cg, exist_ok=True)
        with open(os.path.join(cg, "cgroup.procs"), "w") as f:
            f.write(str(shim.pid))
    subprocess.run(["ip", "link", "add", arg("--bridge"), "type", "bridge"], check=True)


class Ping(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"OK")

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    with open(arg("--pidfile"), "w") as f:
        f.write(str(os.getpid()))
    leave_litter()
    server = socketserver.UnixStreamServer(arg("--host")[len("unix://"):], Ping)
    print("fake mydockerd ready", flush=True)
    server.serve_forever()
