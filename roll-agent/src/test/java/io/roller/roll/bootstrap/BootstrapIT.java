package io.roller.roll.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.roll.pkg.PackageBuilder;
import io.roller.server.testing.Http;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.ServerExtension;
import io.roller.server.testing.TestRepo;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code curl -fsS $SERVER/bootstrap | sh} against the real config server serving the real
 * roll-bundle.tar.gz of this build, into a temp root, with a PATH of a few shell tools and no java:
 * the host must end up converged with its service answering.
 */
class BootstrapIT {
  static final String HOST = "web01.nyc1";

  /** What the script and the test's service need beyond sh's builtins; nothing else is on PATH. */
  static final List<String> TOOLS =
      List.of(
          "sh", "tar", "gzip", "sha256sum", "mktemp", "mkdir", "mv", "rm", "chmod", "cut", "cat");

  @TempDir Path tmp;
  Path bundle;
  String fetchTool;
  Path bin;
  Path root;

  /** The port hello-1.0 listens on (the hostclass's params). */
  final int port = freePort();

  @RegisterExtension final ServerExtension fleet = ServerExtension.repo(this::web01).withPackages();

  /** web01.nyc1 on hostclass web 1, whose package hello-1.0 each test uploads. */
  void web01(TestRepo repo) {
    repo.write("colo/nyc1.yml", "params:\n  dns: [10.1.0.2]\n")
        .write(
            "hostclass/web/1.yml",
            "packages:\n  production: [hello-1.0]\n  failsafe: [hello-1.0]\n"
                + "params:\n  port: "
                + port
                + "\n")
        .write(
            "host/" + HOST + ".yml",
            "colo: nyc1\nhostclass: web\nversion: 1\nparams:\n  greeting: hi\n")
        .commit("web01 joins the fleet");
  }

  @BeforeEach
  void setUp() throws Exception {
    bundle =
        Path.of(System.getProperty("roll.bundle", "target/roll-bundle.tar.gz")).toAbsolutePath();
    assertTrue(
        Files.isRegularFile(bundle),
        "no " + bundle + ": run through `mvn verify` (package builds it)");
    fetchTool = which("curl").isPresent() ? "curl" : which("wget").isPresent() ? "wget" : null;
    Assumptions.assumeTrue(
        fetchTool != null, "neither curl nor wget is on PATH: the bootstrap pipe needs one");
    bin = toolDir();
    root = Files.createDirectories(tmp.resolve("root"));
  }

  @AfterEach
  void tearDown() throws Exception {
    Path hello = root.resolve("usr/local/bin/hello");
    if (Files.isExecutable(hello)) {
      run(List.of(hello.toString(), "stop"), Map.of("ROLLER_ROOT", root.toString()));
    }
  }

  /** A plain quiet roll by the installed launcher, with no java on PATH. */
  private Result plainRoll() throws Exception {
    return run(
        List.of(root.resolve("usr/sbin/roll").toString(), "--root", root.toString(), "--quiet"),
        Map.of("PATH", bin.toString()));
  }

  @Test
  void aBlankHostWithoutJavaBootstrapsAndConverges() throws Exception {
    RunningServer server = server(bundle);

    Result r = bootstrap(server.url());

    assertEquals(0, r.code, r.err);
    assertTrue(r.err.contains("bootstrap: first roll"), r.err);
    assertTrue(r.err.contains("(add it to secrets.yml): age1"), r.err);
    assertEquals(
        "rw-------",
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(root.resolve("etc/roller/identity"))));
    Path agent = root.resolve("var/lib/roller/agent");
    assertTrue(Files.isExecutable(root.resolve("usr/sbin/roll")));
    assertTrue(Files.isExecutable(agent.resolve("runtime/bin/java")));
    assertTrue(Files.isExecutable(agent.resolve("runtime/lib/jspawnhelper")));
    assertEquals(
        "server = " + server.url() + "\nhostname = " + HOST + "\ninterval = 15m\nsplay = 5m\n",
        Files.readString(root.resolve("etc/roller/roll.conf")));
    assertTrue(
        Files.readString(root.resolve("etc/cron.d/roller-agent"))
            .contains(
                "*/15 * * * * root "
                    + root.resolve("usr/sbin/roll")
                    + " --splay 5m --quiet --root "
                    + root),
        Files.readString(root.resolve("etc/cron.d/roller-agent")));
    Path generation = root.resolve("usr/local").toRealPath();
    assertTrue(Files.isSymbolicLink(root.resolve("usr/local")));
    assertEquals(root.resolve("var/lib/roller/generations").toRealPath(), generation.getParent());
    assertEquals("greeting=hi\n", httpGet("http://127.0.0.1:" + port + "/"));
    assertTrue(
        Stream.of(root.resolve("var/lib/roller").toFile().list())
            .noneMatch(n -> n.startsWith(".bootstrap")),
        "the script leaves no temp dir behind");

