package io.roller.roll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.pkg.Tarballs;
import io.roller.roll.core.Json;
import io.roller.server.testing.Http;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.ServerExtension;
import io.roller.server.testing.TestRepo;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * roll against the real config server (JGit repo in a temp dir, package store, token uploads over
 * HTTP) into a temp root, with real service processes.
 */
class EndToEndTest {
  @RegisterExtension
  final ServerExtension fleet = ServerExtension.repo(EndToEndTest::app01).withPackages();

  @RegisterExtension final RollExtension fixture = new RollExtension();
  TestHost host;

  /** Host app01.nyc1 on hostclass app 1 in colo nyc1; its packages are uploaded per test. */
  static void app01(TestRepo repo) {
    repo.write("colo/nyc1.yml", "params:\n  dns: [10.1.0.2, 10.1.0.3]\n  port: 7000\n")
        .write(
            "hostclass/app/1.yml",
            "packages:\n  production: [app-1.0, tools-1]\n  failsafe: [tools-1]\n"
                + "params:\n  port: 8080\n")
        .write(
            "host/app01.nyc1.yml",
            "colo: nyc1\nhostclass: app\nversion: 1\nparams:\n  greeting: hi\n")
        .commit("app01 joins the fleet");
  }

  @BeforeEach
  void setUp() throws Exception {
    host = fixture.host();
    upload(
        "app",
        "1.0",
        TestPackages.service("app", "grep -q greeting etc/app.conf")
            .dir("etc")
            .file(
                "etc/app.conf.tmpl",
                "greeting={{ greeting }} port={{ port }} dns={{ dns[0] }} rev={{ roller.revision }}\n")
            .gz());
    upload(
        "tools",
        "1",
        Tarballs.create()
            .dir("bin")
            .file("bin/tool", "#!/bin/sh\necho tool\n".getBytes(), 0755)
            .manifest(
                "cron:\n  - name: sweep\n    schedule: \"*/5 * * * *\"\n    command: /usr/local/bin/tool\n")
            .gz());
  }

