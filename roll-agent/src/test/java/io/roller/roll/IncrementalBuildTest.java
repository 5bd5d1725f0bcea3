package io.roller.roll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.ResolvedHost;
import io.roller.model.Sha256;
import io.roller.model.pkg.Tarballs;
import io.roller.roll.core.Json;
import io.roller.roll.report.RollReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A generation built from the current one (unchanged packages linked, changed ones extracted) is
 * byte for byte the generation a full build on a blank host gives for the same desired state.
 */
class IncrementalBuildTest {
  @RegisterExtension final RollExtension fixture = new RollExtension();
  Fleet server;
  TestHost host;
  TestHost fresh;

  @BeforeEach
  void setUp() throws Exception {
    server = fixture.fleet();
    host = fixture.host();
  }

  TestHost.Result roll(TestHost h, String... extra) {
    return h.roll(server.rollArgs(extra));
  }

  final Map<String, ResolvedHost.Package> published = new java.util.HashMap<>();

  ResolvedHost.Package web(String version) {
    return published.computeIfAbsent("web-" + version, k -> publishWeb(version));
  }

  ResolvedHost.Package data(String version) {
    return published.computeIfAbsent("data-" + version, k -> publishData(version));
  }

  ResolvedHost.Package tool() {
    return published.computeIfAbsent("tool-1", k -> publishTool());
  }

  ResolvedHost.Package publishWeb(String version) {
    return server.publish(
        "web",
        version,
        TestPackages.service("web", "grep -q port etc/web.conf")
            .dir("etc")
            .file("etc/web.conf.tmpl", "port={{ port }}\n".getBytes(), 0640)
            .file("share/web/VERSION", version)
            .gz());
  }

  ResolvedHost.Package publishData(String version) {
    return server.publish(
        "data",
        version,
        Tarballs.create()
            .dir("share/data")
            .file("share/data/blob", ("blob " + version + "\n").repeat(1000).getBytes(), 0644)
            .file("share/data/run.sh", "#!/bin/sh\necho hi\n".getBytes(), 0750)
            .file("share/data/README", "same in every version\n")
            .symlink("share/data/latest", "blob")
            .file("etc/data.ini.tmpl", "host={{ roller.hostname }}\n".getBytes(), 0644)
            .gz());
  }

  ResolvedHost.Package publishTool() {
    return server.publish(
        "tool",
        "1",
        Tarballs.create().file("bin/tool", "#!/bin/sh\necho tool\n".getBytes(), 0755).gz());
  }

  /** Rolls {@code host} to the server's state, then a blank host, and compares the two trees. */
  RollReport rollAndCompare() throws Exception {
    TestHost.Result r = roll(host, "--json");
    assertEquals(0, r.code(), r.err());
    if (fresh != null) {
      fresh.close();
    }
    fresh = fixture.host("fresh" + System.nanoTime());
    TestHost.Result full = roll(fresh);
    assertEquals(0, full.code(), full.err());
    assertEquals(
        tree(fresh.root.resolve("usr/local").toRealPath()),
        tree(host.root.resolve("usr/local").toRealPath()));
    return Json.MAPPER.readValue(r.out(), RollReport.class);
  }

  @Test
  void aGenerationBuiltFromThePreviousOneIsWhatAFullBuildGives() throws Exception {
    server.host(List.of(data("1"), tool(), web("1")), Map.of("port", 80));
    assertEquals(0, roll(host).code());

    // one param
    server.host(List.of(data("1"), tool(), web("1")), Map.of("port", 81));
    RollReport param = rollAndCompare();
    assertEquals(
        "build generation 2 from 1: reuse data-1, tool-1, web-1; extract no packages; render"
            + " etc/data.ini, etc/web.conf",
        param.steps().get(0));
    Path g1 = gen(1);
    Path g2 = gen(2);
    assertEquals(inode(g1.resolve("share/data/blob")), inode(g2.resolve("share/data/blob")));
    assertNotEquals(inode(g1.resolve("etc/web.conf")), inode(g2.resolve("etc/web.conf")));
    assertEquals("port=80\n", Files.readString(g1.resolve("etc/web.conf")));
    assertEquals("port=81\n", Files.readString(g2.resolve("etc/web.conf")));

    // one package version
    server.host(List.of(data("2"), tool(), web("1")), Map.of("port", 81));
    RollReport version = rollAndCompare();
    assertTrue(
        version
            .steps()
            .get(0)
            .startsWith("build generation 3 from 2: reuse tool-1, web-1;" + " extract data-2;"),
        version.steps().get(0));
    assertEquals(
        "blob 1\n".repeat(1000), Files.readString(g1.resolve("share/data/blob")), "old intact");
    assertEquals("blob 2\n".repeat(1000), Files.readString(gen(3).resolve("share/data/blob")));

    // one package removed
    server.host(List.of(data("2"), web("1")), Map.of("port", 81));
    RollReport removed = rollAndCompare();
    assertTrue(
        removed.steps().get(0).startsWith("build generation 4 from 3: reuse data-2, web-1;"),
        removed.steps().get(0));
    assertTrue(Files.exists(gen(3).resolve("bin/tool")));
    assertTrue(Files.notExists(gen(4).resolve("bin/tool")));
  }

  @Test
  void anEditedFileIsDriftAndTheRepairBuildsInFullNotFromTheDriftedTree() throws Exception {
    server.host(List.of(data("1"), web("1")), Map.of("port", 80));
    assertEquals(0, roll(host).code());
    server.host(List.of(data("1"), web("1")), Map.of("port", 81));
    assertEquals(0, roll(host).code());
    Path blob = host.root.resolve("usr/local/share/data/blob");
    Files.writeString(blob, "edited by hand\n");

    server.host(List.of(data("1"), web("1")), Map.of("port", 82));
    TestHost.Result r = roll(host, "--json");

    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("drifted from generation 2"), r.err());
    RollReport report = Json.MAPPER.readValue(r.out(), RollReport.class);
    assertEquals("build generation 3", report.steps().get(0));
    assertEquals("blob 1\n".repeat(1000), Files.readString(blob));
    assertNotEquals(
        inode(gen(2).resolve("share/data/blob")), inode(gen(3).resolve("share/data/blob")));
  }

  Path gen(int n) {
    return host.root.resolve("var/lib/roller/generations/" + n);
  }

  static Object inode(Path p) throws IOException {
    return Files.readAttributes(p, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");
  }

  /** Every path: type, mode, and content digest or link target. */
  static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        String rel = root.relativize(p).toString();
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
        String what =
            Files.isSymbolicLink(p)
                ? "link " + Files.readSymbolicLink(p)
                : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                    ? "dir " + Integer.toOctalString(mode)
                    : "file "
                        + Integer.toOctalString(mode)
                        + " "
                        + Sha256.of(Files.readAllBytes(p));
        out.put(rel, what);
      }
    }
    return out;
  }
}
