package io.roller.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.pkg.Tarballs;
import io.roller.server.testing.Http;
import io.roller.server.testing.Poll;
import io.roller.server.testing.RawHttp;
import io.roller.server.testing.TestRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    return Main.run(
        new PrintWriter(out, true), new PrintWriter(err, true), new CountDownLatch(1), args);
  }

  @Test
  void helpListsEveryOption() {
    assertEquals(0, run("--help"));
    for (String o :
        new String[] {
          "--repo",
          "--branch",
          "--port",
          "--bind",
          "--poll",
          "--cache-dir",
          "--packages-dir",
          "--s3-bucket",
          "--s3-endpoint",
          "--s3-region",
          "--s3-prefix",
          "--upload-token-file",
          "--public-url",
          "--refresh-token-file"
        }) {
      assertTrue(out.toString().contains(o), o + " in " + out);
    }
  }

  @Test
  void usageErrorsExitWith2() {
    assertEquals(2, run());
    assertTrue(err.toString().contains("--repo"), err.toString());
    assertEquals(2, run("--repo", tmp.toString(), "--poll", "soon"));
    assertTrue(err.toString().contains("bad duration 'soon'"), err.toString());
    assertEquals(2, run("--repo", tmp.toString(), "--public-url", "http://x/'; rm -rf /"));
    assertTrue(err.toString().contains("want http(s)://HOST[:PORT][/PATH]"), err.toString());
  }

  @Test
  void aMisspeltOptionIsNamedInOneLineWithAHintNotTheWholeHelp() {
    assertEquals(2, run("--prot", "8080"));
    String e = err.toString();
    String first = e.lines().findFirst().orElse("");
    assertEquals("config-server: Unknown option: '--prot'", first, e);
    assertTrue(e.contains("--help"), e);
    assertTrue(e.lines().count() <= 4, e);
    assertFalse(e.contains("Usage:"), e);
    assertEquals("", out.toString());
  }

  @Test
  void helpShowsMeaningfulPlaceholders() {
    assertEquals(0, run("--help"));
    String help = out.toString();
    assertFalse(Pattern.compile("<[a-z][A-Za-z0-9]*>").matcher(help).find(), help);
    for (String label : new String[] {"--bind=ADDRESS", "--s3-bucket=BUCKET", "--port=PORT"}) {
      assertTrue(help.contains(label), label + " in " + help);
    }
  }

  @Test
  void aRepoThatCannotBeOpenedExitsWith1AndSaysWhy() {
    assertEquals(
        1,
        run(
            "--repo",
            tmp.resolve("nothing").toString(),
            "--port",
            "0",
            "--bind",
            "127.0.0.1",
            "--packages-dir",
            tmp.resolve("packages").toString()));
    assertTrue(err.toString().startsWith("config-server: "), err.toString());
    assertTrue(err.toString().contains("nothing"), err.toString());
  }

  @Test
  void durationsReadLikeOperatorsWriteThem() {
    assertEquals(java.time.Duration.ofSeconds(30), Main.duration("30s"));
    assertEquals(java.time.Duration.ofMinutes(5), Main.duration("5m"));
    assertEquals(java.time.Duration.ofMillis(250), Main.duration("250ms"));
    assertEquals(java.time.Duration.ZERO, Main.duration("0"));
  }

  /**
   * The real process, started cold with a small heap on a repo whose head holds the alias
   * bomb, with slow readers holding package downloads: it serves, and SIGTERM still stops it.
   */
  @Test
  void aColdStartOnAnAliasBombServesAndSigtermStopsItDespiteSlowReaders() throws Exception {
    Path repoDir = tmp.resolve("repo");
    try (TestRepo repo = TestRepo.exampleFleet(repoDir)) {
      repo.write("host/web02.nyc1.yml", TestRepo.aliasBomb());
      repo.commit("bomb");
    }
    Files.writeString(tmp.resolve("token"), "t0k3n");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx128m",
                "-cp",
                System.getProperty("java.class.path"),
                "io.roller.server.Main",
                "--repo",
                repoDir.toString(),
                "--bind",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--poll",
                "1s",
                "--cache-dir",
                tmp.resolve("cache").toString(),
                "--packages-dir",
                tmp.resolve("packages").toString(),
                "--upload-token-file",
                tmp.resolve("token").toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("server.log").toFile())
            .start();
    List<Socket> readers = new ArrayList<>();
    try {
      Http http = Http.to("http://127.0.0.1:" + port);
      Path log = tmp.resolve("server.log");
      Poll.until(
          Duration.ofSeconds(60),
          () -> {
            if (!p.isAlive()) {
              throw new AssertionError(
                  "server exited " + p.exitValue() + ": " + Files.readString(log));
            }
            return http.getBytes("/host/web02.nyc1/resolved").statusCode(); // refused: not yet up
          },
          status -> status == 422,
          "the bomb host to answer 422 once the server is up");
      byte[] noise = new byte[8 * 1024 * 1024];
      new Random(5).nextBytes(noise);
      byte[] big =
          Tarballs.create().file("share/noise", noise, 0644).manifest("services: []\n").gz();
      var put = http.put("/package/big/1.tar.gz", big, "t0k3n");
      assertEquals(201, put.statusCode(), Http.text(put));
      for (int i = 0; i < 10; i++) {
        Socket s =
            RawHttp.slowClient(port, "GET /package/big/1.tar.gz HTTP/1.1\r\nHost: x\r\n\r\n");
        s.getInputStream().read(new byte[100]);
        readers.add(s);
      }
      p.destroy(); // SIGTERM
      assertTrue(
          p.waitFor(Main.STOP_WAIT.toSeconds() + 10, TimeUnit.SECONDS), "SIGTERM stops the server");
    } finally {
      p.destroyForcibly();
      for (Socket s : readers) {
        s.close();
      }
    }
  }
}
