package io.roller.roll.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roller.roll.Main;
import io.roller.roll.pkg.PackageBuilder;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.TestRepo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int roll(String... args) {
    return Main.run(new PrintStream(out, true), new PrintStream(err, true), Map.of(), args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private Path exampleRepo() throws IOException {
    Path repo = tmp.resolve("repo");
    try (var walk = Files.walk(Path.of("..", "config-repo"))) {
      for (Path p : walk.toList()) {
        Path to = repo.resolve(Path.of("..", "config-repo").relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return repo;
  }

  @Test
  void theExampleRepoValidates() throws IOException {
    assertEquals(0, roll("validate", exampleRepo().toString()), err.toString());
    assertTrue(
        out().startsWith("ok: 2 colos, 3 hostclasses (6 versions), 11 hosts, 3 users"), out());
  }

  @Test
  void everyProblemIsPrintedWithFileAndLineAndExitsOne() throws IOException {
    Path repo = exampleRepo();
    Files.writeString(
        repo.resolve("host/web02.nyc1.yml"), "colo: nyc1\nhostclass: web\nversion: 7\n");
    Files.writeString(repo.resolve("colo/sjc1.yml"), "params:\n  dns: [10.2.0.2\n");
    Files.writeString(repo.resolve("users/bob.yml"), "uid: 999\naccess: {all: true}\n");

    assertEquals(1, roll("validate", repo.toString()));

    String o = out();
    assertTrue(
        o.contains(
            "host/web02.nyc1.yml:3: key 'version': hostclass 'web' has no version 7 (have: 1, 2)"),
        o);
    assertTrue(o.contains("colo/sjc1.yml:"), o);
    assertTrue(o.contains("users/bob.yml:1: key 'uid': uid 999 is outside 1000..60000"), o);
    assertTrue(o.contains("3 problem(s)"), o);
  }

  @Test
  void anAliasBombDuplicateKeysAndABadHostNameAreProblemsNotACrash() throws IOException {
    Path repo = exampleRepo();
    StringBuilder bomb = new StringBuilder("colo: nyc1\nhostclass: web\nversion: 2\nparams:\n");
    bomb.append("  l0: &l0 [x, x]\n");
    for (int i = 1; i < 25; i++) {
      bomb.append("  l" + i + ": &l" + i + " [*l" + (i - 1) + ", *l" + (i - 1) + "]\n");
    }
    Files.writeString(repo.resolve("host/web02.nyc1.yml"), bomb);
    Files.writeString(
        repo.resolve("host/web01.nyc1.yml"),
        "colo: nyc1\nhostclass: web\nversion: 1\nversion: 2\n");
    Files.writeString(
        repo.resolve("host/UPPER.t1.yml"), "colo: nyc1\nhostclass: web\nversion: 1\n");

    assertEquals(1, roll("validate", repo.toString()));

    String o = out();
    assertTrue(o.contains("host/web02.nyc1.yml:"), o);
    assertTrue(o.contains("expands to more than 250000 nodes"), o);
    assertTrue(
        o.contains("host/web01.nyc1.yml:4: key 'version': duplicate key (first on line 3)"), o);
    assertTrue(o.contains("host/UPPER.t1.yml: bad hostname 'UPPER.t1'"), o);
    assertTrue(o.contains("3 problem(s)"), o);
  }

  @Test
  void jsonGivesEachProblemItsFileLineKeyAndMessage() throws IOException {
    Path repo = exampleRepo();
    Files.writeString(repo.resolve("host/web02.nyc1.yml"), "colo: nyc1\nhostclass: web\n");
    assertEquals(1, roll("validate", repo.toString(), "--json"));
    String o = out();
    assertTrue(o.endsWith("\n") && o.indexOf('\n') == o.length() - 1, o);
    JsonNode a = new ObjectMapper().readTree(o);
    assertEquals(false, a.get("ok").asBoolean());
    JsonNode p = a.get("problems").get(0);
    assertEquals("host/web02.nyc1.yml", p.get("file").asText());
    assertEquals(1, p.get("line").asInt());
    assertEquals("missing key 'version'", p.get("message").asText(), p.toString());
    assertTrue(p.has("key"), p.toString());
  }

  @Test
  void everyProblemOfOneFileIsReportedNotOnlyTheFirst() throws IOException {
    Path repo = exampleRepo();
    Files.writeString(
        repo.resolve("hostclass/web/3.yml"),
        "packages:\n  production: [web-1]\n  failsafe: []\ncolour: blue\nparams:\n  9lives: x\n");
    assertEquals(1, roll("validate", repo.toString(), "--json"));
    JsonNode problems = new ObjectMapper().readTree(out()).get("problems");
    List<Integer> lines = new ArrayList<>();
    problems.forEach(
        p -> {
          assertEquals("hostclass/web/3.yml", p.get("file").asText(), p.toString());
          lines.add(p.get("line").asInt());
        });
    assertEquals(List.of(4, 6), lines, problems.toString());
  }

  @Test
  void aRequiredKeyAtFaultIsOneProblemNotAlsoMissing() throws IOException {
    Path repo = exampleRepo();
    Files.writeString(repo.resolve("hostclass/web/3.yml"), "packages:\n  production: [Bad Ref]\n");
    assertEquals(1, roll("validate", repo.toString()));
    assertTrue(out().contains("hostclass/web/3.yml:2: key 'packages.production[0]'"), out());
    assertTrue(!out().contains("missing key"), out());
    assertTrue(out().contains("1 problem(s)"), out());
  }

  @Test
  void aDirectoryThatIsNotAConfigRepoIsRefused() throws IOException {
    Path elsewhere = Files.createDirectories(tmp.resolve("src"));
    Files.writeString(elsewhere.resolve("README.md"), "not a fleet\n");
    assertEquals(1, roll("validate", elsewhere.toString()));
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("is not a config repo"),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void serverCheckNamesPackagesTheServerLacks() throws Exception {
    Path repo = exampleRepo();
    try (TestRepo git = TestRepo.copyOf(Path.of("..", "config-repo"), tmp.resolve("git"));
        RunningServer server = RunningServer.withPackages(git, tmp.resolve("server"))) {
      assertEquals(1, roll("validate", repo.toString(), "--server", server.url()));
      assertTrue(
          out()
              .contains("hostclass/web/1.yml: package 'hello-web-1.0.0' is not on " + server.url()),
          out());

      Path tarball =
          PackageBuilder.build(
                  Path.of("..", "packages", "hello-web"), tmp.resolve("hello-web-1.0.0.tar.gz"))
              .file();
      assertEquals(201, server.upload("hello-web", "1.0.0", Files.readAllBytes(tarball)));
      out.reset();
      assertEquals(1, roll("validate", repo.toString(), "--server", server.url()));
      assertTrue(!out().contains("'hello-web-1.0.0'"), out());
      assertTrue(out().contains("'sysinfo-1.0.0' is not on"), out());
    }
  }

  @Test
  void aMissingDirectoryIsAFailureNotAUsageError() {
    assertEquals(1, roll("validate", tmp.resolve("nope").toString()));
    assertTrue(
        err.toString(StandardCharsets.UTF_8).startsWith("roll: validate: "),
        err.toString(StandardCharsets.UTF_8));
  }
}
