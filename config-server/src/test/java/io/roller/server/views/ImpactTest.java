package io.roller.server.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.ConfigRepo;
import io.roller.model.PackageRef;
import io.roller.model.RepoFile;
import io.roller.server.packages.PackageContents;
import io.roller.server.repo.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The impact view alone: two parsed commits and a package lookup in, a record out; no HTTP. */
class ImpactTest {
  static Snapshot snapshot(String rev, Map<String, String> files) {
    List<RepoFile> parsed = new ArrayList<>();
    files.forEach(
        (p, t) -> parsed.add(RepoFile.parse(p, t.getBytes(StandardCharsets.UTF_8), false)));
    return new Snapshot(
        rev.repeat(40).substring(0, 40), Instant.EPOCH, ConfigRepo.assemble(parsed), 0, 0);
  }

  static Map<String, String> fleet() {
    Map<String, String> f = new TreeMap<>();
    f.put("colo/nyc1.yml", "params:\n  ntp: a\n");
    f.put("hostclass/web/1.yml", "packages:\n  production: [web-1, log-1]\n");
    f.put("hostclass/web/2.yml", "packages:\n  production: [web-2]\nparams:\n  ntp: b\n");
    f.put("host/w1.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 1\n");
    f.put("host/w2.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 1\n");
    return f;
  }

  static final PackageContents STORE =
      ref ->
          Optional.of(
              new PackageContents.Contents(
                  List.of(ref.name() + "d"), Map.of("etc/x.tmpl", "ntp {{ ntp }}")));

  @Test
  void aVersionMoveNamesTheParamsNewFileThePackagesAndEveryServiceStoppedOrStarted() {
    Map<String, String> after = fleet();
    after.put("host/w1.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 2\n");
    Impact.Answer a = Impact.between(snapshot("a", fleet()), snapshot("b", after), STORE, true);
    assertEquals(1, a.totals().changed());
    Impact.Change c = a.changed().get(0).change();
    assertEquals(List.of(new Impact.Move("version", "1", "2")), c.moved());
    assertEquals(
        List.of(new Impact.ParamChange("ntp", "a", "b", "colo/nyc1.yml", "hostclass/web/2.yml")),
        c.params());
    assertEquals(
        List.of(
            new Impact.PackageChange("web", "changed", "1", "2"),
            new Impact.PackageChange("log", "removed", "1", null)),
        c.packages());
    assertEquals(List.of("webd", "logd"), c.restart());
    assertTrue(a.renderFailures().isEmpty());
    assertTrue(a.rendered());
  }

  @Test
  void theSameCommitTwiceIsAnEmptyAnswer() {
    Snapshot s = snapshot("a", fleet());
    Impact.Answer a = Impact.between(s, s, STORE, true);
    assertTrue(a.changed().isEmpty() && a.failing().isEmpty() && a.added().isEmpty());
    assertEquals(2, a.totals().hosts());
  }

  @Test
  void withoutAStoreNothingIsRenderedAndNoPackageIsMissing() {
    Map<String, String> after = fleet();
    after.put("hostclass/web/1.yml", "packages:\n  production: [web-9]\n");
    Impact.Answer a = Impact.between(snapshot("a", fleet()), snapshot("b", after), null, true);
    assertEquals(false, a.rendered());
    assertTrue(a.missingPackages().isEmpty() && a.failing().isEmpty());
    assertEquals(2, a.changed().get(0).count());
    assertTrue(a.changed().get(0).change().restart().isEmpty());
    // and a lookup that finds nothing makes every host that would get it fail
    Impact.Answer b =
        Impact.between(
            snapshot("a", fleet()),
            snapshot("b", after),
            (PackageRef ref) -> Optional.empty(),
            false);
    assertEquals(List.of("web-9"), b.missingPackages());
    assertEquals(2, b.failing().size());
  }
}
