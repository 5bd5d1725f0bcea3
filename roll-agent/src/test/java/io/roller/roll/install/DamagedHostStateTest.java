package io.roller.roll.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.ResolvedHost;
import io.roller.model.pkg.Tarballs;
import io.roller.roll.Fleet;
import io.roller.roll.RollExtension;
import io.roller.roll.TestHost;
import io.roller.roll.TestPackages;
import java.nio.charset.StandardCharsets;
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
 * Host state that used to need surgery (issue 10): a damaged journal, /usr/local pointing at a
 * generation that is gone, a stop that hangs. Each roll goes into a temp root from the real config
 * server and must end on a working generation or say in one line what to do.
 */
class DamagedHostStateTest {
  @RegisterExtension final RollExtension fixture = new RollExtension();
  Fleet server;
  TestHost host;
  ResolvedHost.Package web;

  @BeforeEach
  void setUp() throws Exception {
    server = fixture.fleet();
    host = fixture.host();
    web = server.publish("web", "1", TestPackages.serviceWithPort("web", null).gz());
  }

  TestHost.Result roll(String... extra) {
    return fixture.roll(extra);
  }

  Path lib(String path) {
    return host.root.resolve("var/lib/roller").resolve(path);
  }

  int current() throws Exception {
    return Integer.parseInt(
        Files.readSymbolicLink(host.root.resolve("usr/local")).getFileName().toString());
  }

  /** Generation 1 on port 1 with web running, and the server now wanting port 2. */
  void onGenerationOneWithAChangePending() throws Exception {
    server.host(List.of(web), Map.of("port", 1));
    assertEquals(0, roll().code());
    server.host(List.of(web), Map.of("port", 2));
  }

  void assertConvergedOnPort2(TestHost.Result r) throws Exception {
    assertEquals(0, r.code(), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
    assertEquals("port=2\n", host.readLocal("etc/web.conf"));
    assertTrue(host.running("web"));
    assertFalse(Files.exists(lib("journal")));
  }

  @Test
  void aJournalWithoutPhaseIsTakenAsStoppedAndTheRollConverges() throws Exception {
    onGenerationOneWithAChangePending();
    host.close(); // the interrupted roll had stopped web
    Files.writeString(
        lib("journal"),
        "{\"kind\":\"roll\",\"from\":1,\"to\":2,\"started\":\"2026-01-01T00:00:00Z\"}");

    TestHost.Result r = roll();

    assertConvergedOnPort2(r);
    assertTrue(r.err().contains("names no phase; taking it as 'stop'"), r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{\"kind\":\"roll\",\"fr", "{\"phase\":\"BUILD\"}", "[]"})
  void anEmptyOrTruncatedJournalGoesByUsrLocalAndTheRollConverges(String journal) throws Exception {
    onGenerationOneWithAChangePending();
    Files.writeString(lib("journal"), journal);

    TestHost.Result r = roll();

    assertConvergedOnPort2(r);
    assertTrue(
        r.err()
            .matches(
                "(?s).*roll: journal \\S+ (cannot be read|is empty|lacks)[^\\n]*; going by"
                    + " /usr/local \\(generation 1\\) and removing it\\n.*"),
        r.err());
  }

  @Test
  void usrLocalPointingAtAGenerationThatIsGoneIsSwitchedToTheNewestCompleteOne() throws Exception {
    onGenerationOneWithAChangePending();
    assertEquals(0, roll().code());
    assertEquals(2, current());
    host.close();
    Trees.delete(lib("generations/2"));
    Files.delete(lib("generations/2.json"));
    server.host(List.of(web), Map.of("port", 3));

    TestHost.Result r = roll();

    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.err()
            .contains(
                "roll: /usr/local pointed at generation 2, which is gone; switched to"
                    + " generation 1"),
        r.err());
    assertEquals("port=3\n", host.readLocal("etc/web.conf"));
    assertTrue(host.running("web"));
  }

  @Test
  void usrLocalPointingAtAGenerationThatIsGoneWithNoneLeftStartsFromAnEmptyOne() throws Exception {
    onGenerationOneWithAChangePending();
    host.close();
    Trees.delete(lib("generations"));

    TestHost.Result r = roll();

    assertConvergedOnPort2(r);
    assertTrue(r.err().contains("no complete generation is left; starting from an empty one"));
  }

  @Test
  void aCurrentGenerationWhoseRecordIsCutShortIsSetAsideAndTheRollConverges() throws Exception {
    onGenerationOneWithAChangePending();
    assertEquals(0, roll().code());
    server.host(List.of(web), Map.of("port", 3));
    String record = Files.readString(lib("generations/2.json"));
    Files.writeString(lib("generations/2.json"), record.substring(0, record.length() / 2));

    TestHost.Result r = roll();

    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.err()
            .contains(
                "roll: /usr/local pointed at generation 2, whose record cannot be read; switched to"
                    + " generation 1"),
        r.err());
    assertEquals("port=3\n", host.readLocal("etc/web.conf"));
    assertTrue(host.running("web"));
    assertTrue(Files.exists(lib("generations/2.json.broken")));
  }

