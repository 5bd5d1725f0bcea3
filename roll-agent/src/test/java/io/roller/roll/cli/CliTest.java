package io.roller.roll.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.ResolvedHost;
import io.roller.roll.Fleet;
import io.roller.roll.Main;
import io.roller.roll.RollExtension;
import io.roller.roll.TestHost;
import io.roller.roll.TestPackages;
import io.roller.roll.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The command line: exit codes, help, where the server comes from, options after subcommands,
 * --json.
 */
class CliTest {
  @RegisterExtension final RollExtension fixture = new RollExtension();
  Path root;

  @BeforeEach
  void setUp() {
    root = fixture.host().root;
  }

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
  void theSubcommandNamesAPlainRollLooksForAreTheSubcommandsOwn() {
    java.util.Set<String> declared = new java.util.HashSet<>();
    for (Class<?> sub : RollCommand.SUBCOMMANDS) {
      picocli.CommandLine.Command c = sub.getAnnotation(picocli.CommandLine.Command.class);
      declared.add(c.name());
      declared.addAll(List.of(c.aliases()));
    }
    assertEquals(declared, RollCommand.SUBCOMMAND_NAMES);
  }

  @Test
  void aPlainRollBuildsNoSubcommandModelsButEverythingElseSeesThemAll() {
    RollCommand root = new RollCommand(Map.of(), System.out, System.err);
    assertTrue(
        RollCommand.commandLine(() -> root, "--root", "/r", "--json", "--quiet")
            .getSubcommands()
            .isEmpty());
    for (String[] args :
        List.of(
            new String[] {"status"},
            new String[] {"--root", "/r", "history", "--json"},
            new String[] {"--help"},
            new String[] {"--hostname", "status"},
            new String[] {"stauts"})) {
      assertEquals(
          RollCommand.SUBCOMMANDS.size(),
          RollCommand.commandLine(() -> root, args).getSubcommands().size(),
          String.join(" ", args));
    }
    // a mistyped subcommand is told about the real ones, as with every subcommand built up front
    Run typo = run(Map.of(), "stauts");
    assertEquals(2, typo.code());
    assertTrue(typo.err().contains("Did you mean: roll status"), typo.err());
    Run help = run(Map.of(), "--help");
    assertTrue(help.out().contains("rollback") && help.out().contains("secret"), help.out());
  }

  @Test
  void noServerAnywhereIsAOneLineFailure() {
    Run r = run(Map.of(), "--root", root.toString(), "--hostname", "h1");
    assertEquals(1, r.code());
    assertEquals(
        "roll: no config server: give --server URL, set ROLLER_SERVER, or put `server = URL` in "
            + root.resolve("etc/roller/roll.conf")
            + "\n",
        r.err());
  }

