package io.roller.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's first command, run as a newcomer would, against the jars this build made. */
class DemoIT {
  private static final Path TOP = Path.of("..").toAbsolutePath().normalize();

  @Test
  void demoRollsAHostShowsTheServiceAndStopsEverythingItStarted() throws Exception {
    Path log = Files.createTempFile("demo", ".log");
    Process demo =
        new ProcessBuilder("bash", TOP.resolve("demo").toString())
            .directory(TOP.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = demo.waitFor(8, TimeUnit.MINUTES);
    if (!finished) {
      demo.descendants().forEach(ProcessHandle::destroyForcibly);
      demo.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(finished, "demo did not finish in 8 minutes:\n" + out);
    assertEquals(0, demo.exitValue(), out);

    assertTrue(out.contains("Hello from web01, the canary"), "first answer shown:\n" + out);
    assertTrue(
        out.contains("Hello again, rolled by Roller"),
        "answer after the param change shown:\n" + out);
    assertTrue(out.contains("service downtime seen by the prober:"), out);
    assertTrue(out.contains("demo: done"), out);

    int serverPort = port(out, "Starting a config server on http://127.0.0.1:(\\d+)");
    int servicePort = port(out, "listens on port (\\d+)");
    assertFalse(listening(serverPort), "the config server was stopped");
    assertFalse(listening(servicePort), "the service was stopped");
    assertTrue(
        Files.isSymbolicLink(TOP.resolve("demo-root/usr/local")),
        "the host was rolled into ./demo-root");
  }

  private static int port(String out, String regex) {
    Matcher m = Pattern.compile(regex).matcher(out);
    assertTrue(m.find(), "no match for " + regex + " in:\n" + out);
    return Integer.parseInt(m.group(1));
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
