package io.roller.roll.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.ResolvedHost;
import io.roller.roll.Fleet;
import io.roller.roll.RollExtension;
import io.roller.roll.TestHost;
import io.roller.roll.TestPackages;
import io.roller.roll.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A roll killed (halted like kill -9, in a child JVM) at every step leaves /usr/local on a complete
 * generation, and the next roll finishes or undoes it with the right services running. The child
 * rolls from the real config server like any host.
 */
class CrashRecoveryTest {
  @RegisterExtension final RollExtension fixture = new RollExtension();
  Fleet server;
  TestHost host;
  ResolvedHost.Package worker;

  @BeforeEach
  void setUp() throws Exception {
    server = fixture.fleet();
    host = fixture.host();
    worker = server.publish("worker", "1", TestPackages.service("worker").gz());
  }

  ResolvedHost.Package web(String version, String check) {
    return server.publish("web", version, TestPackages.serviceWithPort("web", check).gz());
  }

  String[] args() {
    return server.rollArgs();
  }

  TestHost.Result killedAt(String step) throws Exception {
    TestHost.Result r = host.rollInChild(Map.of("roller.test.dieAt", step), args());
    assertEquals(137, r.code(), "roll should have died at " + step + ": " + r.err());
    assertOnACompleteGeneration();
    return r;
  }

  void assertOnACompleteGeneration() throws Exception {
    Path local = host.root.resolve("usr/local");
    assertTrue(Files.isSymbolicLink(local));
    String n = Files.readSymbolicLink(local).getFileName().toString();
    assertTrue(Files.isDirectory(local), "symlink resolves");
    assertTrue(
        Files.exists(host.root.resolve("var/lib/roller/generations/" + n + ".json")),
        "record of " + n);
  }

  int current() throws Exception {
    return Integer.parseInt(
        Files.readSymbolicLink(host.root.resolve("usr/local")).getFileName().toString());
  }

  /**
   * The last event of each service is a start in the current generation: exactly what should run,
   * runs.
   */
  void assertServicesOf(int generation) throws Exception {
    for (String s : List.of("web", "worker")) {
      List<String> mine = host.events().stream().filter(e -> e.contains(" " + s + " ")).toList();
      assertEquals(
          "start " + s + " gen=" + generation, mine.get(mine.size() - 1), host.events().toString());
      assertTrue(host.running(s), s + " running");
    }
  }

  /** Every point of a roll where the crash tests kill it. */
  static List<String> rollSteps() {
    return List.of(
        "build",
        "built",
        "stop-one",
        "stopped",
        "switched",
        "cron",
        "start-one",
        "started",
        "committed");
  }

  @ParameterizedTest
  @MethodSource("rollSteps")
  void rollKilledAtAStepIsFinishedOrUndoneByTheNextRoll(String step) throws Exception {
    server.host(List.of(web("1", null), worker), Map.of("port", 1));
    assertEquals(0, host.roll(args()).code());
    // a new package version: every service restarts (roll does not know who uses web's files)
    server.host(List.of(web("2", null), worker), Map.of("port", 2));

    killedAt(step);
    TestHost.Result r = host.roll(args());

    assertEquals(0, r.code(), r.err());
    assertEquals("port=2\n", host.readLocal("etc/web.conf"));
    assertServicesOf(current());
    assertFalse(Files.exists(host.root.resolve("var/lib/roller/journal")));
    assertEquals(
        current(),
        Json.MAPPER
            .readTree(host.root.resolve("var/lib/roller/state.json").toFile())
            .get("generation")
            .asInt());
    try (var s = Files.list(host.root.resolve("var/lib/roller/generations"))) {
      assertFalse(s.anyMatch(p -> p.getFileName().toString().endsWith(".partial")));
    }
  }

  @ParameterizedTest
  @MethodSource("rollSteps")
  void aConfigOnlyRollKilledAtAStepRestartsOnlyTheChangedServiceAndKeepsTheOthersGeneration(
      String step) throws Exception {
    ResolvedHost.Package web = web("1", null);
    server.host(List.of(web, worker), Map.of("port", 1));
    assertEquals(0, host.roll(args()).code());
    server.host(List.of(web, worker), Map.of("port", 2)); // only web's rendered config changes

    killedAt(step);
    TestHost.Result r = host.roll(args());

    assertEquals(0, r.code(), r.err());
    assertEquals("port=2\n", host.readLocal("etc/web.conf"));
    List<String> web1 = host.events().stream().filter(e -> e.contains(" web ")).toList();
    assertEquals("start web gen=" + current(), web1.get(web1.size() - 1), host.events().toString());
    assertTrue(host.running("web"));
    assertEquals(
        List.of("start worker gen=1"),
        host.events().stream().filter(e -> e.contains(" worker ")).toList(),
        "worker was never restarted");
    assertTrue(host.running("worker"));
    assertFalse(Files.exists(host.root.resolve("var/lib/roller/journal")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rollback-stopped", "rollback-switched"})
  void rollKilledWhileRollingBackEndsOnTheOldGeneration(String step) throws Exception {
    server.host(List.of(web("1", null), worker), Map.of("port", 1));
    assertEquals(0, host.roll(args()).code());
    server.host(List.of(web("2", "false"), worker), Map.of("port", 2));

    killedAt(step);
    TestHost.Result r = host.roll(args());

    assertEquals(1, r.code());
    assertTrue(r.reason().contains("rolled back to generation 1"), r.err());
    assertEquals(1, current());
    assertEquals("port=1\n", host.readLocal("etc/web.conf"));
    assertServicesOf(1);
  }

  @Test
  void rollKilledWhileAdoptingABlankHostsUsrLocalFinishesIt() throws Exception {
    Files.createDirectories(host.root.resolve("usr/local/share"));
    Files.writeString(host.root.resolve("usr/local/share/keep"), "mine");
    server.host(List.of(web("1", null), worker), Map.of("port", 1));

    assertEquals(137, host.rollInChild(Map.of("roller.test.dieAt", "adopt"), args()).code());
    TestHost.Result r = host.roll(args());

    assertEquals(0, r.code(), r.err());
    assertEquals(
        "mine", Files.readString(host.root.resolve("var/lib/roller/generations/0/share/keep")));
    assertServicesOf(1);
  }

  @Test
  void anEnvironmentVariableDoesNotArmTheCrashHook() throws Exception {
    server.host(List.of(web("1", null), worker), Map.of("port", 1));

    TestHost.Result r =
        host.rollInChild(
            Map.of(), Map.of("ROLLER_TEST_DIE_AT", "built", "roller.test.dieAt", "built"), args());

    assertEquals(0, r.code(), r.err());
    assertEquals("port=1\n", host.readLocal("etc/web.conf"));
    assertServicesOf(1);
  }
}
