package io.roller.roll.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.pkg.Limits;
import io.roller.model.pkg.PackageEntry;
import io.roller.model.pkg.PackageReader;
import io.roller.server.testing.Http;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example packages in packages/ build, validate, and hello-web really serves. */
class ExamplePackagesTest {
  private static final Path EXAMPLES = Path.of("..", "packages").toAbsolutePath().normalize();
  @TempDir Path tmp;

  private Map<String, PackageEntry> build(String name, String version) throws IOException {
    PackageBuilder.Built b =
        PackageBuilder.build(EXAMPLES.resolve(name), tmp.resolve(name + "-" + version + ".tar.gz"));
    Map<String, PackageEntry> entries = new HashMap<>();
    try (InputStream in = Files.newInputStream(b.file())) {
      PackageReader.read(in, Limits.DEFAULT, (e, c) -> entries.put(e.path(), e));
    }
    return entries;
  }

  @Test
  void helloWebBuildsWithItsServiceAndTemplate() throws IOException {
    Map<String, PackageEntry> e = build("hello-web", "1.0.0");
    assertTrue(e.get("bin/hello-web").isExecutable());
    assertTrue(e.containsKey("etc/hello-web.conf.tmpl"));
    assertTrue(e.containsKey("lib/hello-web/HelloWeb.java"));
    PackageBuilder.Built b =
        PackageBuilder.build(EXAMPLES.resolve("hello-web"), tmp.resolve("again.tar.gz"));
    assertEquals("hello-web", b.manifest().services().get(0).name());
    assertEquals("bin/hello-web status", b.manifest().services().get(0).check());
  }

  /**
   * The docs show real builds of the example packages: packages.md's {@code roll package} output
   * and http-api.md's package metadata name their true size and sha256 (a stale pair sends a reader
   * hunting for a difference that is not there).
   */
  @Test
  void theSizesAndSha256sTheDocsShowAreTheExamplePackagesOwn() throws IOException {
    Path docs = EXAMPLES.resolveSibling("docs");
    String packagesMd = Files.readString(docs.resolve("packages.md"));
    String httpApiMd = Files.readString(docs.resolve("http-api.md"));
    for (String name : List.of("hello-web", "sysinfo")) {
      PackageBuilder.Built b =
          PackageBuilder.build(EXAMPLES.resolve(name), tmp.resolve(name + ".tar.gz"));
      String meta = "sha256: " + b.sha256() + "\n      size: " + b.size() + "\n";
      assertTrue(httpApiMd.contains(meta), "docs/http-api.md shows " + name + " as\n" + meta);
      if (name.equals("hello-web")) {
        String line = "hello-web-1.1.0.tar.gz " + b.size() + " bytes sha256 " + b.sha256() + "\n";
        assertTrue(packagesMd.contains(line), "docs/packages.md shows " + line);
        assertTrue(packagesMd.contains("\"size\":" + b.size() + ","), "the --json example");
      }
    }
  }

  @Test
  void sysinfoBuildsWithItsTemplate() throws IOException {
    Map<String, PackageEntry> e = build("sysinfo", "1.0.0");
    assertTrue(e.get("bin/sysinfo").isExecutable());
    assertTrue(e.containsKey("etc/sysinfo.conf.tmpl"));
  }

  @Test
  void sysinfoPrintsTheRevisionFromRollsStateNotFromARenderedFile() throws Exception {
    Path usrLocal = tmp.resolve("root/usr/local");
    copy(EXAMPLES.resolve("sysinfo"), usrLocal);
    Files.writeString(
        usrLocal.resolve("etc/sysinfo.conf"),
        "hostname=web01.nyc1\ndatacenter=NYC1\nntp_server=ntp\nhostclass=web\nhostclass_version=2\n");
    Path state = Files.createDirectories(tmp.resolve("root/var/lib/roller")).resolve("state.json");
    Files.writeString(
        state, "{\"generation\":2,\"hostname\":\"web01.nyc1\",\"revision\":\"abc123\"}\n");

    ProcessBuilder pb = new ProcessBuilder("bash", "bin/sysinfo").directory(usrLocal.toFile());
    pb.environment().put("ROLLER_ROOT", tmp.resolve("root").toString());
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));

    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("revision:    abc123\n"), out);
    assertTrue(out.contains("hostclass:   web version 2\n"), out);
  }

  @Test
  void helloWebStartsAnswersAndStops() throws Exception {
    Path usrLocal = tmp.resolve("root/usr/local");
    copy(EXAMPLES.resolve("hello-web"), usrLocal);
    withRuntime(usrLocal);
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(
        usrLocal.resolve("etc/hello-web.conf"),
        "port=" + port + "\ngreeting=Hi there\nhostname=web01.nyc1\n");
    try {
      assertEquals(0, script(usrLocal, "start"));
      String body = Http.absolute().get("http://127.0.0.1:" + port + "/").body();
      assertEquals("Hi there (host web01.nyc1)\n", body);
      assertEquals(0, script(usrLocal, "status"));
      assertTrue(Files.exists(tmp.resolve("root/var/run/hello-web.pid")));
    } finally {
      assertEquals(0, script(usrLocal, "stop"));
    }
    assertEquals(3, script(usrLocal, "status"));
  }

  @Test
  void helloWebFailsToStartWhenAnotherProcessHoldsItsPort() throws Exception {
    Path usrLocal = tmp.resolve("root/usr/local");
    copy(EXAMPLES.resolve("hello-web"), usrLocal);
    withRuntime(usrLocal);
    try (ServerSocket squatter = new ServerSocket(0)) {
      Files.writeString(
          usrLocal.resolve("etc/hello-web.conf"),
          "port=" + squatter.getLocalPort() + "\ngreeting=Hi\nhostname=h\n");
      assertEquals(
          1, script(usrLocal, "start"), "a listener that is not hello-web must not pass for it");
      assertEquals(3, script(usrLocal, "status"));
    }
  }

  @Test
  void helloWebWithoutTheRuntimePackageSaysWhatToList() throws Exception {
    Path usrLocal = tmp.resolve("root/usr/local");
    copy(EXAMPLES.resolve("hello-web"), usrLocal);
    Files.writeString(usrLocal.resolve("etc/hello-web.conf"), "port=1\ngreeting=Hi\nhostname=h\n");

    assertEquals(1, script(usrLocal, "start"), "a java on PATH is not used");
    assertTrue(
        output.contains("no Java runtime at " + usrLocal.resolve("lib/java-runtime-17/bin/java")),
        output);
    assertTrue(output.contains("list java-runtime-17 in the hostclass's packages"), output);
  }

  /** The java-runtime-17 package's place, filled by this JDK (the package is built later). */
  private static void withRuntime(Path usrLocal) throws IOException {
    Files.createSymbolicLink(
        usrLocal.resolve("lib/java-runtime-17"), Path.of(System.getProperty("java.home")));
  }

  private String output = "";

  private int script(Path usrLocal, String verb) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("bash", "bin/hello-web", verb).directory(usrLocal.toFile());
    pb.environment().put("ROLLER_ROOT", tmp.resolve("root").toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "hello-web " + verb + " timed out: " + output);
    return p.exitValue();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (var walk = Files.walk(from)) {
      for (Path p : (List<Path>) walk.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t);
        }
      }
    }
  }
}
