package io.roller.roll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.ResolvedHost;
import io.roller.roll.Fleet;
import io.roller.roll.Json;
import io.roller.roll.Main;
import io.roller.roll.TestHost;
import io.roller.roll.TestPackages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line: exit codes, help, where the server comes from, options after subcommands,
 * --json.
 */
class CliTest {
  @TempDir Path root;
  @TempDir Path fleetDir;

  record Run(int code, String out, String err) {}

  Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new PrintStream(out, true), new PrintStream(err, true), env, args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void usageErrorsExitTwo() {
    Run r = run(Map.of(), "--no-such-option");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("Unknown option: '--no-such-option'"), r.err());
  }

  @Test
  void everyCommandHasHelp() {
    for (String cmd : List.of("status", "history", "rollback", "package")) {
      Run r = run(Map.of(), cmd, "--help");
      assertEquals(0, r.code());
      assertTrue(r.out().contains("Usage: roll " + cmd), r.out());
    }
    Run top = run(Map.of(), "--help");
    assertTrue(top.out().contains("--dry-run") && top.out().contains("Exit codes:"), top.out());
  }

  @Test
  void noServerAnywhereIsAOneLineFailure() {
    Run r = run(Map.of(), "--root", root.toString(), "--hostname", "h1");
    assertEquals(1, r.code());
    assertEquals(
        "roll: no config server: pass --server, set ROLLER_SERVER or write 'server = URL' in "
            + root.resolve("etc/roller/roll.conf")
            + "\n",
        r.err());
  }

  @Test
  void serverComesFromTheEnvironmentThenRollConf() throws Exception {
    try (Fleet server = Fleet.start(fleetDir);
        TestHost host = new TestHost(root)) {
      ResolvedHost.Package web = server.publish("web", "1", TestPackages.service("web").gz());
      server.host(List.of(web), Map.of());
      Files.createDirectories(root.resolve("etc/roller"));
      Files.writeString(
          root.resolve("etc/roller/roll.conf"),
          "# where to roll from\nserver = " + server.url() + "\n");

      Run fromConf = run(Map.of(), "--root", root.toString(), "--hostname", server.hostname());
      assertEquals(0, fromConf.code(), fromConf.err());
      Run fromEnv =
          run(
              Map.of("ROLLER_SERVER", server.url()),
              "--root",
              root.toString(),
              "--hostname",
              server.hostname(),
              "--json");
      assertEquals(0, fromEnv.code(), fromEnv.err());
      assertEquals(false, Json.MAPPER.readTree(fromEnv.out()).get("changed").asBoolean());
    }
  }

  @Test
  void statusAndHistoryTakeOptionsAfterTheSubcommandAndSpeakJson() throws Exception {
    try (Fleet server = Fleet.start(fleetDir);
        TestHost host = new TestHost(root)) {
      ResolvedHost.Package web = server.publish("web", "1", TestPackages.service("web").gz());
      String rev1 = server.host(List.of(web), Map.of());
      assertEquals(
          0,
          run(
                  Map.of(),
                  "--server",
                  server.url(),
                  "--hostname",
                  server.hostname(),
                  "--root",
                  root.toString())
              .code());

      Run status = run(Map.of(), "status", "--root", root.toString(), "--json");
      assertEquals(0, status.code(), status.err());
      var s = Json.MAPPER.readTree(status.out());
      assertEquals(1, s.get("generation").asInt());
      assertEquals(rev1, s.get("revision").asText());
      assertEquals("healthy", s.get("services").get(0).get("state").asText());

      Run history = run(Map.of(), "history", "--json", "--root", root.toString());
      var h = Json.MAPPER.readTree(history.out());
      assertEquals(2, h.size());
      assertEquals(1, h.get(0).get("generation").asInt());
      assertTrue(h.get(0).get("current").asBoolean());
      assertEquals(0, h.get(1).get("generation").asInt());

      Files.delete(root.resolve("var/run/web.pid"));
      Run failing = run(Map.of(), "status", "--root", root.toString());
      assertEquals(1, failing.code());
      assertTrue(failing.out().contains("service web/web: failing"), failing.out());
    }
  }

  @Test
  void rollbackWithNothingOlderFailsClearly() throws Exception {
    try (Fleet server = Fleet.start(fleetDir);
        TestHost host = new TestHost(root)) {
      server.host(List.of(server.publish("web", "1", TestPackages.service("web").gz())), Map.of());
      run(
          Map.of(),
          "--server",
          server.url(),
          "--hostname",
          server.hostname(),
          "--root",
          root.toString());
      run(Map.of(), "rollback", "--root", root.toString());
      Run again = run(Map.of(), "rollback", "--root", root.toString());
      assertEquals(1, again.code());
      assertEquals("roll: no generation older than 0 to roll back to\n", again.err());
    }
  }
}
