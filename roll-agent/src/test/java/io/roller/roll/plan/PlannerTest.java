package io.roller.roll.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.PackageRef;
import io.roller.model.ResolvedHost;
import io.roller.roll.core.RollException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planner alone: desired state and current generation in, plan out; no I/O anywhere. */
class PlannerTest {
  static final String NOW = "2024-01-01T00:00:00Z";

  static FileEntry file(String path, String digest) {
    return new FileEntry(path, FileEntry.Kind.FILE, 0644, digest, 1);
  }

  static FileEntry dir(String path) {
    return new FileEntry(path, FileEntry.Kind.DIR, 0755, null, 0);
  }

  static ServiceSpec svc(String pkg, String name) {
    return new ServiceSpec(
        pkg, name, "bin/" + name + " start", "bin/" + name + " stop", null, 1000);
  }

  static PackageIndex web(String version, String template) {
    return new PackageIndex(
        "web",
        version,
        "sha-web-" + version,
        List.of(dir("bin"), file("bin/web", "d1"), dir("etc"), file("etc/web.conf.tmpl", "t")),
        Map.of("etc/web.conf.tmpl", template),
        List.of(svc("web", "web"), svc("web", "worker")),
        List.of(new CronSpec("web", "rotate", "0 * * * *", "/usr/local/bin/web rotate", null)));
  }

  static PackageIndex db() {
    return new PackageIndex(
        "db",
        "1",
        "sha-db-1",
        List.of(dir("bin"), file("bin/db", "d2")),
        Map.of(),
        List.of(svc("db", "db")),
        List.of(new CronSpec("db", "vacuum", "5 3 * * *", "/usr/local/bin/db vacuum", "postgres")));
  }

  static Desired desired(String revision, Map<String, Object> params, PackageIndex... indexes) {
    List<ResolvedHost.Package> pkgs = new java.util.ArrayList<>();
    Map<PackageRef, PackageIndex> byRef = new LinkedHashMap<>();
    for (PackageIndex i : indexes) {
      pkgs.add(
          new ResolvedHost.Package(i.name(), i.version(), i.sha256(), 1L, "/package/" + i.name()));
      byRef.put(new PackageRef(i.name(), i.version()), i);
    }
    ResolvedHost host =
        new ResolvedHost(
            "web01.nyc1",
            "nyc1",
            "web",
            "2",
            revision,
            null,
            new ResolvedHost.Packages(pkgs, List.of(pkgs.get(pkgs.size() - 1))),
            params,
            Map.of());
    return new Desired(host, false, byRef);
  }

  static Plan first(Desired d) {
    return Planner.plan(d, GenerationRecord.adopted(NOW), 1, false, NOW);
  }

  @Test
  void firstRollBuildsSwitchesAndStartsInHostclassThenManifestOrder() {
    Plan p = first(desired("r1", Map.of("port", 80), db(), web("1", "port={{ port }}")));

    assertTrue(p.changed());
    assertEquals(
        List.of(
            Step.Build.class,
            Step.StopServices.class,
            Step.Switch.class,
            Step.WriteCron.class,
            Step.StartServices.class,
            Step.Commit.class,
            Step.Prune.class),
        p.steps().stream().map(Object::getClass).toList());
    assertEquals(List.of("db/db", "web/web", "web/worker"), p.changes().servicesStarted());
    assertEquals(List.of("db-1", "web-1"), p.changes().packagesAdded());
    assertEquals(new Step.Switch(0, 1), p.steps().get(2));
    assertEquals("port=80", p.target().rendered().get("etc/web.conf"));
  }

  @Test
  void stopsTheCurrentServicesInReverseOrder() {
    Plan one = first(desired("r1", Map.of("port", 80), db(), web("1", "port={{ port }}")));
    Plan two =
        Planner.plan(
            desired("r2", Map.of("port", 81), db(), web("1", "port={{ port }}")),
            one.target(),
            2,
            false,
            NOW);

    assertEquals(List.of("web/worker", "web/web", "db/db"), two.changes().servicesStopped());
    Step.StopServices stop = (Step.StopServices) two.steps().get(1);
    assertEquals(
        List.of("worker", "web", "db"), stop.services().stream().map(ServiceSpec::name).toList());
    assertEquals(1, stop.generation());
  }

