package io.roller.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
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
}
