package io.roller.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The repo files the docs show validate with the model: the YAML examples of docs/config-repo.md
 * (each headed by a {@code # <path>} comment) and the files the walkthrough writes with {@code cat
 * > <path> <<'EOF'}. A reader who copies one gets a file the server accepts.
 */
class DocsExamplesTest {
  private static final Path DOCS = Path.of("..", "docs").toAbsolutePath().normalize();
  private static final Pattern YAML_BLOCK = Pattern.compile("(?s)```yaml\n(.*?)```");
  private static final Pattern PATH_HEADER =
      Pattern.compile("(?m)^# ((?:colo|hostclass|host|users)/\\S+\\.yml)\\b.*$");
  private static final Pattern HEREDOC =
      Pattern.compile("(?s)cat > ((?:colo|hostclass|host|users)/\\S+\\.yml) <<'EOF'\n(.*?)\nEOF\n");

  @Test
  void everyRepoFileInTheConfigRepoReferenceValidates() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    Matcher block = YAML_BLOCK.matcher(read("config-repo.md"));
    while (block.find()) {
      String yaml = block.group(1);
      Matcher header = PATH_HEADER.matcher(yaml);
      int start = -1;
      String path = null;
      while (header.find()) {
        if (path != null) {
          files.put(path, yaml.substring(start, header.start()));
        }
        path = header.group(1);
        start = header.end();
      }
      if (path != null) {
        files.put(path, yaml.substring(start));
      }
    }
    assertFalse(files.size() < 5, "found the examples: " + files.keySet());
    files.forEach(DocsExamplesTest::assertValid);
  }

  @Test
  void everyRepoFileTheWalkthroughWritesValidatesAndAddsAFile() throws IOException {
    Matcher m = HEREDOC.matcher(read("walkthrough.md"));
    int found = 0;
    for (; m.find(); found++) {
      String path = m.group(1);
      assertValid(path, m.group(2) + "\n");
      // the walkthrough runs in a copy of config-repo/: it must not overwrite an example's file
      assertFalse(
          Files.exists(DOCS.resolveSibling("config-repo").resolve(path)),
          "the walkthrough overwrites config-repo/" + path);
    }
    assertFalse(found < 2, "found the walkthrough's files");
  }

  @Test
  void theWalkthroughUploadsEveryPackageTheExampleHostclassesList() throws IOException {
    String walkthrough = read("walkthrough.md");
    int from = walkthrough.indexOf("## 4. Build and upload packages");
    String section4 = walkthrough.substring(from, walkthrough.indexOf("\n## 5.", from));
    Path hostclasses = DOCS.resolveSibling("config-repo").resolve("hostclass");
    java.util.Set<String> refs = new java.util.TreeSet<>();
    try (java.util.stream.Stream<Path> files = Files.walk(hostclasses)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String path = "hostclass/" + hostclasses.relativize(f);
        RepoFile.HostclassFile hc =
            (RepoFile.HostclassFile) RepoFile.parse(path, Files.readAllBytes(f), false);
        assertNull(hc.error(), path);
        hc.hostclass().production().forEach(r -> refs.add(r.toString()));
        hc.hostclass().failsafe().forEach(r -> refs.add(r.toString()));
      }
    }
    assertFalse(refs.isEmpty());
    for (String ref : refs) {
      assertTrue(section4.contains(ref), "walkthrough section 4 does not upload " + ref);
    }
  }

  private static void assertValid(String path, String text) {
    RepoFile f = RepoFile.parse(path, text.getBytes(StandardCharsets.UTF_8), false);
    assertNotNull(f, path + " is a repo file");
    assertNull(f.error(), () -> path + ":\n" + text + "\n" + f.error().getMessage());
    if (f instanceof RepoFile.UserFile u) {
      assertEquals(path, "users/" + u.login() + ".yml");
    }
  }

  private static String read(String doc) throws IOException {
    return Files.readString(DOCS.resolve(doc));
  }
}