  @Test
  void sameContentIsANoOpEvenAtANewRevisionWithNewUnusedParams() {
    Plan one =
        first(
            desired(
                "r1", Map.of("port", 80), web("1", "port={{ port }} gen={{ roller.generation }}")));
    Plan two =
        Planner.plan(
            desired(
                "r2",
                Map.of("port", 80, "unused", true),
                web("1", "port={{ port }} gen={{ roller.generation }}")),
            one.target(),
            2,
            false,
            NOW);

    assertFalse(two.changed());
    assertEquals(List.of(new Step.Refresh(1)), two.steps());
    assertEquals("r2", two.target().revision());
    assertEquals(1, two.target().generation());
    assertEquals(List.of(new Plan.ParamChange("unused", null, true)), two.changes().params());
    assertTrue(two.changes().servicesStopped().isEmpty());
  }

  @Test
  void forceRebuildsAnUnchangedHost() {
    Plan one = first(desired("r1", Map.of("port", 80), web("1", "x")));
    Plan two =
        Planner.plan(desired("r1", Map.of("port", 80), web("1", "x")), one.target(), 2, true, NOW);

    assertTrue(two.changed());
    assertEquals(2, two.target().generation());
  }

  @Test
  void aTemplateUsingTheRevisionChangesWithEveryRevision() {
    Plan one = first(desired("r1", Map.of(), web("1", "rev={{ roller.revision }}")));
    Plan two =
        Planner.plan(
            desired("r2", Map.of(), web("1", "rev={{ roller.revision }}")),
            one.target(),
            2,
            false,
            NOW);

    assertTrue(two.changed());
    assertEquals("rev=r2", two.target().rendered().get("etc/web.conf"));
  }

  @Test
  void renderedConfigChangeCarriesAUnifiedDiff() {
    Plan one = first(desired("r1", Map.of("port", 80), web("1", "a\nport={{ port }}\nb\n")));
    Plan two =
        Planner.plan(
            desired("r2", Map.of("port", 81), web("1", "a\nport={{ port }}\nb\n")),
            one.target(),
            2,
            false,
            NOW);

    Plan.FileChange conf =
        two.changes().files().stream()
            .filter(f -> f.path().equals("etc/web.conf"))
            .findFirst()
            .orElseThrow();
    assertEquals("changed", conf.change());
    assertTrue(conf.diff().contains("--- a/etc/web.conf"), conf.diff());
    assertTrue(conf.diff().contains("-port=80\n+port=81"), conf.diff());
    assertEquals(1, two.changes().files().size());
    assertEquals(List.of(new Plan.ParamChange("port", 80, 81)), two.changes().params());
  }

  @Test
  void packageUpgradeListsAddedRemovedAndChangedFiles() {
    Plan one = first(desired("r1", Map.of(), web("1", "x"), db()));
    PackageIndex web2 =
        new PackageIndex(
            "web",
            "2",
            "sha-web-2",
            List.of(dir("bin"), file("bin/web", "d9"), file("bin/new", "n")),
            Map.of(),
            List.of(),
            List.of());
    Plan two = Planner.plan(desired("r2", Map.of(), web2, db()), one.target(), 2, false, NOW);

    assertEquals(List.of("web-2"), two.changes().packagesAdded());
    assertEquals(List.of("web-1"), two.changes().packagesRemoved());
    assertEquals(
        List.of("bin/new added", "bin/web changed", "etc removed", "etc/web.conf removed"),
        two.changes().files().stream().map(f -> f.path() + " " + f.change()).toList());
    assertNull(two.changes().files().get(0).diff());
  }

  @Test
  void unknownVariableFailsNamingPackageFileAndVariable() {
    RollException e =
        assertThrows(
            RollException.class,
            () -> first(desired("r1", Map.of(), web("1", "line1\nheap={{ heap_mb }}"))));
    assertEquals(
        "package web-1: template etc/web.conf.tmpl (line 2) names unknown variable 'heap_mb'",
        e.getMessage());
  }

  @Test
  void rollerFactsAreAvailableAndWinOverAParamNamedRoller() {
    Plan p =
        first(
            desired(
                "r1",
                Map.of("roller", "mine"),
                web(
                    "1",
                    "{{ roller.hostname }} {{ roller.colo }} {{ roller.hostclass }} {{ roller.version }} "
                        + "{{ roller.revision }} {{ roller.generation }}")));
    assertEquals("web01.nyc1 nyc1 web 2 r1 1", p.target().rendered().get("etc/web.conf"));
  }

  @Test
  void twoPackagesShippingOnePathFail() {
    PackageIndex other =
        new PackageIndex(
            "other",
            "1",
            "sha-o",
            List.of(dir("bin"), file("bin/web", "zz")),
            Map.of(),
            List.of(),
            List.of());
    RollException e =
        assertThrows(
            RollException.class, () -> first(desired("r1", Map.of(), web("1", "x"), other)));
    assertEquals("packages web-1 and other-1 both ship bin/web", e.getMessage());
  }