  /** A service whose stop hangs (with a child of its own) for longer than its 1 s timeout. */
  static byte[] hanging(String version) {
    String script =
        """
        #!/bin/sh
        run="$ROLLER_ROOT/var/run"; mkdir -p "$run"
        case "$1" in
        start) sleep 120 > /dev/null 2>&1 & echo $! > "$run/hang.$ROLLER_GENERATION.pid" ;;
        stop) sleep 300 > /dev/null 2>&1 & echo $! > "$run/stop-child.pid"; wait ;;
        status) kill -0 "$(cat "$run/hang.$ROLLER_GENERATION.pid")" 2>/dev/null ;;
        esac
        """;
    return Tarballs.create()
        .file("bin/hang", script.getBytes(StandardCharsets.UTF_8), 0755)
        .file("share/hang/VERSION", version)
        .manifest(
            """
            services:
              - {name: hang, start: bin/hang start, stop: bin/hang stop, check: bin/hang status, timeout: 1s}
            """)
        .gz();
  }

  boolean alive(String pidFile) throws Exception {
    Path f = host.root.resolve("var/run").resolve(pidFile);
    Path stat = Path.of("/proc", Files.readString(f).trim(), "stat");
    try {
      // a killed orphan may linger as a zombie until init reaps it: that is not alive
      String s = Files.readString(stat);
      return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }

  @Test
  void aHangingStopIsKilledWithItsChildrenAndRollForceKillsTheServiceToGoOn() throws Exception {
    server.host(List.of(server.publish("hang", "1", hanging("1"))), Map.of());
    assertEquals(0, roll().code());
    server.host(List.of(server.publish("hang", "2", hanging("2"))), Map.of());

    for (int attempt = 0; attempt < 2; attempt++) {
      TestHost.Result r = roll();

      assertEquals(1, r.code(), r.err());
      assertEquals(
          "roll: service hang/hang: stop timed out after 1000 ms (its processes were killed; log "
              + host.root.resolve("var/log/roller/hang.hang.log")
              + "); 'roll --force' kills the service with SIGKILL instead; generation 1 kept"
              + " running",
          r.reason());
      assertFalse(alive("stop-child.pid"), "the stop's child is gone with it");
      assertTrue(alive("hang.1.pid"), "generation 1 keeps running");
      assertEquals(1, current());
    }

    TestHost.Result r = roll("--force");

    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.err()
            .contains(
                "roll: service hang/hang: stop timed out after 1000 ms; killed 1 of its"
                    + " processes with SIGKILL (--force)"),
        r.err());
    assertFalse(alive("hang.1.pid"), "the old service was killed");
    assertFalse(alive("stop-child.pid"));
    assertTrue(alive("hang.2.pid"));
    assertEquals(2, current());
  }
}
