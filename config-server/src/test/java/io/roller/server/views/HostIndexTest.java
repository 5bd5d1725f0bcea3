package io.roller.server.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.ConfigRepo;
import io.roller.model.RepoFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostIndexTest {
  private final Map<String, RepoFile> files = new LinkedHashMap<>();

  private void put(String path, String text) {
    files.put(path, RepoFile.parse(path, text.getBytes(StandardCharsets.UTF_8), false));
  }

  private ConfigRepo repo() {
    return ConfigRepo.assemble(new ArrayList<>(files.values()));
  }

  private void fleet() {
    put("colo/nyc1.yml", "params: {}\n");
    put("colo/sjc1.yml", "params: {}\n");
    put(
        "hostclass/web/1.yml",
        "packages:\n  production: [nginx-1.0, foreman-1.0.0]\n  failsafe: [foreman-1.0.0]\n");
    put("hostclass/web/2.yml", "packages:\n  production: [nginx-2.0, foreman-1.0.0]\n");
    put("hostclass/db/1.yml", "packages:\n  production: [pg-15, foreman-1.0.0]\n");
    for (int i = 0; i < 20; i++) {
      put(
          "host/web" + i + ".yml",
          "colo: "
              + (i % 2 == 0 ? "nyc1" : "sjc1")
              + "\nhostclass: web\nversion: "
              + (1 + i % 2)
              + "\n");
      put("host/db" + i + ".yml", "colo: nyc1\nhostclass: db\nversion: 1\n");
    }
  }

  @Test
  void aFewChangedHostsPatchThePreviousIndexToTheSameResultAsAFullBuild() {
    fleet();
    ConfigRepo before = repo();
    HostIndex prev = new HostIndex(before);
    put("host/web3.yml", "colo: nyc1\nhostclass: db\nversion: 1\n");
    put("host/web4.yml", "colo: sjc1\nhostclass: web\nversion: 9\n");
    files.remove("host/db7.yml");
    put("host/new1.yml", "colo: sjc1\nhostclass: web\nversion: 2\n");
    ConfigRepo after = repo();

    HostIndex patched = HostIndex.next(prev, before, after);

    assertTrue(patched.incremental());
    assertSameIndex(new HostIndex(after), patched, after);
    assertFalse(patched.coloHosts("nyc1").contains("db7"));
    assertTrue(
        patched.packageHosts("nginx").stream().noneMatch(v -> v.hostname().equals("web4")),
        "invalid host has no packages");
  }

  @Test
  void aChangedHostclassRebuildsInFull() {
    fleet();
    ConfigRepo before = repo();
    HostIndex prev = new HostIndex(before);
    put("hostclass/web/2.yml", "packages:\n  production: [nginx-2.1, foreman-1.0.0]\n");
    ConfigRepo after = repo();

    HostIndex next = HostIndex.next(prev, before, after);

    assertFalse(next.incremental());
    assertSameIndex(new HostIndex(after), next, after);
  }

  private static void assertSameIndex(HostIndex want, HostIndex got, ConfigRepo repo) {
    for (String colo : List.of("nyc1", "sjc1", "lon1")) {
      assertEquals(want.coloHosts(colo), got.coloHosts(colo), colo);
    }
    for (String hc : List.of("web", "db")) {
      assertEquals(want.hostclassHosts(hc), got.hostclassHosts(hc), hc);
    }
    assertEquals(want.packages(), got.packages());
    for (String p : want.packages()) {
      assertEquals(want.packageHosts(p), got.packageHosts(p), p);
    }
  }
}
