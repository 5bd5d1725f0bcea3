package io.roller.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.server.testing.Http;
import io.roller.server.testing.Poll;
import io.roller.server.testing.TestRepo;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The config server as operators run it: a java process, stopped by a signal. */
class ServerProcessTest {
  private static final Pattern LISTENING = Pattern.compile("config-server on (http://\\S+)");
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"TERM", "INT"})
  void aSignalStopsTheServerCleanlyWithExit0(String signal) throws Exception {
    try (TestRepo repo = TestRepo.exampleFleet(tmp.resolve("repo"))) {
      Path log = tmp.resolve("server.log");
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName(),
                  "--repo",
                  repo.path().toString(),
                  "--port",
                  "0",
                  "--bind",
                  "127.0.0.1",
                  "--poll",
                  "0",
                  "--cache-dir",
                  tmp.resolve("cache").toString(),
                  "--packages-dir",
                  tmp.resolve("packages").toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        String url = awaitListening(p, log);
        HttpResponse<String> health = Http.to(url).get("/healthz");
        assertEquals(200, health.statusCode());
        Process kill =
            new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "still running after SIG" + signal);
        assertEquals(0, p.exitValue(), Files.readString(log));
      } finally {
        p.destroyForcibly();
      }
    }
  }

  private static String awaitListening(Process p, Path log) {
    return Poll.until(
        Duration.ofSeconds(60),
        () -> {
          String text = Files.exists(log) ? Files.readString(log) : "";
          Matcher m = LISTENING.matcher(text);
          if (m.find()) {
            return m.group(1);
          }
          if (!p.isAlive()) {
            throw new AssertionError("server exited " + p.exitValue() + ": " + text);
          }
          return null;
        },
        url -> url != null,
        "the server to log the URL it listens on (" + log + ")");
  }
}
