package io.roller.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConfigRepoTest {

  static ConfigRepo repo(String... pathsAndTexts) {
    List<RepoFile> files = new ArrayList<>();
    for (int i = 0; i < pathsAndTexts.length; i += 2) {
      files.add(RepoFileTest.file(pathsAndTexts[i], pathsAndTexts[i + 1]));
    }
    return ConfigRepo.assemble(files);
  }

  static final String COLO = "params:\n  dns: [10.1.0.2]\n  ntp: a\n";
  static final String HC = "packages:\n  production: [nginx-1.0]\nparams:\n  ntp: b\n  port: 80\n";

  @Test
  void resolvesAHostWithMergedParamsAndOrigins() {
    ConfigRepo r =
        repo(
            "colo/nyc1.yml",
            COLO,
            "hostclass/web/1.yml",
            HC,
            "host/web01.yml",
            "colo: nyc1\nhostclass: web\nversion: 1\nparams:\n  port: 81\n");
    ConfigRepo.Resolved res = r.resolve("web01").orElseThrow();
    assertEquals(81L, res.params().values().get("port"));
    assertEquals("b", res.params().values().get("ntp"));
    assertEquals(Params.Origin.colo, res.params().origins().get("dns"));
  }

  @Test
  void missingHostclassVersionNamesTheHostFileAndLine() {
    ConfigRepo r =
        repo(
            "colo/nyc1.yml",
            COLO,
            "hostclass/web/1.yml",
            HC,
            "host/web01.yml",
            "colo: nyc1\nhostclass: web\nversion: 2\n",
            "host/web02.yml",
            "colo: nyc1\nhostclass: web\nversion: 1\n");
    ValidationException e = assertThrows(ValidationException.class, () -> r.resolve("web01"));
    assertEquals("host/web01.yml", e.file());
    assertEquals(3, e.line());
    assertTrue(e.reason().contains("no version 2 (have: 1)"), e.reason());
    assertTrue(r.resolve("web02").isPresent(), "other hosts keep resolving");
  }

  @Test
  void missingColoNamesTheHostFile() {
    ConfigRepo r =
        repo(
            "hostclass/web/1.yml",
            HC,
            "host/web01.yml",
            "hostclass: web\ncolo: lon1\nversion: 1\n");
    ValidationException e = assertThrows(ValidationException.class, () -> r.resolve("web01"));
    assertEquals(2, e.line());
  }

  @Test
  void brokenHostclassFailsOnlyItsHosts() {
    ConfigRepo r =
        repo(
            "colo/nyc1.yml",
            COLO,
            "hostclass/web/1.yml",
            "packages: [oops\n",
            "hostclass/db/1.yml",
            HC,
            "host/web01.yml",
            "colo: nyc1\nhostclass: web\nversion: 1\n",
            "host/db01.yml",
            "colo: nyc1\nhostclass: db\nversion: 1\n");
    ValidationException e = assertThrows(ValidationException.class, () -> r.resolve("web01"));
    assertEquals("hostclass/web/1.yml", e.file());
    assertTrue(r.resolve("db01").isPresent());
    assertTrue(r.resolve("nosuch").isEmpty());
  }

  @Test
  void duplicateUidIsReportedAndSkipped() {
    ConfigRepo r =
        repo(
            "users/a.yml",
            "uid: 2000\naccess: {all: true}\n",
            "users/b.yml",
            "uid: 2000\naccess: {all: true}\n");
    assertEquals(List.of("a"), List.copyOf(r.users().keySet()));
    assertTrue(r.userErrors().get(0).reason().contains("already used by users/a.yml"));
  }

  @Test
  void exampleConfigRepoIsValid() throws IOException {
    Path root = Path.of("..", "config-repo");
    List<RepoFile> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        RepoFile f =
            RepoFile.parse(
                root.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p), false);
        if (f != null) {
          files.add(f);
        }
      }
    }
    ConfigRepo r = ConfigRepo.assemble(files);
    assertEquals(List.of(), List.copyOf(r.fileErrors().values()));
    assertTrue(r.hosts().size() >= 8);
    for (String h : r.hosts().keySet()) {
      assertTrue(r.resolve(h).isPresent());
    }
    assertEquals(3, r.users().size());
  }
}
