package io.roller.roll.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.ResolvedHost;
import io.roller.roll.Fleet;
import io.roller.roll.RollExtension;
import io.roller.roll.TestHost;
import io.roller.roll.TestPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code roll rollback} is a journaled plan like a roll: killed anywhere (halted in a child JVM),
 * the next roll recovers it the same way, and never deletes the generation it was rolling back to.
 */
class InterruptedRollbackTest {
  @RegisterExtension final RollExtension fixture = new RollExtension();
  Fleet server;
  TestHost host;

  @BeforeEach
  void setUp() throws Exception {
    server = fixture.fleet();
    host = fixture.host();
    ResolvedHost.Package web =
        server.publish("web", "1", TestPackages.serviceWithPort("web", null).gz());
    server.host(List.of(web), Map.of("port", 1));
    assertEquals(0, host.roll(server.rollArgs()).code());
    server.host(List.of(web), Map.of("port", 2));
    assertEquals(0, host.roll(server.rollArgs()).code());
  }

  Path lib(String path) {
    return host.root.resolve("var/lib/roller").resolve(path);
  }

  /** Generation 2 (port 2) live with web running, both generations kept, no journal. */
  void assertConvergedOnGenerationTwo(TestHost.Result r) throws Exception {
    assertEquals(0, r.code(), r.err());
    assertEquals(
        "../var/lib/roller/generations/2",
        Files.readSymbolicLink(host.root.resolve("usr/local")).toString());
    assertEquals("port=2\n", host.readLocal("etc/web.conf"));
    assertEquals("start web gen=2", host.events().get(host.events().size() - 1));
    assertTrue(host.running("web"));
    assertTrue(Files.isDirectory(lib("generations/1")), "a rollback's target is never deleted");
    assertFalse(Files.exists(lib("journal")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"stop-one", "stopped", "switched", "cron", "start-one", "started"})
  void aRollbackKilledAtAStepIsRecoveredByTheNextRoll(String step) throws Exception {
    TestHost.Result killed = host.rollInChild(Map.of("roller.test.dieAt", step), "rollback");
    assertEquals(137, killed.code(), "rollback should have died at " + step + ": " + killed.err());

    TestHost.Result r = host.roll(server.rollArgs());

    assertTrue(
        r.err().contains("roll: recovering an interrupted rollback from generation 2 to 1"),
        r.err());
    assertConvergedOnGenerationTwo(r);
  }

  @Test
  void aReuseJournalLeftByAnOlderRollIsRecoveredAsTheReuseItWas() throws Exception {
    // as a roll switching to a kept generation 2 leaves it when killed just past the switch
    Files.writeString(
        lib("journal"),
        "{\"kind\":\"reuse\",\"from\":1,\"to\":2,\"phase\":\"SWITCH\","
            + "\"started\":\"2026-01-01T00:00:00Z\"}");

    TestHost.Result r = host.roll(server.rollArgs());

    assertTrue(
        r.err()
            .contains(
                "roll: recovering an interrupted reuse from generation 1 to 2 (switch, /usr/local"
                    + " on generation 2)"),
        r.err());
    assertConvergedOnGenerationTwo(r);
  }
}