  void upload(String name, String version, byte[] gz) {
    HttpResponse<byte[]> r =
        fleet
            .http()
            .put("/package/" + name + "/" + version + ".tar.gz", gz, RunningServer.UPLOAD_TOKEN);
    assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.statusCode() + " " + Http.text(r));
  }

  String commit(String path, String text) {
    fleet.repo().write(path, text);
    return fleet.commitAndRefresh("change " + path);
  }

  TestHost.Result roll(String... extra) {
    List<String> args =
        new java.util.ArrayList<>(List.of("--server", fleet.url(), "--hostname", "app01.nyc1"));
    args.addAll(List.of(extra));
    return host.roll(args.toArray(String[]::new));
  }

  @Test
  void rollsAHostFromItsRepoThenFollowsCommits() throws Exception {
    TestHost.Result first = roll();

    assertEquals(0, first.code(), first.err());
    String rev1 = fleet.repo().head();
    assertEquals(
        "greeting=hi port=8080 dns=10.1.0.2 rev=" + rev1 + "\n", host.readLocal("etc/app.conf"));
    assertTrue(host.running("app"));
    assertTrue(
        Files.readString(host.root.resolve("etc/cron.d/roller"))
            .contains("*/5 * * * * root /usr/local/bin/tool"));
    assertTrue(
        Files.readString(host.root.resolve("var/log/roller/roll.log"))
            .contains("host=app01.nyc1 revision=" + rev1 + " hostclass=app/1 generation=1"));

    String rev2 =
        commit(
            "host/app01.nyc1.yml",
            "colo: nyc1\nhostclass: app\nversion: 1\nparams:\n  greeting: hello\n");
    TestHost.Result second = roll();

    assertEquals(0, second.code(), second.err());
    assertEquals(
        "greeting=hello port=8080 dns=10.1.0.2 rev=" + rev2 + "\n", host.readLocal("etc/app.conf"));
    assertEquals(List.of("start app gen=1", "stop app gen=1", "start app gen=2"), host.events());

    TestHost.Result status = host.roll("status", "--json");
    assertEquals(rev2, Json.MAPPER.readTree(status.out()).get("revision").asText());
  }

  @Test
  void aHostclassVersionWhoseServiceFailsIsRolledBack() throws Exception {
    assertEquals(0, roll().code());
    upload("app", "2.0", TestPackages.service("app", "false").gz());
    commit(
        "hostclass/app/2.yml",
        "packages:\n  production: [app-2.0, tools-1]\n  failsafe: [tools-1]\n");
    commit(
        "host/app01.nyc1.yml", "colo: nyc1\nhostclass: app\nversion: 2\nparams:\n  greeting: hi\n");

    TestHost.Result r = roll();

    assertEquals(1, r.code());
    assertTrue(
        r.reason().startsWith("roll: service app/app: check 'bin/app status' still failing"),
        r.err());
    assertTrue(host.running("app"));
    assertEquals(
        List.of(
            "start app gen=1",
            "stop app gen=1",
            "start app gen=2",
            "stop app gen=2",
            "start app gen=1"),
        host.events());
  }

  @Test
  void aPackageTheServerLacksFailsBeforeAnythingChanges() throws Exception {
    assertEquals(0, roll().code());
    commit(
        "hostclass/app/1.yml",
        "packages:\n  production: [app-1.0, tools-1, ghost-9]\n  failsafe: [tools-1]\n"
            + "params:\n  port: 8080\n");

    TestHost.Result r = roll();

    assertEquals(1, r.code());
    assertTrue(
        r.reason().startsWith("roll: package ghost-9 (hostclass app 1) is not on the server"),
        r.err());
    assertEquals(List.of("start app gen=1"), host.events());
  }

  @Test
  void aNoOpRollStopsAtTheServers304AndRestartsNothing() throws Exception {
    assertEquals(0, roll().code());
    Path generation = host.root.resolve("usr/local").toRealPath();

    TestHost.Result again = roll("--json");

    assertEquals(0, again.code(), again.err());
    var report = Json.MAPPER.readTree(again.out());
    assertEquals(false, report.get("changed").asBoolean());
    assertTrue(
        report
            .get("steps")
            .get(0)
            .asText()
            .startsWith("nothing to do: the server's view is unchanged"),
        again.out());
    assertEquals(false, report.get("timings_ms").has("plan"), "no plan was made: " + again.out());
    assertEquals(generation, host.root.resolve("usr/local").toRealPath());
    assertEquals(List.of("start app gen=1"), host.events());
    assertTrue(host.running("app"));
  }

  @Test
  void aChangedViewAfterA304StillRolls() throws Exception {
    assertEquals(0, roll().code());
    assertEquals(0, roll().code());
    String rev2 =
        commit(
            "host/app01.nyc1.yml",
            "colo: nyc1\nhostclass: app\nversion: 1\nparams:\n  greeting: yo\n");

    TestHost.Result r = roll();

    assertEquals(0, r.code(), r.err());
    assertEquals(
        "greeting=yo port=8080 dns=10.1.0.2 rev=" + rev2 + "\n", host.readLocal("etc/app.conf"));
    assertEquals(List.of("start app gen=1", "stop app gen=1", "start app gen=2"), host.events());
  }

  @Test
  void forceFailsafeAnUnhealthyServiceOrAnInterruptedRollNeverStopAtA304() throws Exception {
    assertEquals(0, roll().code());

    assertEquals(
        List.of("start app gen=1", "stop app gen=1", "start app gen=2"), rollAndEvents("--force"));
    assertTrue(fullRoll(roll("--failsafe", "--json")));
    assertTrue(fullRoll(roll("--json")), "back from the failsafe set");
    Files.writeString(
        host.root.resolve("var/lib/roller/journal"),
        "{\"kind\":\"roll\",\"from\":4,\"to\":5,"
            + "\"phase\":\"BUILD\",\"started\":\"2000-01-01T00:00:00Z\"}");
    assertTrue(fullRoll(roll("--json")), "an unfinished roll in the journal");
    int before = host.events().size();
    Files.delete(host.root.resolve("usr/local/etc/app.conf")); // its check now fails
    TestHost.Result r = roll("--json");
    assertTrue(fullRoll(r));
    // a removed file is drift too: the drift check sees it before the 304 and its health check
    assertTrue(
        r.err().contains("roll: /usr/local drifted from generation")
            && r.err().contains("/usr/local/etc/app.conf"),
        r.err());
    assertTrue(host.events().size() >= before);
  }

  List<String> rollAndEvents(String... args) throws Exception {
    assertEquals(0, roll(args).code());
    return host.events();
  }

  static boolean fullRoll(TestHost.Result r) throws Exception {
    assertEquals(0, r.code(), r.err());
    return Json.MAPPER.readTree(r.out()).get("timings_ms").has("plan");
  }
}