  @Test
  void aFileInOnePackageWhereAnotherHasADirectoryFails() {
    PackageIndex other =
        new PackageIndex(
            "other",
            "1",
            "sha-o",
            List.of(file("etc/web.conf/x", "zz")),
            Map.of(),
            List.of(),
            List.of());
    RollException e =
        assertThrows(
            RollException.class, () -> first(desired("r1", Map.of(), web("1", "x"), other)));
    assertTrue(
        e.getMessage().startsWith("packages web-1 and other-1 both ship etc/web.conf"),
        e.getMessage());
  }

  @Test
  void aTemplateAndAPlainFileOfTheSameNameCollide() {
    PackageIndex other =
        new PackageIndex(
            "other",
            "1",
            "sha-o",
            List.of(file("etc/web.conf", "zz")),
            Map.of(),
            List.of(),
            List.of());
    RollException e =
        assertThrows(
            RollException.class, () -> first(desired("r1", Map.of(), web("1", "x"), other)));
    assertEquals("packages web-1 and other-1 both ship etc/web.conf", e.getMessage());
  }

  @Test
  void sharedDirectoriesAreFine() {
    Plan p = first(desired("r1", Map.of(), web("1", "x"), db()));
    assertEquals(1, p.target().files().stream().filter(f -> f.path().equals("bin")).count());
  }

  @Test
  void cronFileListsEveryEntryWithItsUser() {
    Plan p = first(desired("r1", Map.of(), web("1", "x"), db()));
    assertTrue(
        p.target().cron().contains("# web: rotate\n0 * * * * root /usr/local/bin/web rotate\n"),
        p.target().cron());
    assertTrue(
        p.target().cron().contains("5 3 * * * postgres /usr/local/bin/db vacuum\n"),
        p.target().cron());
  }

  @Test
  void failsafeUsesTheFailsafeSet() {
    Desired d = desired("r1", Map.of(), web("1", "x"), db());
    Plan p = first(new Desired(d.host(), true, d.indexes()));
    assertEquals(List.of("db-1"), p.target().packages().stream().map(Pin::ref).toList());
    assertTrue(p.target().failsafe());
  }

  @Test
  void aPackageTheServerDoesNotHoldFailsNamingIt() {
    Desired d = desired("r1", Map.of(), web("1", "x"));
    ResolvedHost h = d.host();
    ResolvedHost missing =
        new ResolvedHost(
            h.hostname(),
            h.colo(),
            h.hostclass(),
            h.version(),
            h.revision(),
            null,
            new ResolvedHost.Packages(
                List.of(new ResolvedHost.Package("ghost", "1", null, null, null)), List.of()),
            Map.of(),
            Map.of());
    RollException e =
        assertThrows(RollException.class, () -> first(new Desired(missing, false, Map.of())));
    assertEquals("package ghost-1 (hostclass web 2) is not on the server", e.getMessage());
  }

  @Test
  void anIndexForOtherBytesThanThePinIsRejected() {
    Desired d = desired("r1", Map.of(), web("1", "x"));
    PackageIndex stale =
        new PackageIndex("web", "1", "other-sha", List.of(), Map.of(), List.of(), List.of());
    RollException e =
        assertThrows(
            RollException.class,
            () -> first(new Desired(d.host(), false, Map.of(new PackageRef("web", "1"), stale))));
    assertEquals("package web-1 has not been downloaded and verified", e.getMessage());
  }

  @Test
  void aBlankHostShowsEverythingAsAdded() {
    Plan p = Planner.plan(desired("r1", Map.of(), db()), null, 1, false, NOW);
    assertTrue(p.changed());
    assertEquals(
        List.of("bin added", "bin/db added"),
        p.changes().files().stream().map(f -> f.path() + " " + f.change()).toList());
    assertEquals(new Step.Switch(0, 1), p.steps().get(2));
  }

  @Test
  void reusesAKeptGenerationWithTheSameContentAndNeverOneThatDiffers() {
    String t = "port={{ port }} gen={{ roller.generation }}";
    Plan one = first(desired("r1", Map.of("port", 80), web("1", t)));
    Plan two =
        Planner.plan(desired("r2", Map.of("port", 81), web("1", t)), one.target(), 2, false, NOW);
    // rolled back to 1; the repo still wants port 81, at a new revision
    Plan back =
        Planner.plan(
            desired("r3", Map.of("port", 81), web("1", t)),
            one.target(),
            List.of(GenerationRecord.adopted(NOW), two.target()),
            3,
            false,
            NOW);
    Plan other =
        Planner.plan(
            desired("r3", Map.of("port", 82), web("1", t)),
            one.target(),
            List.of(two.target()),
            3,
            false,
            NOW);
    Plan forced =
        Planner.plan(
            desired("r3", Map.of("port", 81), web("1", t)),
            one.target(),
            List.of(two.target()),
            3,
            true,
            NOW);

    assertTrue(back.changed());
    assertEquals(new Step.Reuse(2), back.steps().get(0));
    assertEquals(2, back.target().generation());
    assertEquals("r3", back.target().revision());
    assertEquals(new Step.Switch(1, 2), back.steps().get(2));
    assertEquals(
        new Step.BuildFrom(3, 1, List.of("web-1"), List.of(), List.of("etc/web.conf")),
        other.steps().get(0));
    assertEquals(new Step.Build(3), forced.steps().get(0), "--force always builds");
  }