  @Test
  void serverComesFromTheEnvironmentThenRollConf() throws Exception {
    Fleet server = fixture.fleet();
    TestHost host = fixture.host();
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

  @Test
  void statusAndHistoryTakeOptionsAfterTheSubcommandAndSpeakJson() throws Exception {
    Fleet server = fixture.fleet();
    TestHost host = fixture.host();
    ResolvedHost.Package web = server.publish("web", "1", TestPackages.service("web").gz());
    String rev1 = server.host(List.of(web), Map.of());
    assertEquals(0, run(Map.of(), server.rollArgs("--root", root.toString())).code());

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

  @Test
  void rollbackWithNothingOlderFailsClearly() throws Exception {
    Fleet server = fixture.fleet();
    TestHost host = fixture.host();
    server.host(List.of(server.publish("web", "1", TestPackages.service("web").gz())), Map.of());
    run(Map.of(), server.rollArgs("--root", root.toString()));
    run(Map.of(), "rollback", "--root", root.toString());
    Run again = run(Map.of(), "rollback", "--root", root.toString());
    assertEquals(1, again.code());
    assertEquals("roll: no generation older than 0 to roll back to\n", again.err());
  }

  @Test
  void versionWorksOnEveryCommand() {
    for (String cmd :
        List.of("", "status", "history", "rollback", "package", "validate", "impact", "secret")) {
      for (String flag : cmd.equals("package") ? List.of("-V") : List.of("-V", "--version")) {
        Run r = cmd.isEmpty() ? run(Map.of(), flag) : run(Map.of(), cmd, flag);
        assertEquals(0, r.code(), cmd + " " + flag + ": " + r.err());
        assertTrue(r.out().matches("roll \\S+\n"), cmd + " " + flag + ": '" + r.out() + "'");
      }
    }
  }

  @Test
  void subcommandHelpListsOnlyTheOptionsItHonours() {
    for (String cmd : List.of("status", "history", "rollback")) {
      String help = run(Map.of(), cmd, "--help").out();
      for (String ignored : List.of("--server", "--hostname", "--timeout")) {
        assertFalse(help.contains(ignored), cmd + " lists " + ignored + ":\n" + help);
      }
      assertTrue(help.contains("--root") && help.contains("--json"), help);
      assertEquals(cmd.equals("rollback"), help.contains("--lock-wait"), help);
    }
    assertTrue(run(Map.of(), "rollback", "--help").out().contains("--to=N"));
    Run r = run(Map.of(), "status", "--server", "http://127.0.0.1:1", "--root", root.toString());
    assertEquals(2, r.code(), "an option status ignores is refused, not silently dropped");
  }

  @Test
  void negativeCountsAreUsageErrors() {
    Run wait = run(Map.of(), "--lock-wait=-5", "--root", root.toString(), "--hostname", "h1");
    assertEquals(2, wait.code(), wait.err());
    assertTrue(wait.err().contains("--lock-wait") && wait.err().contains("negative"), wait.err());
    Run timeout = run(Map.of(), "--timeout", "0", "--root", root.toString(), "--hostname", "h1");
    assertEquals(2, timeout.code(), timeout.err());
    Run to = run(Map.of(), "rollback", "--to", "-1", "--root", root.toString());
    assertEquals(2, to.code(), to.err());
  }

  @Test
  void upperCaseHostnameSaysHostnamesAreLowercase() {
    Run r =
        run(
            Map.of(),
            "--server",
            "http://127.0.0.1:1",
            "--hostname",
            "Web01.NYC1",
            "--root",
            root.toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(
        r.err().startsWith("bad --hostname 'Web01.NYC1': hostnames are lowercase (web01.nyc1)"),
        r.err());
    Run bad = run(Map.of(), "--server", "http://127.0.0.1:1", "--hostname", "a_b", "--root", "r");
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("want a DNS name"), bad.err());
  }

  @Test
  void aFailureUnderJsonPrintsOneLineErrorObjectOnStdout() throws Exception {
    Run r = run(Map.of(), "--root", root.toString(), "--hostname", "h1", "--json");
    assertEquals(1, r.code());
    assertTrue(r.err().startsWith("roll: no config server"), r.err());
    assertEquals(1, r.out().lines().count(), r.out());
    assertTrue(r.out().endsWith("}\n"), r.out());
    var j = Json.MAPPER.readTree(r.out());
    assertTrue(j.get("error").asText().startsWith("no config server"), r.out());
    assertEquals(1, j.get("exit_code").asInt());

    Run rollback = run(Map.of(), "rollback", "--root", root.toString(), "--json");
    assertEquals(1, rollback.code());
    assertTrue(
        Json.MAPPER.readTree(rollback.out()).get("error").asText().startsWith("nothing to roll"),
        rollback.out());
    Run usage = run(Map.of(), "--json", "--lock-wait", "x");
    assertEquals(2, usage.code());
    assertEquals(2, Json.MAPPER.readTree(usage.out()).get("exit_code").asInt(), usage.out());
  }

  @Test
  void everyJsonAnswerIsOneNewlineTerminatedLine() throws Exception {
    Fleet server = fixture.fleet();
    TestHost host = fixture.host();
    ResolvedHost.Package a = server.publish("web", "1", TestPackages.service("web").gz());
    ResolvedHost.Package b = server.publish("web", "2", TestPackages.service("web").gz());
    server.host(List.of(a), Map.of());
    String[] remote = {"--server", server.url(), "--hostname", server.hostname()};
    List<List<String>> commands =
        List.of(
            List.of("--json"),
            List.of("--json"),
            List.of("status", "--json"),
            List.of("history", "--json"),
            List.of("--json", "--dry-run", "--force"));
    for (List<String> cmd : commands) {
      oneLine(host, cmd, remote);
    }
    server.host(List.of(b), Map.of());
    oneLine(host, List.of("--json"), remote);
    oneLine(host, List.of("rollback", "--json"));
    Path src = Files.createDirectories(fixture.dir().resolve("pkg/bin"));
    Files.writeString(src.resolve("tool"), "#!/bin/sh\n");
    Path tgz = fixture.dir().resolve("tool-1.tar.gz");
    String pkg =
        run(
                Map.of(),
                "package",
                src.getParent().toString(),
                "--name",
                "tool",
                "--version",
                "1",
                "-o",
                tgz.toString(),
                "--json")
            .out();
    assertEquals(1, pkg.lines().count(), pkg);
    assertTrue(pkg.endsWith("}\n"), pkg);
  }

  private void oneLine(TestHost host, List<String> cmd, String... remote) throws Exception {
    List<String> args = new java.util.ArrayList<>(cmd);
    if (!cmd.get(0).equals("rollback")
        && !cmd.get(0).equals("status")
        && !cmd.get(0).equals("history")) {
      args.addAll(List.of(remote));
    }
    TestHost.Result r = host.roll(args.toArray(String[]::new));
    assertTrue(r.code() == 0 || r.code() == 3, cmd + ": " + r.err());
    assertEquals(1, r.out().lines().count(), cmd + ": " + r.out());
    assertTrue(r.out().endsWith("\n"), cmd + ": " + r.out());
    Json.MAPPER.readTree(r.out());
  }

  /**
   * A real child roll that may not write under the root: as root, with the capability that lets it
   * ignore file modes dropped (setpriv), since root would otherwise write anywhere.
   */
  @Test
  void permissionErrorsSayPermissionDeniedAndNameThePath() throws Exception {
    Path var = Files.createDirectories(root.resolve("var"));
    Files.setPosixFilePermissions(
        var, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
    List<String> cmd = new java.util.ArrayList<>();
    if (System.getProperty("user.name").equals("root")) {
      cmd.addAll(List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"));
    }
    cmd.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "rollback",
            "--root",
            root.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(1, p.waitFor(), out);
    assertEquals(
        "roll: cannot open lock "
            + root.resolve("var/lib/roller/lock")
            + ": permission denied ("
            + root.resolve("var/lib")
            + ")\n",
        out);
  }
}
