package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.server.testing.RawHttp;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.ServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * GET /bootstrap on the real server, and its script run by a real sh into a temp root: where it
 * points hosts, and that every refusal fails before anything is installed.
 */
class BootstrapRoutesTest {
  @TempDir Path tmp;
  Path root;

  @RegisterExtension
  final ServerExtension fleet =
      ServerExtension.exampleFleet().withOptions(o -> o.withAgentBundle(bundle()));

  Path bundle() {
    try {
      return Files.write(tmp.resolve("roll-bundle.tar.gz"), new byte[] {1, 2, 3});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("root"));
  }

  /** The server again, with {@code --public-url}. */
  RunningServer restartWith(String publicUrl) {
    return fleet.restart(o -> o.withPublicUrl(publicUrl));
  }

  @Test
  void theScriptPointsAtThePublicUrlNeverAtTheRequestsHostHeader() throws IOException {
    restartWith("https://roller.nyc1.example.com/config/");
    // java.net.http does not let a request set its Host header
    String script = RawHttp.get(fleet.server().port(), "/bootstrap", "evil.example.com");
    assertTrue(script.startsWith("HTTP/1.1 200"), script);
    assertFalse(script.contains("evil.example.com"), script);
    assertTrue(script.contains("server='https://roller.nyc1.example.com/config'"), script);
  }

  @Test
  void withoutPublicUrlAServerOnALoopbackAddressPointsAtIt() {
    String script = fleet.http().get("/bootstrap").body();
    assertTrue(script.contains("server='" + fleet.url() + "'"), script);
  }

  @Test
  void aBadPublicUrlIsRefusedAtStart() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> restartWith("http://x/'; rm -rf /"));
    assertTrue(e.getMessage().contains("--public-url"), e.getMessage());
  }

  @Test
  void anUnknownHostnameIsRefusedWithAScriptThatExits1AndSuggestsNames() throws Exception {
    HttpResponse<String> r = fleet.http().get("/bootstrap?hostname=web01");
    assertEquals(404, r.statusCode(), r.body());
    assertTrue(r.body().contains("did you mean web01.nyc1, web01.sjc1?"), r.body());
    Result piped =
        sh("curl -sS \"$URL/bootstrap?hostname=web01\" | sh", Map.of("URL", fleet.url()));
    assertEquals(1, piped.code, piped.err);
    assertTrue(piped.err.contains("bootstrap: no host web01"), piped.err);
    assertEquals(0, root.toFile().list().length, "nothing installed");
  }

  @Test
  void theScriptChecksAHostnameFromTheEnvironmentBeforeInstallingAnything() throws Exception {
    Path script =
        Files.writeString(tmp.resolve("bootstrap.sh"), fleet.http().get("/bootstrap").body());
    Result r = sh("sh " + script, Map.of("ROLLER_HOSTNAME", "nosuch.nyc1"));
    assertEquals(1, r.code, r.err);
    assertTrue(r.err.contains("does not know host 'nosuch.nyc1'"), r.err);
    assertTrue(r.err.contains("nothing installed"), r.err);
    assertEquals(0, root.toFile().list().length, "nothing installed");
  }

  @Test
  void theScriptFailsBeforeInstallingAnythingWhenTheServerIsDown() throws Exception {
    Path script =
        Files.writeString(tmp.resolve("bootstrap.sh"), fleet.http().get("/bootstrap").body());
    fleet.stop();
    Result r = sh("sh " + script, Map.of("ROLLER_HOSTNAME", "web01.nyc1"));
    assertEquals(1, r.code, r.err);
    assertTrue(r.err.contains("cannot be reached"), r.err);
    assertEquals(0, root.toFile().list().length, "nothing installed");
  }

  record Result(int code, String out, String err) {}

  /** Runs {@code command} by sh with ROLLER_ROOT and {@code env}. */
  Result sh(String command, Map<String, String> env) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
        "the script needs curl");
    ProcessBuilder pb =
        new ProcessBuilder(List.of("sh", "-c", command))
            .redirectOutput(tmp.resolve("out.txt").toFile())
            .redirectError(tmp.resolve("err.txt").toFile());
    pb.environment().put("ROLLER_ROOT", root.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), command + " did not finish");
    return new Result(
        p.exitValue(),
        Files.readString(tmp.resolve("out.txt")),
        Files.readString(tmp.resolve("err.txt")));
  }
}
