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
}
