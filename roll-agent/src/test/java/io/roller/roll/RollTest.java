package io.roller.roll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.ResolvedHost;
import io.roller.model.pkg.Tarballs;
import io.roller.roll.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whole rolls into a temp root, with real service processes, against the real config server (one
 * per test: each publishes its own tarballs under the same names); a lying server is WireMock's.
 */
class RollTest {
  @RegisterExtension final RollExtension fixture = new RollExtension();
  Fleet server;
  TestHost host;

  @BeforeEach
  void setUp() throws Exception {
    server = fixture.fleet();
    host = fixture.host();
  }

  TestHost.Result roll(String... extra) {
    return fixture.roll(extra);
  }

  ResolvedHost.Package web(String version, String conf) {
    return server.publish("web", version, webTarball(version, conf));
  }

  static byte[] webTarball(String version, String conf) {
    return TestPackages.service("web", "grep -q port etc/web.conf")
        .dir("etc")
        .file("etc/web.conf.tmpl", conf.getBytes(), 0640)
        .file("share/web/VERSION", version)
        .gz();
  }

  @Test
  void firstRollAdoptsBlankUsrLocalAndStartsServices() throws Exception {
    Files.createDirectories(host.root.resolve("usr/local/bin"));
    Files.writeString(host.root.resolve("usr/local/bin/old-tool"), "old");
    String rev1 =
        server.host(
            List.of(
                web(
                    "1.0.0",
                    "port={{ port }} host={{ roller.hostname }} gen={{ roller.generation }}\n")),
            Map.of("port", 8080));

    TestHost.Result r = roll();

    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isSymbolicLink(host.root.resolve("usr/local")));
    assertEquals("port=8080 host=web01.nyc1 gen=1\n", host.readLocal("etc/web.conf"));
    assertEquals(
        "rw-r-----",
        PosixFilePermissions.toString(
            Files.getPosixFilePermissions(host.root.resolve("usr/local/etc/web.conf"))));
    assertFalse(Files.exists(host.root.resolve("usr/local/etc/web.conf.tmpl")));
    assertFalse(Files.exists(host.root.resolve("usr/local/.roller")));
    assertEquals(
        "old", Files.readString(host.root.resolve("var/lib/roller/generations/0/bin/old-tool")));
    assertTrue(host.running("web"));
    assertEquals(List.of("start web gen=1"), host.events());
    assertTrue(
        Files.readString(host.root.resolve("var/log/roller/roll.log"))
            .contains("revision=" + rev1));
  }

  @Test
  void noOpRollRestartsNothing() throws Exception {
    ResolvedHost.Package web = web("1.0.0", "port={{ port }} gen={{ roller.generation }}\n");
    server.host(List.of(web), Map.of("port", 8080));
    assertEquals(0, roll().code());
    String rev2 = server.host(List.of(web), Map.of("port", 8080, "unused", 1));

    TestHost.Result r = roll();

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("already converged"), r.out());
    assertEquals(List.of("start web gen=1"), host.events());
    assertTrue(Files.readString(host.root.resolve("var/lib/roller/state.json")).contains(rev2));
  }

  @Test
  void aServiceThatDiedIsBroughtUpByTheNextRollWithoutANewGeneration() throws Exception {
    ResolvedHost.Package web = web("1.0.0", "port={{ port }}\n");
    server.host(List.of(web), Map.of("port", 8080));
    assertEquals(0, roll().code());
    Path link = host.root.resolve("usr/local").toRealPath();

    kill("web");
    TestHost.Result same = roll(); // the server answers 304: same view

    assertEquals(0, same.code(), same.err());
    assertTrue(same.err().contains("service web/web is not healthy"), same.err());
    assertTrue(host.running("web"), "the 304 roll brought web up");
    assertEquals(List.of("start web gen=1", "start web gen=1"), host.events());

    kill("web");
    server.host(List.of(web), Map.of("port", 8080, "unused", 1)); // a 200, same content
    TestHost.Result refreshed = roll();

    assertEquals(0, refreshed.code(), refreshed.err());
    assertTrue(host.running("web"), "the unchanged 200 roll brought web up");
    assertEquals(List.of("start web gen=1", "start web gen=1", "start web gen=1"), host.events());
    assertEquals(link, host.root.resolve("usr/local").toRealPath(), "no new generation");
    assertEquals(0, roll().code());
    assertEquals(3, host.events().size(), "a healthy service is not started again");
  }

  /** Kills a test service's process, as a crash would, leaving its pid file behind. */
  private void kill(String service) throws Exception {
    long pid =
        Long.parseLong(Files.readString(host.root.resolve("var/run/" + service + ".pid")).trim());
    ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
    p.destroyForcibly();
    p.onExit().get();
    assertFalse(host.running(service));
  }

  @Test
  void paramChangeBuildsNewGenerationAndRestarts() throws Exception {
    ResolvedHost.Package web = web("1.0.0", "port={{ port }}\n");
    server.host(List.of(web), Map.of("port", 8080));
    assertEquals(0, roll().code());
    server.host(List.of(web), Map.of("port", 9090));

    TestHost.Result r = roll();

    assertEquals(0, r.code(), r.err());
    assertEquals("port=9090\n", host.readLocal("etc/web.conf"));
    assertEquals(List.of("start web gen=1", "stop web gen=1", "start web gen=2"), host.events());
    assertTrue(host.running("web"));
  }

  @Test
  void failingCheckRollsBackToOldGenerationWithOldServiceRunning() throws Exception {
    server.host(List.of(web("1.0.0", "port={{ port }}\n")), Map.of("port", 8080));
    assertEquals(0, roll().code());
    ResolvedHost.Package broken =
        server.publish(
            "web",
            "2.0.0",
            TestPackages.service("web", "false").dir("etc").file("etc/web.conf", "port=1\n").gz());
    server.host(List.of(broken), Map.of("port", 8080));

    TestHost.Result r = roll();

    assertEquals(1, r.code());
    assertTrue(
        r.err().contains("roll: service web/web: check 'bin/web status' still failing"), r.err());
    assertTrue(r.err().contains("rolled back to generation 1"), r.err());
    assertEquals(
        "../var/lib/roller/generations/1",
        Files.readSymbolicLink(host.root.resolve("usr/local")).toString());
    assertTrue(host.running("web"));
    assertEquals(
        List.of(
            "start web gen=1",
            "stop web gen=1",
            "start web gen=2",
            "stop web gen=2",
            "start web gen=1"),
        host.events());
    assertFalse(Files.exists(host.root.resolve("var/lib/roller/generations/2")));
    assertFalse(Files.exists(host.root.resolve("var/lib/roller/journal")));
  }

  @Test
  void templateNamingMissingParamFailsNamingPackageFileAndVariableAndChangesNothing()
      throws Exception {
    ResolvedHost.Package good = web("1.0.0", "port={{ port }}\n");
    server.host(List.of(good), Map.of("port", 8080));
    assertEquals(0, roll().code());
    server.host(
        List.of(web("1.1.0", "port={{ port }} heap={{ heap_mb }}\n")), Map.of("port", 8080));

    TestHost.Result r = roll();

    assertEquals(1, r.code());
    assertTrue(
        r.reason().startsWith("roll: package web-1.1.0: template etc/web.conf.tmpl"), r.err());
    assertTrue(r.err().contains("'heap_mb'"), r.err());
    assertEquals("port=8080\n", host.readLocal("etc/web.conf"));
    assertEquals(List.of("start web gen=1"), host.events());
  }

  /** The real server refuses such a tarball at upload, so only a stand-in can lie like this. */
  @Test
  void hostileTarballFromALyingServerIsRejectedBeforeAnythingChanges() throws Exception {
    FakeServer liar = fixture.fake();
    ResolvedHost.Package good =
        liar.publish("web", "1.0.0", webTarball("1.0.0", "port={{ port }}\n"));
    liar.host(List.of(good), Map.of("port", 8080), "rev1");
    assertEquals(0, host.roll(liar.rollArgs()).code());
    byte[] evil = TestPackages.service("web").file("../../../escaped", "pwned").gz();
    assertEquals(422, server.server().upload("web", "6.6.6", evil), "the real server refuses it");
    liar.host(List.of(liar.publish("web", "6.6.6", evil)), Map.of("port", 8080), "rev2");

    TestHost.Result r = host.roll(liar.rollArgs());

    assertEquals(1, r.code());
    assertTrue(
        r.reason().startsWith("roll: package web-6.6.6 is unsafe: entry '../../../escaped'"),
        r.err());
    assertFalse(Files.exists(fixture.dir().resolve("escaped")));
    assertFalse(Files.exists(host.root.resolve("escaped")));
    assertEquals(List.of("start web gen=1"), host.events());
  }

  @Test
  void twoPackagesShippingOnePathFail() throws Exception {
    ResolvedHost.Package a = server.publish("a", "1", Tarballs.create().file("bin/tool", "a").gz());
    ResolvedHost.Package b = server.publish("b", "1", Tarballs.create().file("bin/tool", "b").gz());
    server.host(List.of(a, b), Map.of());

    TestHost.Result r = roll();

    assertEquals(1, r.code());
    assertEquals("roll: packages a-1 and b-1 both ship bin/tool", r.reason());
  }

  @Test
  void keepsTheLastThreeGenerationsAndTheirPackages() throws Exception {
    for (int i = 1; i <= 5; i++) {
      server.host(List.of(web("1." + i, "port={{ port }}\n")), Map.of("port", 8000 + i));
      assertEquals(0, roll().code());
    }
    Path gens = host.root.resolve("var/lib/roller/generations");
    try (var s = Files.list(gens)) {
      assertEquals(
          List.of("0", "0.json", "3", "3.json", "4", "4.json", "5", "5.json"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
    try (var s = Files.list(host.root.resolve("var/lib/roller/packages"))) {
      assertEquals(
          List.of(
              "web-1.3.index.json",
              "web-1.3.tar.gz",
              "web-1.4.index.json",
              "web-1.4.tar.gz",
              "web-1.5.index.json",
              "web-1.5.tar.gz"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void aConfigChangeRestartsOnlyItsPackagesServicesAndPruningKeepsTheOthersGeneration()
      throws Exception {
    ResolvedHost.Package web = web("1.0.0", "port={{ port }}\n");
    ResolvedHost.Package api =
        server.publish(
            "api",
            "1",
            TestPackages.service("api")
                .dir("etc")
                .file("etc/api.conf.tmpl", "workers={{ workers }}\n")
                .gz());
    server.host(List.of(web, api), Map.of("port", 8080, "workers", 1));
    assertEquals(0, roll().code());
    Path gens = host.root.resolve("var/lib/roller/generations");

    for (int workers = 2; workers <= 5; workers++) { // four rolls that change only api.conf
      server.host(List.of(web, api), Map.of("port", 8080, "workers", workers));
      TestHost.Result r = roll("--json");
      assertEquals(0, r.code(), r.err());
      assertEquals("workers=" + workers + "\n", host.readLocal("etc/api.conf"));
      var changes = Json.MAPPER.readTree(r.out()).path("changes");
      assertEquals("[\"api/api\"]", changes.path("services_stopped").toString(), r.out());
      assertEquals("[\"api/api\"]", changes.path("services_started").toString(), r.out());
    }
    assertEquals(
        List.of("start web gen=1"),
        host.events().stream().filter(e -> e.contains(" web ")).toList(),
        "web's package and config never changed: never restarted");
    assertTrue(host.running("web"));
    assertTrue(Files.isDirectory(gens.resolve("1")), "web still runs from generation 1: kept");
    assertFalse(Files.exists(gens.resolve("2")), "pruned as usual");

    server.host(List.of(web, api), Map.of("port", 8080, "workers", 5, "unused", 1));
    TestHost.Result forced = roll("--force");
    assertEquals(0, forced.code(), forced.err());
    List<String> events = host.events();
    assertEquals(
        List.of("stop api gen=5", "stop web gen=5", "start web gen=6", "start api gen=6"),
        events.subList(events.size() - 4, events.size()),
        "--force restarts every service");
    assertEquals(0, roll("--force").code());
    assertFalse(Files.exists(gens.resolve("1")), "nothing runs from generation 1 any more");
  }

  @Test
  void rollbackReturnsToThePreviousGenerationAndRestartsItsServices() throws Exception {
    server.host(List.of(web("1.0.0", "port={{ port }}\n")), Map.of("port", 8080));
    assertEquals(0, roll().code());
    server.host(List.of(web("2.0.0", "port={{ port }}\n")), Map.of("port", 9090));
    assertEquals(0, roll().code());

    TestHost.Result r = host.roll("rollback");

    assertEquals(0, r.code(), r.err());
    assertEquals("port=8080\n", host.readLocal("etc/web.conf"));
    assertEquals("start web gen=1", host.events().get(host.events().size() - 1));
    assertTrue(host.running("web"));
    assertTrue(host.roll("status").out().contains("generation 1"));
  }

  @Test
  void dryRunPrintsThePlanWithADiffAndTouchesNothing() throws Exception {
    ResolvedHost.Package web = web("1.0.0", "port={{ port }}\n");
    server.host(List.of(web), Map.of("port", 8080));
    assertEquals(0, roll().code());
    server.host(List.of(web), Map.of("port", 9090));

    TestHost.Result r = roll("--dry-run");

    assertEquals(3, r.code(), "something would change: " + r.err());
    assertTrue(r.out().contains("port: 8080 -> 9090"), r.out());
    assertTrue(r.out().contains("-port=8080"), r.out());
    assertTrue(r.out().contains("+port=9090"), r.out());
    assertTrue(r.out().contains("services to stop: web/web"), r.out());
    assertEquals("port=8080\n", host.readLocal("etc/web.conf"));
    assertEquals(List.of("start web gen=1"), host.events());
    assertFalse(Files.exists(host.root.resolve("var/lib/roller/generations/2")));
  }

  @Test
  void failsafeInstallsTheFailsafeSet() throws Exception {
    ResolvedHost.Package web = web("1.0.0", "port={{ port }}\n");
    ResolvedHost.Package tool =
        server.publish("tool", "1", Tarballs.create().file("bin/tool", "t").gz());
    server.host(List.of(web, tool), List.of(tool), Map.of("port", 1));

    TestHost.Result r = roll("--failsafe", "--json");

    assertEquals(0, r.code(), r.err());
    var json = Json.MAPPER.readTree(r.out());
    assertEquals("[\"tool-1\"]", json.get("packages").toString());
    assertTrue(Files.exists(host.root.resolve("usr/local/bin/tool")));
    assertFalse(Files.exists(host.root.resolve("usr/local/bin/web")));
  }

  @Test
  void aSecondRollWaitsForTheLockThenGivesUpWithAClearMessage() throws Exception {
    server.host(List.of(web("1.0.0", "port={{ port }}\n")), Map.of("port", 8080));
    try (var lock =
        io.roller.roll.install.RollLock.acquire(
            host.root.resolve("var/lib/roller/lock"), java.time.Duration.ZERO)) {
      TestHost.Result r = roll("--lock-wait", "1");
      assertEquals(1, r.code());
      assertTrue(
          r.reason()
              .startsWith("roll: another roll is running (pid " + ProcessHandle.current().pid()),
          r.err());
    }
  }

  @Test
  void concurrentRollsConvergeOnceWithoutDoubleStarts() throws Exception {
    server.host(List.of(web("1.0.0", "port={{ port }}\n")), Map.of("port", 8080));
    var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      var futures = new java.util.ArrayList<java.util.concurrent.Future<TestHost.Result>>();
      for (int i = 0; i < 3; i++) {
        futures.add(pool.submit(() -> roll()));
      }
      for (var f : futures) {
        assertEquals(0, f.get().code(), f.get().err());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of("start web gen=1"), host.events());
  }

  @Test
  void dryRunExitsZeroWhenNothingWouldChange() throws Exception {
    server.host(List.of(web("1.0.0", "port={{ port }}\n")), Map.of("port", 8080));
    assertEquals(3, roll("--dry-run").code(), "a first roll would change everything");
    assertEquals(0, roll().code());

    TestHost.Result r = roll("--dry-run");

    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().startsWith("nothing to do"), r.out());
  }

  @Test
  void adoptedGenerationZeroIsNeverPrunedAndHistorySaysSo() throws Exception {
    Files.createDirectories(host.root.resolve("usr/local/bin"));
    Files.writeString(host.root.resolve("usr/local/bin/preexisting"), "mine");
    server.host(List.of(web("1.0.0", "port={{ port }}\n")), Map.of("port", 8080));
    assertEquals(0, roll().code());

    for (int i = 0; i < 4; i++) {
      TestHost.Result r = roll("--force");
      assertEquals(0, r.code(), r.err());
    }

    assertEquals(
        "mine",
        Files.readString(host.root.resolve("var/lib/roller/generations/0/bin/preexisting")));
    List<String> history = host.roll("history").out().lines().toList();
    assertEquals(
        List.of("* 5", "  4", "  3", "  0"),
        history.stream().map(l -> l.substring(0, 3)).toList(),
        String.join("\n", history));
    assertTrue(
        history.get(3).endsWith("(adopted from the host's /usr/local; kept, never pruned)"),
        history.get(3));
  }

  @Test
  void rollbackToAChosenGenerationAndClearErrorsForOnesNotKept() throws Exception {
    for (int i = 1; i <= 5; i++) {
      server.host(List.of(web("1." + i, "port={{ port }}\n")), Map.of("port", 8000 + i));
      assertEquals(0, roll().code());
    }

    TestHost.Result r = host.roll("rollback", "--to", "3");

    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("rolled back from generation 5 to 3 (hostclass web 3"), r.out());
    assertEquals("port=8003\n", host.readLocal("etc/web.conf"));
    assertEquals("start web gen=3", host.events().get(host.events().size() - 1));
    TestHost.Result pruned = host.roll("rollback", "--to", "2");
    assertEquals(1, pruned.code());
    assertEquals(
        "roll: generation 2 is no longer kept (pruned, or its roll failed); kept: 0, 3, 4, 5",
        pruned.reason());
    TestHost.Result unknown = host.roll("rollback", "--to", "9");
    assertEquals(1, unknown.code());
    assertEquals("roll: no generation 9 yet; kept: 0, 3, 4, 5", unknown.reason());
    TestHost.Result same = host.roll("rollback", "--to", "3");
    assertEquals("roll: already on generation 3 (kept: 0, 3, 4, 5)", same.reason());
  }

  @Test
  void statusAndRollbackNameTheAdoptedGenerationWithoutNulls() throws Exception {
    Files.createDirectories(host.root.resolve("usr/local/bin"));
    Files.writeString(host.root.resolve("usr/local/bin/preexisting"), "mine");
    server.host(List.of(web("1.0.0", "port={{ port }}\n")), Map.of("port", 8080));
    assertEquals(0, roll().code());

    TestHost.Result back = host.roll("rollback");
    TestHost.Result status = host.roll("status");

    assertEquals(0, back.code(), back.err());
    assertEquals(
        "rolled back from generation 1 to 0 (adopted from the host's /usr/local, no packages)\n",
        back.out());
    assertFalse(status.out().contains("null"), status.out());
    assertTrue(
        status
            .out()
            .startsWith(
                "host web01.nyc1: generation 0 (adopted from the host's /usr/local, no packages),"
                    + " adopted "),
        status.out());
    assertFalse(host.roll("rollback", "--json").out().contains("null"));
  }

  @Test
  void aRolledBackRollLeavesATraceInStatusHistoryAndRollLog() throws Exception {
    server.host(List.of(web("1.0.0", "port={{ port }}\n")), Map.of("port", 8080));
    assertEquals(0, roll().code());
    ResolvedHost.Package broken =
        server.publish(
            "web",
            "2.0.0",
            TestPackages.service("web", "false").dir("etc").file("etc/web.conf", "port=1\n").gz());
    String rev = server.host(List.of(broken), Map.of("port", 8080));
    assertEquals(1, roll().code());

    String status = host.roll("status").out();
    String history = host.roll("history").out();
    var json = Json.MAPPER.readTree(host.roll("status", "--json").out()).get("last_failure");
    List<String> log = Files.readAllLines(host.root.resolve("var/log/roller/roll.log"));

    assertTrue(
        status.contains(
            "last roll rolled back at step start (generation 2, left on 1), hostclass web 2,"
                + " revision "
                + rev
                + ": service web/web: check 'bin/web status' still failing"),
        status);
    assertEquals("rolled-back", json.get("outcome").asText());
    assertEquals("start", json.get("step").asText());
    assertEquals(2, json.get("generation").asInt());
    List<String> lines = history.lines().toList();
    assertTrue(lines.get(0).startsWith("  !  "), history);
    assertTrue(lines.get(0).contains("roll rolled back at step start (generation 2"), history);
    assertTrue(lines.get(1).startsWith("* 1  "), history);
    String last = log.get(log.size() - 1);
    assertTrue(
        last.contains("revision=" + rev + " hostclass=web/2 generation=2")
            && last.contains("outcome=rolled-back step=start reason=\"service web/web"),
        last);

    server.host(List.of(web("3.0.0", "port={{ port }}\n")), Map.of("port", 8080));
    assertEquals(0, roll().code());
    assertFalse(host.roll("status").out().contains("last roll"), "a good roll clears it");
    assertTrue(host.roll("history").out().contains("  !  "), "history keeps it");
  }

  @Test
  void aRollThatFailsBeforeSwitchingSaysFailedAndAtWhichStep() throws Exception {
    server.host(List.of(web("1.0.0", "port={{ port }}\n")), Map.of("port", 8080));
    assertEquals(0, roll().code());
    server.host(List.of(web("1.1.0", "heap={{ heap_mb }}\n")), Map.of("port", 8080));
    assertEquals(1, roll().code());

    var f = Json.MAPPER.readTree(host.roll("history", "--json").out()).get(0);

    assertEquals("failed", f.get("outcome").asText());
    assertEquals("plan", f.get("step").asText());
    assertEquals(1, f.get("left_on").asInt());
    assertTrue(f.get("reason").asText().contains("'heap_mb'"), f.toString());
    List<String> log = Files.readAllLines(host.root.resolve("var/log/roller/roll.log"));
    assertTrue(
        log.get(log.size() - 1).contains("hostclass=web/2 generation=1")
            && log.get(log.size() - 1).contains("outcome=failed step=plan"),
        log.get(log.size() - 1));
  }

  @Test
  void theRollAfterARollbackReusesTheGenerationThatHasWhatItWants() throws Exception {
    ResolvedHost.Package web = web("1.0.0", "port={{ port }} gen={{ roller.generation }}\n");
    server.host(List.of(web), Map.of("port", 8080));
    assertEquals(0, roll().code());
    server.host(List.of(web), Map.of("port", 9090));
    assertEquals(0, roll().code());
    assertEquals(0, host.roll("rollback").code());
    // a commit that changes nothing the host gets: a new revision, the same content
    String rev = server.host(List.of(web), Map.of("port", 9090, "unused", 1));

    TestHost.Result dry = roll("--dry-run");
    TestHost.Result r = roll();

    assertEquals(3, dry.code(), dry.err());
    assertTrue(dry.out().contains("1. reuse generation 2, already built"), dry.out());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("on generation 2"), r.out());
    assertEquals(
        "../var/lib/roller/generations/2",
        Files.readSymbolicLink(host.root.resolve("usr/local")).toString());
    assertFalse(Files.exists(host.root.resolve("var/lib/roller/generations/3")));
    assertEquals("port=9090 gen=2\n", host.readLocal("etc/web.conf"));
    assertEquals("start web gen=2", host.events().get(host.events().size() - 1));
    assertTrue(host.roll("status").out().contains("revision " + rev), "its record is updated");
    assertTrue(roll().out().contains("already converged"), "and the next roll does nothing");
  }

  @Test
  void aFailedRollOnAReusedGenerationKeepsThatGeneration() throws Exception {
    ResolvedHost.Package web = web("1.0.0", "port={{ port }}\n");
    server.host(List.of(web), Map.of("port", 8080));
    assertEquals(0, roll().code());
    server.host(List.of(web), Map.of("port", 9090));
    assertEquals(0, roll().code());
    assertEquals(0, host.roll("rollback").code());
    Files.writeString(host.root.resolve("var/lib/roller/generations/2/etc/web.conf"), "broken\n");

    TestHost.Result r = roll();

    assertEquals(1, r.code(), "the check greps for port: " + r.err());
    assertTrue(r.err().contains("rolled back to generation 1"), r.err());
    assertTrue(Files.isDirectory(host.root.resolve("var/lib/roller/generations/2")));
    assertTrue(host.running("web"));
  }

  @Test
  void dryRunOnABlankHostSaysItsUsrLocalLeavesTheLiveTree() throws Exception {
    Files.createDirectories(host.root.resolve("usr/local/bin"));
    Files.writeString(host.root.resolve("usr/local/bin/preexisting"), "mine");
    server.host(List.of(web("1.0.0", "port={{ port }}\n")), Map.of("port", 8080));

    TestHost.Result r = roll("--dry-run");

    assertEquals(3, r.code(), r.err());
    assertTrue(
        r.out()
            .contains(
                "1. adopt "
                    + host.root.resolve("usr/local")
                    + " as generation 0: its 2 files and directories leave the live tree, kept in "
                    + host.root.resolve("var/lib/roller/generations/0")),
        r.out());
    assertFalse(Files.isSymbolicLink(host.root.resolve("usr/local")), "touches nothing");
  }

  @Test
  void dryRunToTheFailsafeSetListsNoDirectoryItsFilesStillFill() throws Exception {
    ResolvedHost.Package web = web("1.0.0", "port={{ port }}\n");
    // like foreman: files in bin/ and lib/ without entries for those directories
    ResolvedHost.Package tool =
        server.publish(
            "tool", "1", Tarballs.create().file("bin/tool", "t").file("lib/tool.jar", "j").gz());
    ResolvedHost.Package lib =
        server.publish("libs", "1", Tarballs.create().dir("lib").file("lib/x.so", "x").gz());
    server.host(List.of(web, lib, tool), List.of(tool), Map.of("port", 1));
    assertEquals(0, roll().code());

    TestHost.Result r = roll("--failsafe", "--dry-run");

    assertEquals(3, r.code(), r.err());
    assertFalse(r.out().contains("removed bin\n"), r.out());
    assertFalse(r.out().contains("removed lib\n"), r.out());
    assertTrue(r.out().contains("removed bin/web"), r.out());
    assertTrue(r.out().contains("removed lib/x.so"), r.out());
    assertTrue(r.out().contains("removed etc\n"), "etc/ really goes: " + r.out());
  }

  /** Killed in a child JVM mid-way through switching to a reused generation, as kill -9 would. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"built", "stopped", "switched"})
  void aRollKilledWhileReusingAGenerationNeverDeletesIt(String step) throws Exception {
    ResolvedHost.Package web = web("1.0.0", "port={{ port }}\n");
    server.host(List.of(web), Map.of("port", 8080));
    assertEquals(0, roll().code());
    server.host(List.of(web), Map.of("port", 9090));
    assertEquals(0, roll().code());
    assertEquals(0, host.roll("rollback").code());

    TestHost.Result killed =
        host.rollInChild(
            Map.of("roller.test.dieAt", step),
            "--server",
            server.url(),
            "--hostname",
            server.hostname());
    assertEquals(137, killed.code(), killed.err());
    TestHost.Result r = roll();

    assertEquals(0, r.code(), r.err());
    assertTrue(Files.isDirectory(host.root.resolve("var/lib/roller/generations/2")));
    assertFalse(Files.exists(host.root.resolve("var/lib/roller/generations/3")));
    assertEquals(
        "../var/lib/roller/generations/2",
        Files.readSymbolicLink(host.root.resolve("usr/local")).toString());
    assertEquals("port=9090\n", host.readLocal("etc/web.conf"));
    assertTrue(host.running("web"));
  }
}
