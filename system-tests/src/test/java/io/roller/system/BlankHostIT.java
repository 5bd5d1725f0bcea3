package io.roller.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.roll.pkg.PackageBuilder;
import io.roller.server.ServerOptions;
import io.roller.server.packages.PackageOptions;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.TestRepo;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A blank host without Java joins the example fleet as an operator does it: {@code curl
 * $SERVER/bootstrap | sh} against the real config server serving config-repo/, the example packages
 * and this build's roll bundle, foreman and java-runtime-17 package, with a PATH that has shell
 * tools and no java. hello-web and foreman must run on the runtime package.
 */
class BlankHostIT {
  private static final Path TOP = Path.of("..").toAbsolutePath().normalize();
  private static final String VERSION = "1.0.0";
  private static final String HOST = "web02.nyc1";

  /** What the bootstrap, hello-web's script and foreman's launcher run; no java among them. */
  private static final List<String> TOOLS =
      List.of(
          "sh",
          "bash",
          "env",
          "tar",
          "gzip",
          "sha256sum",
          "mktemp",
          "mkdir",
          "mv",
          "rm",
          "chmod",
          "cut",
          "cat",
          "sed",
          "head",
          "tail",
          "seq",
          "sleep",
          "nohup",
          "dirname",
          "readlink");

  @TempDir Path tmp;
  Path root;
  Path bin;

  @AfterEach
  void stopTheService() throws Exception {
    Path hello = root == null ? null : root.resolve("usr/local/bin/hello-web");
    if (hello != null && Files.isExecutable(hello)) {
      run(
          List.of(hello.toString(), "stop"),
          Map.of("PATH", bin.toString(), "ROLLER_ROOT", root.toString()));
    }
  }

  @Test
  void aBlankHostWithoutJavaRunsTheExampleWebHostAndForeman() throws Exception {
    Path bundle = built("roll-agent/target/roll-bundle.tar.gz");
    Path runtime = built("roll-agent/target/java-runtime-17-" + VERSION + ".tar.gz");
    Path foreman = built("foreman/target/foreman-" + VERSION + ".tar.gz");
    String fetch = which("curl").isPresent() ? "curl" : which("wget").isPresent() ? "wget" : null;
    Assumptions.assumeTrue(fetch != null, "neither curl nor wget: the bootstrap pipe needs one");
    bin = toolDir(fetch);
    int port = freePort();

    try (TestRepo repo = TestRepo.copyOf(TOP.resolve("config-repo"), tmp.resolve("repo"))) {
      repo.write(
              "host/" + HOST + ".yml",
              "colo: nyc1\nhostclass: web\nversion: 1\nparams:\n  listen_port: " + port + "\n")
          .commit(HOST + " listens on a free port");
      Path token = Files.writeString(tmp.resolve("token"), RunningServer.UPLOAD_TOKEN + "\n");
      ServerOptions options =
          ServerOptions.forTest(repo.path(), tmp.resolve("cache"))
              .withPackages(
                  new PackageOptions(tmp.resolve("packages"), null, null, null, null, token))
              .withAgentBundle(bundle);
      try (RunningServer server = RunningServer.start(options)) {
        for (String ref : List.of("hello-web-1.0.0", "hello-web-1.1.0", "sysinfo-1.0.0")) {
          String name = ref.substring(0, ref.lastIndexOf('-'));
          Path built =
              PackageBuilder.build(
                      TOP.resolve("packages").resolve(name), tmp.resolve(ref + ".tar.gz"))
                  .file();
          upload(server, name, ref.substring(name.length() + 1), built);
        }
        upload(server, "foreman", VERSION, foreman);
        upload(server, "java-runtime-17", VERSION, runtime);

        root = Files.createDirectories(tmp.resolve("root"));
        Path etc = Files.createDirectories(root.resolve("etc"));
        try (Stream<Path> files =
            Files.list(TOP.resolve("foreman/src/test/resources/debian-etc"))) {
          for (Path f : (Iterable<Path>) files::iterator) {
            Files.copy(f, etc.resolve(f.getFileName().toString()));
          }
        }

        String pipe =
            fetch.equals("curl")
                ? "curl -fsS \"$URL/bootstrap\" | sh"
                : "wget -q -O- \"$URL/bootstrap\" | sh";
        Result boot =
            run(
                List.of(bin.resolve("sh").toString(), "-c", pipe),
                Map.of(
                    "PATH",
                    bin.toString(),
                    "URL",
                    server.url(),
                    "ROLLER_ROOT",
                    root.toString(),
                    "ROLLER_HOSTNAME",
                    HOST));
        assertEquals(0, boot.code, boot.out + boot.err);
        assertTrue(
            Files.isExecutable(root.resolve("usr/local/lib/java-runtime-17/bin/java")), boot.err);
        assertEquals("Hello from Roller (host " + HOST + ")\n", httpGet(port));

        // what cron runs every ten minutes, with cron's kind of PATH: no java on it
        Result sync =
            run(
                List.of(
                    root.resolve("usr/local/bin/foreman").toString(),
                    "sync",
                    "--dry-run",
                    "--hostname",
                    HOST,
                    "--root",
                    root.toString()),
                Map.of("PATH", bin.toString()));
        assertEquals(0, sync.code, sync.out + sync.err);
        assertTrue(sync.out.contains(HOST + " at revision " + repo.head()), sync.out);
        assertTrue(sync.out.contains("would create user raj (uid 2002"), sync.out);

        // the web UI in a real browser shows what this real roll reported
        if (Files.isExecutable(Browser.CHROMIUM) && Files.isExecutable(Browser.DRIVER)) {
          ChromeDriver browser = Browser.start();
          try {
            browser.get(server.url() + "/ui/?state=converged");
            String row = browser.findElement(By.xpath("//tr[td/a='" + HOST + "']")).getText();
            assertTrue(row.contains("converged"), row);
            browser.findElement(By.linkText(HOST)).click();
            String reports = browser.findElement(By.cssSelector("table.reports tbody")).getText();
            assertTrue(reports.contains("converged"), reports);
            assertTrue(reports.contains(repo.head().substring(0, 12)), reports);
          } finally {
            browser.quit();
          }
        }
      }
    }
  }

  private static Path built(String path) {
    Path p = TOP.resolve(path);
    assertTrue(
        Files.isRegularFile(p), "no " + p + ": run through `mvn verify` (package builds it)");
    return p;
  }

  private static void upload(RunningServer server, String name, String version, Path tarball)
      throws IOException {
    int status = server.upload(name, version, Files.readAllBytes(tarball));
    assertTrue(status == 200 || status == 201, name + "-" + version + " upload: " + status);
  }

  private Path toolDir(String fetch) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("bin"));
    List<String> tools = new ArrayList<>(TOOLS);
    tools.add(fetch);
    for (String tool : tools) {
      Path found =
          which(tool).orElseThrow(() -> new IllegalStateException(tool + " is not on PATH"));
      Files.createSymbolicLink(dir.resolve(tool), found);
    }
    return dir;
  }

  private static Optional<Path> which(String tool) {
    for (String d :
        System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
      Path p = Path.of(d, tool);
      if (!d.isEmpty() && Files.isExecutable(p) && !Files.isDirectory(p)) {
        return Optional.of(p.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  private record Result(int code, String out, String err) {}

  /** Runs a command with exactly {@code env} (plus HOME), capturing its output. */
  private Result run(List<String> command, Map<String, String> env) throws Exception {
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(tmp.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().clear();
    pb.environment().put("HOME", tmp.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError(command + " did not finish in 300 s:\n" + Files.readString(err));
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static String httpGet(int port) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode());
    return r.body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
