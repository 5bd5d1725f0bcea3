package io.roller.roll.impact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roller.model.pkg.Tarballs;
import io.roller.roll.Main;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.ServerExtension;
import io.roller.server.testing.TestRepo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** roll impact against the real config server with real branches and packages. */
class ImpactCommandTest {
  @RegisterExtension
  final ServerExtension fleet =
      ServerExtension.repo(ImpactCommandTest::twelveWebHosts).withPackages();

  TestRepo repo;
  RunningServer server;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  static void twelveWebHosts(TestRepo repo) {
    repo.write("colo/nyc1.yml", "params:\n  dns: [10.1.0.2]\n")
        .write("hostclass/web/1.yml", "packages:\n  production: [web-1.0.0]\n  failsafe: []\n");
    for (int i = 1; i <= 12; i++) {
      repo.write("host/web" + i + ".nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 1\n");
    }
    repo.commit("fleet");
  }

  @BeforeEach
  void start() {
    repo = fleet.repo();
    server = fleet.server();
    upload("1.0.0", "dns={{ dns[0] }}\n");
    upload("1.1.0", "dns={{ dns[0] }} port={{ port }}\n");
  }

  void upload(String version, String template) {
    byte[] tgz =
        Tarballs.create()
            .manifest("services:\n  - name: web\n    start: bin/x\n    stop: bin/x\n")
            .file("etc/web.conf.tmpl", template)
            .gz();
    assertEquals(201, server.upload("web", version, tgz));
  }

  void branch(String name, String path, String text) throws Exception {
    try (Git git = Git.open(repo.path().toFile())) {
      git.checkout().setCreateBranch(true).setName(name).call();
      repo.write(path, text).commit("on " + name);
      git.checkout().setName("main").call();
    }
  }

  int roll(String... args) {
    return Main.run(new PrintStream(out, true), new PrintStream(err, true), Map.of(), args);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aBranchThatChangesTwelveHostsTheSameWayPrintsOneGroupAndExitsZero() throws Exception {
    branch("dns", "colo/nyc1.yml", "params:\n  dns: [10.1.0.9]\n");
    assertEquals(0, roll("impact", "--server", server.url(), "--to", "dns"), err.toString());
    String o = out();
    System.err.println("SAMPLE\n" + o);
    assertTrue(o.contains("12 changed"), o);
    assertTrue(o.contains("12 hosts: web1.nyc1, web10.nyc1"), o);
    assertTrue(o.contains("and 4 more"), o);
    assertTrue(o.contains("param dns: [\"10.1.0.2\"] -> [\"10.1.0.9\"]  (colo/nyc1.yml)"), o);
    assertTrue(o.contains("restarts: web"), o);
    assertEquals(1, o.split("param dns", -1).length - 1, "one block, not one per host:\n" + o);
  }

  @Test
  void theServerMayComeFromRollerServerInRollsEnvironment() throws Exception {
    branch("dns", "colo/nyc1.yml", "params:\n  dns: [10.1.0.9]\n");
    int code =
        Main.run(
            new PrintStream(out, true),
            new PrintStream(err, true),
            Map.of("ROLLER_SERVER", server.url()),
            "impact",
            "--to",
            "dns");
    assertEquals(0, code, err.toString());
    assertTrue(out().contains("12 changed"), out());

    ByteArrayOutputStream none = new ByteArrayOutputStream();
    assertEquals(
        2,
        Main.run(
            new PrintStream(none, true),
            new PrintStream(none, true),
            Map.of(),
            "impact",
            "--to",
            "dns"));
    assertTrue(
        none.toString().contains("give --server URL (or set ROLLER_SERVER)"), none.toString());
  }

  @Test
  void aTemplateThatWouldNotRenderExitsOneWithRender() throws Exception {
    branch("port", "hostclass/web/1.yml", "packages:\n  production: [web-1.1.0]\n  failsafe: []\n");
    assertEquals(0, roll("impact", "--server", server.url(), "--to", "port"), err.toString());
    out.reset();
    assertEquals(1, roll("impact", "--server", server.url(), "--to", "port", "--render"));
    String o = out();
    assertTrue(o.contains("TEMPLATES THAT DO NOT RENDER (12):"), o);
    assertTrue(
        o.contains(
            "package web-1.1.0: template etc/web.conf.tmpl (line 1) names unknown variable 'port'"),
        o);
  }

  @Test
  void aBrokenBranchExitsOneAndJsonIsOneLine() throws Exception {
    branch("broken", "host/web3.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 9\n");
    assertEquals(1, roll("impact", "--server", server.url(), "--to", "broken", "--json"));
    String o = out();
    assertTrue(o.endsWith("\n") && o.indexOf('\n') == o.length() - 1, o);
    JsonNode a = new ObjectMapper().readTree(o);
    assertEquals("host/web3.nyc1.yml", a.get("failing").get(0).get("file").asText());
    out.reset();
    assertEquals(1, roll("impact", "--server", server.url(), "--to", "broken"));
    System.err.println("SAMPLE\n" + out());
    assertTrue(out().contains("FAILING (1):\n  host/web3.nyc1.yml:3: key 'version'"), out());
  }

  @Test
  void anUnknownRevisionIsOneLineOnStderrAndExitOne() {
    assertEquals(1, roll("impact", "--server", server.url(), "--to", "nope"));
    assertTrue(err.toString().startsWith("roll: impact: "), err.toString());
    assertTrue(err.toString().contains("404"), err.toString());
    assertEquals(2, roll("impact", "--server", server.url()));
  }
}
