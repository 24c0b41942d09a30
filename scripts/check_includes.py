#!/usr/bin/env python3
"""Checks the module dependency direction of design.md §2 on `#include "..."` lines.

A module's root headers are its public API; its subfolders are private. Exit 1 and one
line per violation ("file:line: includes X (rule)") if any rule is broken.
"""

import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
SOURCES = (".hpp", ".cpp", ".h", ".cc")
LEAVES = ("common/", "api/types/")
SERVICES = ("engine", "builder", "layers", "volumes", "network")


def public(module):
    """Matcher for the public (root) headers of a module: "layers/x.hpp", not "layers/a/x.hpp"."""
    return lambda inc: inc.startswith(module + "/") and "/" not in inc[len(module) + 1:]


def within(*prefixes):
    return lambda inc: inc.startswith(prefixes)


# Ordered: first matching source prefix wins; value = allowed include predicates.
RULES = [
    ("common/", [within("common/")]),
    ("api/types/", [within("common/", "api/types/")]),
    ("engine/shim/", [within(*LEAVES, "engine/runtime/", "engine/shim/")]),
    ("engine/", [within(*LEAVES, "engine/")] + [public(m) for m in ("layers", "volumes", "network")]),
    # builder/ runs steps with engine and commits them with layers; nothing below includes it.
    ("builder/", [within(*LEAVES, "builder/")] + [public(m) for m in ("engine", "layers")]),
    ("api/client/", [within(*LEAVES, "api/client/")]),
    ("api/server/", [within(*LEAVES, "api/server/")] + [public(m) for m in SERVICES]),
    ("api/routes/", [within(*LEAVES, "api/server/", "api/routes/")] + [public(m) for m in SERVICES]),
    ("api/main.cpp", [lambda inc: True]),  # the composition root
    ("cli/", [within(*LEAVES, "api/client/", "cli/")]),
]
for leaf_module in ("layers", "volumes", "network"):
    RULES.append((leaf_module + "/", [within(*LEAVES, leaf_module + "/")]))


def rule_for(path):
    for prefix, allowed in RULES:
        if path == prefix or path.startswith(prefix):
            return prefix, allowed
    return None, None


def check_file(rel):
    prefix, allowed = rule_for(rel)
    if prefix is None:
        return []
    problems = []
    with open(os.path.join(REPO, rel), errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if not m or "/" not in m.group(1):
                continue  # same-directory or system-style includes
            inc = m.group(1)
            if not any(ok(inc) for ok in allowed):
                problems.append("%s:%d: includes %s (not allowed from %s)" % (rel, lineno, inc, prefix))
    return problems


def main():
    problems = []
    for top in ("common", "api", "engine", "builder", "layers", "volumes", "network", "cli"):
        for dirpath, _, files in os.walk(os.path.join(REPO, top)):
            for name in sorted(files):
                if name.endswith(SOURCES):
                    problems += check_file(os.path.relpath(os.path.join(dirpath, name), REPO))
    for p in problems:
        print(p)
    print("check_includes: %d violation(s)" % len(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