    // the first roll recorded roll's class-data archive; the launcher uses it (no java on PATH),
    // and the bundled JVM accepts it (-Xshare:on fails rather than run without it)
    assertTrue(Files.size(agent.resolve("roll.jsa")) > 100_000);
    Result status =
        run(
            List.of(
                root.resolve("usr/sbin/roll").toString(),
                "status",
                "--root",
                root.toString(),
                "--json"),
            Map.of("PATH", bin.toString()));
    assertEquals(0, status.code, status.err);
    assertEquals("", status.err);
    assertEquals(
        "healthy",
        io.roller.roll.core.Json.MAPPER.readTree(status.out).at("/services/0/state").asText(),
        status.out);
    Result cds =
        run(
            List.of(
                agent.resolve("runtime/bin/java").toString(),
                "-Xshare:on",
                "-XX:SharedArchiveFile=" + agent.resolve("roll.jsa"),
                "-Xlog:class+load",
                "-jar",
                agent.resolve("roll.jar").toString(),
                "--version"),
            Map.of("PATH", bin.toString()));
    assertEquals(0, cds.code, cds.err + cds.out);
    // a static archive: it holds picocli, whose Java 5 class files a dynamic one leaves out
    assertTrue(
        cds.out.contains("picocli.CommandLine source: shared objects file"),
        "picocli is loaded from roll.jsa");
    assertTrue(Files.notExists(agent.resolve("roll.classlist")), "the class list is removed");

    Result again = plainRoll();
    assertEquals(0, again.code, "a plain roll uses roll.conf's hostname: " + again.err);
    assertEquals("", again.out, "--quiet: nothing changed, nothing printed");
    assertEquals(
        generation, root.resolve("usr/local").toRealPath(), "a second roll changes nothing");

