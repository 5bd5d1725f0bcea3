package io.roller.roll.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PackageCommandTest {
  @TempDir Path tmp;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = new CommandLine(new PackageCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private Path source() throws IOException {
    Path d = tmp.resolve("src");
    Files.createDirectories(d.resolve("bin"));
    Files.writeString(d.resolve("bin/tool"), "#!/bin/sh\n");
    return d;
  }

  @Test
  void buildsAndPrintsPathSizeAndSha256() throws IOException {
    Path o = tmp.resolve("tool-1.0.tar.gz");
    assertEquals(
        0, run(source().toString(), "--name", "tool", "--version", "1.0", "-o", o.toString()));
    String line = out.toString().trim();
    assertTrue(line.startsWith(o + " " + Files.size(o) + " bytes sha256 "), line);
    assertEquals(64, line.substring(line.lastIndexOf(' ') + 1).length());
  }

  @Test
  void jsonOutputIsParseable() throws IOException {
    Path o = tmp.resolve("x.tar.gz");
    assertEquals(
        0,
        run(source().toString(), "--name", "tool", "--version", "2", "-o", o.toString(), "--json"));
    JsonNode j = new ObjectMapper().readTree(out.toString());
    assertEquals("tool", j.get("name").asText());
    assertEquals(Files.size(o), j.get("size").asLong());
    assertEquals(o.toString(), j.get("path").asText());
  }

  @Test
  void badNameIsAUsageError() throws IOException {
    assertEquals(2, run(source().toString(), "--name", "Bad Name", "--version", "1"));
    assertTrue(err.toString().contains("bad --name 'Bad Name'"), err.toString());
    assertEquals(2, run(source().toString(), "--version", "1"));
    assertTrue(err.toString().contains("Missing required option: '--name=N'"), err.toString());
  }

  @Test
  void missingDirectoryFails() {
    assertEquals(
        1,
        run(tmp.resolve("none").toString(), "--name", "a", "--version", "1", "-o", tmp + "/a.tgz"));
    assertTrue(err.toString().contains("is not a directory"), err.toString());
  }

  @Test
  void helpDescribesTheCommand() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("--version=V"));
  }

  @Test
  void strippingASetuidOrSetgidBitWarnsNamingTheFile() throws Exception {
    Path src = source();
    // NIO cannot set the bit; chmod(1) can.
    assertEquals(
        0,
        new ProcessBuilder("chmod", "4755", src.resolve("bin/tool").toString()).start().waitFor());
    Files.writeString(src.resolve("bin/plain"), "x");
    Path o = tmp.resolve("t.tar.gz");

    assertEquals(0, run(src.toString(), "--name", "t", "--version", "1", "-o", o.toString()));

    assertEquals(
        "roll: warning: dropped the setuid/setgid bit of bin/tool"
            + " (roll refuses packages that carry one)\n",
        err.toString());
  }

  /** A real child roll under umask 022: the package is 0644 like any file it would write. */
  @Test
  void thePackageModeFollowsTheUmask() throws Exception {
    Path src = source();
    for (String umask : List.of("022", "027")) {
      Path o = tmp.resolve("u" + umask + ".tar.gz");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p =
          new ProcessBuilder(
                  "sh",
                  "-c",
                  "umask " + umask + " && exec \"$0\" \"$@\"",
                  java,
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  io.roller.roll.Main.class.getName(),
                  "package",
                  src.toString(),
                  "--name",
                  "t",
                  "--version",
                  "1",
                  "-o",
                  o.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      assertEquals(0, p.waitFor(), out);
      assertEquals(
          umask.equals("022") ? "rw-r--r--" : "rw-r-----",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(o)));
    }
  }
}