  @Test
  void aChangeBuildsFromTheCurrentGenerationReusingTheUnchangedPackages() {
    Plan one = first(desired("r1", Map.of("port", 80), web("1", "port={{ port }}"), db()));
    Plan param =
        Planner.plan(
            desired("r2", Map.of("port", 81), web("1", "port={{ port }}"), db()),
            one.target(),
            2,
            false,
            NOW);
    Plan upgrade =
        Planner.plan(
            desired("r2", Map.of("port", 80), web("2", "port={{ port }}"), db()),
            one.target(),
            2,
            false,
            NOW);

    assertEquals(new Step.Build(1), one.steps().get(0), "a blank host builds in full");
    assertEquals(
        new Step.BuildFrom(2, 1, List.of("web-1", "db-1"), List.of(), List.of("etc/web.conf")),
        param.steps().get(0));
    assertEquals(
        new Step.BuildFrom(2, 1, List.of("db-1"), List.of("web-2"), List.of("etc/web.conf")),
        upgrade.steps().get(0));
    assertEquals(
        "build generation 2 from 1: reuse db-1; extract web-2; render etc/web.conf",
        upgrade.steps().get(0).describe());
  }

  @Test
  void eachTemplateIsRenderedOnceAndOnlyThoseReadingTheNumberAgain() {
    Desired d =
        desired(
            "r1",
            Map.of("port", 80),
            web("1", "port={{ port }}"),
            new PackageIndex(
                "gen",
                "1",
                "sha-gen-1",
                List.of(file("etc/gen.tmpl", "t"), file("etc/all.tmpl", "t")),
                Map.of(
                    "etc/gen.tmpl",
                    "n={{ roller.generation }}",
                    "etc/all.tmpl",
                    "{% for k in roller %}{{ k }} {% endfor %}"),
                List.of(),
                List.of()));
    List<Pin> pins =
        d.indexes().values().stream().map(i -> new Pin(i.name(), i.version(), i.sha256())).toList();
    List<PackageIndex> indexes = List.copyOf(d.indexes().values());
    Planner.Built at5 = Planner.build(d, indexes, pins, 5);
    Planner.Built at4 = Planner.build(d, indexes, pins, 4, at5);

    assertEquals(java.util.Set.of("etc/gen", "etc/all"), at5.numbered());
    assertEquals("n=5", at5.rendered().get("etc/gen"));
    assertEquals("n=4", at4.rendered().get("etc/gen"));
    assertEquals("port=80", at4.rendered().get("etc/web.conf"));
    assertEquals(Planner.build(d, indexes, pins, 4).fingerprint(), at4.fingerprint());
    Desired plain = desired("r1", Map.of("port", 80), web("1", "port={{ port }}"));
    Planner.Built once = Planner.build(plain, List.copyOf(plain.indexes().values()), List.of(), 5);
    assertTrue(once.numbered().isEmpty());
    assertSame(once, Planner.build(plain, List.of(), List.of(), 4, once), "nothing to re-render");
  }

  @Test
  void aDirectoryOnlyImpliedByTheOtherSideIsNeitherAddedNorRemoved() {
    PackageIndex tool =
        new PackageIndex(
            "tool",
            "1",
            "sha-tool-1",
            List.of(file("bin/tool", "d3")),
            Map.of(),
            List.of(),
            List.of());
    Plan one = first(desired("r1", Map.of(), db(), tool));
    Plan safe = Planner.plan(desired("r2", Map.of(), tool), one.target(), 2, false, NOW);
    Plan back = Planner.plan(desired("r3", Map.of(), db(), tool), safe.target(), 3, false, NOW);

    assertEquals(
        List.of("removed bin/db"),
        safe.changes().files().stream().map(f -> f.change() + " " + f.path()).toList());
    assertEquals(
        List.of("added bin/db"),
        back.changes().files().stream().map(f -> f.change() + " " + f.path()).toList());
  }
}