    // what a failed dump or a stale archive leaves: rolls still work, only start slower
    Files.write(agent.resolve("roll.jsa"), new byte[] {1, 2, 3});
    Result stale = plainRoll();
    assertEquals(0, stale.code, "a roll with a broken roll.jsa: " + stale.err);
    assertEquals("", stale.err, "the JVM says nothing of the archive it could not map");
    Files.delete(agent.resolve("roll.jsa"));
    Result none = plainRoll();
    assertEquals(0, none.code, "a roll without roll.jsa: " + none.err);
    assertEquals("", none.err);
  }

  @Test
  void aBundleThatIsNotTheAnnouncedOneInstallsNothing() throws Exception {
    Path served = Files.copy(bundle, tmp.resolve("served-bundle.tar.gz"));
    RunningServer server = server(served);
    byte[] bytes = Files.readAllBytes(served);
    bytes[bytes.length / 2] ^= 0x5a; // same size, other bytes: changed after the server hashed it
    Files.write(served, bytes);

    Result r = bootstrap(server.url());

    assertEquals(1, r.code, r.err);
    assertTrue(r.err.contains("roll bundle sha256 is "), r.err);
    assertTrue(r.err.contains("nothing installed"), r.err);
    assertFalse(Files.exists(root.resolve("var/lib/roller/agent")));
    assertFalse(Files.exists(root.resolve("usr/sbin/roll")));
    assertFalse(Files.exists(root.resolve("etc/roller/roll.conf")));
    assertFalse(Files.exists(root.resolve("usr/local")));
    assertEquals(
        0, root.resolve("var/lib/roller").toFile().list().length, "no temp dir left behind");
  }

  @Test
  void aServerWithoutABundleSaysHowToTurnBootstrapOn() throws Exception {
    RunningServer server = server(null);

    HttpResponse<String> r = server.get("/bootstrap");

    assertEquals(404, r.statusCode());
    assertTrue(r.body().contains("start it with --agent-bundle"), r.body());
    Result piped = bootstrap(server.url());
    assertEquals(0, root.toFile().list().length, "a 404 script runs nothing: " + piped.err);
  }

  /** The server again, offering {@code agentBundle} (null: none), with hello-1.0 uploaded. */
  RunningServer server(Path agentBundle) throws Exception {
    RunningServer server =
        fleet.restart(o -> agentBundle == null ? o : o.withAgentBundle(agentBundle));
    PackageBuilder.Built hello =
        PackageBuilder.build(helloPackage(), tmp.resolve("hello-1.0.tar.gz"));
    int status = server.upload("hello", "1.0", Files.readAllBytes(hello.file()));
    assertTrue(status == 200 || status == 201, "upload: " + status);
    return server;
  }

  /**
   * hello-1.0: a service run by the test's own JDK (by absolute path: the host has no java on
   * PATH), serving its rendered etc/hello.conf on the port from the hostclass's params.
   */
  Path helloPackage() throws Exception {
    Path src = tmp.resolve("hello-src");
    if (Files.exists(src)) {
      return src;
    }
    Files.createDirectories(src.resolve("bin"));
    Files.createDirectories(src.resolve("etc"));
    Files.createDirectories(src.resolve(".roller"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classes =
        Path.of(HelloService.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    String check = fetchTool.equals("curl") ? "curl -fsS -o /dev/null" : "wget -q -O /dev/null";
    Path script =
        Files.writeString(
            src.resolve("bin/hello.tmpl"),
            """
        #!/bin/sh
        pidf="$ROLLER_ROOT/var/run/hello.pid"; mkdir -p "$ROLLER_ROOT/var/run"
        case "$1" in
        start) "JAVA" -cp "CLASSES" io.roller.roll.bootstrap.HelloService {{ port }} etc/hello.conf >/dev/null 2>&1 &
               echo $! > "$pidf" ;;
        stop)  if [ -f "$pidf" ]; then kill "$(cat "$pidf")" 2>/dev/null; rm -f "$pidf"; fi ;;
        status) CHECK http://127.0.0.1:{{ port }}/ ;;
        esac
        """
                .replace("JAVA", java)
                .replace("CLASSES", classes)
                .replace("CHECK", check));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(src.resolve("etc/hello.conf.tmpl"), "greeting={{ greeting }}\n");
    Files.writeString(
        src.resolve(".roller/package.yml"),
        """
        services:
          - name: hello
            start: bin/hello start
            stop: bin/hello stop
            check: bin/hello status
            timeout: 20s
        """);
    return src;
  }

  /**
   * The operator's one command, in a shell whose PATH holds only {@link #TOOLS} and curl or wget.
   */
  Result bootstrap(String url) throws Exception {
    String pipe =
        fetchTool.equals("curl")
            ? "curl -fsS \"$URL/bootstrap\" | sh"
            : "wget -q -O- \"$URL/bootstrap\" | sh";
    return run(
        List.of(bin.resolve("sh").toString(), "-c", pipe),
        Map.of(
            "PATH",
            bin.toString(),
            "URL",
            url,
            "ROLLER_ROOT",
            root.toString(),
            "ROLLER_HOSTNAME",
            HOST));
  }

  Path toolDir() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("bin"));
    List<String> tools = new ArrayList<>(TOOLS);
    tools.add(fetchTool);
    for (String tool : tools) {
      Path found =
          which(tool)
              .orElseThrow(
                  () -> new IllegalStateException(tool + " is not on this machine's PATH"));
      Files.createSymbolicLink(dir.resolve(tool), found);
    }
    return dir;
  }

  static Optional<Path> which(String tool) {
    for (String d :
        System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      Path p = Path.of(d, tool);
      if (!d.isEmpty() && Files.isExecutable(p) && !Files.isDirectory(p)) {
        return Optional.of(p.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  record Result(int code, String out, String err) {}

  /** Runs a command with exactly {@code env} (plus HOME), capturing its output. */
  Result run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(tmp.toFile())
            .redirectOutput(tmp.resolve("out.txt").toFile())
            .redirectError(tmp.resolve("err.txt").toFile());
    pb.environment().clear();
    pb.environment().put("HOME", tmp.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in 180 s");
    }
    return new Result(
        p.exitValue(),
        Files.readString(tmp.resolve("out.txt")),
        Files.readString(tmp.resolve("err.txt")));
  }

  static String httpGet(String url) {
    HttpResponse<String> r = Http.absolute().get(url);
    assertEquals(200, r.statusCode(), url);
    return r.body();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
