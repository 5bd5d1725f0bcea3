package io.roller.server.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedRepoTest {
  @TempDir Path tmp;

  @Test
  void initCommitsTheTreeAndCommitRecordsEdits() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src/host"));
    Files.writeString(src.resolve("a.yml"), "colo: x\n");
    Path dest = tmp.resolve("repo");
    String first = run("init", tmp.resolve("src").toString(), dest.toString());
    Files.writeString(dest.resolve("host/a.yml"), "colo: y\n");
    Files.delete(dest.resolve("host/a.yml"));
    Files.writeString(dest.resolve("host/b.yml"), "colo: z\n");
    String second = run("commit", dest.toString(), "move a to b");
    assertNotEquals(first, second);
    try (Git git = Git.open(dest.toFile())) {
      assertEquals("main", git.getRepository().getBranch());
      assertTrue(git.status().call().isClean(), "the delete was committed too");
    }
  }

  @Test
  void usageErrorExitsTwo() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(
        2,
        SeedRepo.run(new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), "bogus"));
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage:"));
  }

  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, SeedRepo.run(new PrintStream(out), System.err, args));
    return out.toString(StandardCharsets.UTF_8).trim();
  }
}
