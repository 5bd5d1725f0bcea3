#!/usr/bin/env python3
"""Where a config server's CPU went, from a JFR recording: python3 jfr_top.py FILE.jfr [N]

Reads jdk.ExecutionSample (Java threads on CPU) and prints
  - by area: each sample charged to the leaf-most frame that names an area (socket syscalls, metrics,
    logging, YAML/JSON, our code by class, Javalin, Jetty by package); JDK frames (java.*, jdk.*) are
    charged to the code that called them;
  - inclusive: the share of samples with a given frame anywhere on the stack;
  - the top N leaf frames;
  - JVM vs machine CPU from jdk.CPULoad (the rest of the machine is wrk, nginx, other tenants).
"""
import collections
import json
import subprocess
import sys

AREAS = [  # (prefix of "class.method", area), first match from the leaf wins
    ("sun.nio.ch.", "socket syscalls (read/write/epoll, in the kernel)"),
    ("java.nio.channels.", "socket syscalls (read/write/epoll, in the kernel)"),
    ("io.roller.server.http.Metrics", "metrics (our Metrics)"),
    ("io.micrometer.", "metrics (Micrometer)"),
    ("ch.qos.logback.", "logging"),
    ("org.slf4j.", "logging"),
    ("com.fasterxml.jackson.", "YAML/JSON (Jackson)"),
    ("org.yaml.snakeyaml.", "YAML/JSON (SnakeYAML)"),
    ("io.roller.server.ConfigServer", "our code: request logger (route label)"),
    ("io.roller.server.http.QueryParams", "our code: QueryParams.check"),
    ("io.roller.server.http.Responder", "our code: Responder (ETag, If-None-Match, headers)"),
    ("io.roller.server.http.Body", "our code: Body"),
    ("io.roller.server.http.Routes", "our code: Routes (resolved, before)"),
    ("io.roller.server.http.", "our code: other http"),
    ("io.roller.server.views.", "our code: views (RepoView, ViewStore)"),
    ("io.roller.", "our code: other"),
    ("io.javalin.", "Javalin (routing, context, before/after)"),
    ("kotlin.", "Javalin (routing, context, before/after)"),
    ("org.eclipse.jetty.http.", "Jetty: HTTP parse/generate, headers"),
    ("org.eclipse.jetty.io.", "Jetty: I/O, selector, buffers"),
    ("org.eclipse.jetty.util.thread.", "Jetty: thread pool, scheduling"),
    ("org.eclipse.jetty.util.", "Jetty: util"),
    ("org.eclipse.jetty.server.", "Jetty: server, request/response"),
    ("org.eclipse.jetty.servlet.", "Jetty: servlet"),
    ("org.eclipse.jetty.", "Jetty: other"),
    ("jakarta.servlet.", "Jetty: servlet"),
]

INCLUSIVE = [
    "io.javalin.jetty.JavalinJettyServlet.service",
    "io.javalin.http.servlet.JavalinServlet.handle",
    "io.roller.server.http.Routes.resolved",
    "io.roller.server.http.Responder.send",
    "io.roller.server.http.QueryParams.check",
    "io.roller.server.http.Metrics.record",
    "io.roller.server.ConfigServer.route",
    "io.roller.server.views.RepoView.resolved",
    "org.eclipse.jetty.http.HttpParser.parseNext",
    "org.eclipse.jetty.http.HttpGenerator.generateResponse",
    "org.eclipse.jetty.server.HttpChannel.handle",
    "org.eclipse.jetty.server.HttpOutput.close",
    "org.eclipse.jetty.io.ChannelEndPoint.flush",
    "org.eclipse.jetty.io.ChannelEndPoint.fill",
    "org.eclipse.jetty.io.ManagedSelector$SelectorProducer.produce",
    "org.eclipse.jetty.server.session.SessionHandler.doScope",
    "org.eclipse.jetty.server.handler.gzip.GzipHandler.handle",
]


def frames(event):
    out = []
    for f in (event["values"]["stackTrace"] or {"frames": []})["frames"]:
        m = f["method"]
        out.append(m["type"]["name"].replace("/", ".") + "." + m["name"])
    return out  # leaf first


def area(stack):
    for fr in stack:
        for prefix, name in AREAS:
            if fr.startswith(prefix):
                return name
    return "JDK/other: " + (stack[0] if stack else "?")


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    raw = subprocess.run(
        ["jfr", "print", "--json", "--stack-depth", "128", "--events", "jdk.ExecutionSample", path],
        check=True, capture_output=True, text=True).stdout
    events = json.loads(raw)["recording"]["events"]
    n = len(events)
    by_area, leaves, incl = collections.Counter(), collections.Counter(), collections.Counter()
    for e in events:
        st = frames(e)
        by_area[area(st)] += 1
        if st:
            leaves[st[0]] += 1
        seen = set(st)
        for f in INCLUSIVE:
            if f in seen:
                incl[f] += 1
    print(f"{n} execution samples in {path}")
    print("\nby area (self time, JDK frames charged to their caller):")
    for a, c in by_area.most_common():
        print(f"  {100 * c / n:5.1f} %  {a}")
    print("\ninclusive (samples with the frame on the stack):")
    for f in INCLUSIVE:
        if incl[f]:
            print(f"  {100 * incl[f] / n:5.1f} %  {f}")
    print(f"\ntop {top} leaf frames:")
    for f, c in leaves.most_common(top):
        print(f"  {100 * c / n:5.1f} %  {f}")
    cpu = json.loads(subprocess.run(
        ["jfr", "print", "--json", "--events", "jdk.CPULoad", path],
        check=True, capture_output=True, text=True).stdout)["recording"]["events"]
    if cpu:
        avg = lambda k: sum(float(e["values"][k]) for e in cpu) / len(cpu)
        print(f"\nCPU (jdk.CPULoad, {len(cpu)} samples; 1.0 = all cores): JVM user {avg('jvmUser'):.2f},"
              f" JVM system {avg('jvmSystem'):.2f}, machine {avg('machineTotal'):.2f}")
    gc = json.loads(subprocess.run(
        ["jfr", "print", "--json", "--events", "jdk.GarbageCollection", path],
        check=True, capture_output=True, text=True).stdout)["recording"]["events"]
    if gc:
        print(f"GC: {len(gc)} collections")


if __name__ == "__main__":
    main()
