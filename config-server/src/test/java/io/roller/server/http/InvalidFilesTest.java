package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.server.testing.Http;
import io.roller.server.testing.Poll;
import io.roller.server.testing.ServerExtension;
import io.roller.server.testing.TestRepo;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A file that does not validate gets 422 for the hosts it affects only; the hostile repo files
 * (expansion bombs, huge files, duplicate keys, bad names) too, and none of them stops the server.
 */
class InvalidFilesTest {
  @RegisterExtension final ServerExtension fleet = ServerExtension.exampleFleet();

  JsonNode expect(int status, String path) throws Exception {
    HttpResponse<String> r = fleet.http().getJson(path);
    assertEquals(status, r.statusCode(), path + " -> " + r.body());
    return Http.json(r);
  }

  @Test
  void brokenHostYamlIs422NamingFileAndLineWhileOtherHostsAnswer() throws Exception {
    fleet
        .repo()
        .write(
            "host/web02.nyc1.yml",
            "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n  heap_mb: [1024\n");
    fleet.repo().commit("oops");
    fleet.http().post("/refresh");
    JsonNode e = expect(422, "/host/web02.nyc1/resolved");
    assertEquals("invalid", e.get("error").asText());
    assertEquals("host/web02.nyc1.yml", e.get("file").asText());
    assertTrue(e.get("line").asInt() >= 5, e.toString());
    assertTrue(e.get("detail").asText().startsWith("host/web02.nyc1.yml:"), e.toString());
    expect(422, "/host/web02.nyc1");
    expect(422, "/host/web02.nyc1/users");
    expect(200, "/host/web01.nyc1/resolved");
    assertTrue(
        expect(200, "/host").toString().contains("web02.nyc1"), "the broken host is still listed");
    assertEquals(1, expect(200, "/healthz").get("invalid_files").asInt());
  }

  @Test
  void brokenHostclassVersionFailsOnlyItsHosts() throws Exception {
    fleet.repo().write("hostclass/db/3.yml", "packages:\n  production: [pg-16.1, pg-16.2]\n");
    fleet.repo().commit("db 3: two postgres");
    fleet.http().post("/refresh");
    JsonNode hosts = expect(200, "/hostclass/db/hosts?version=3");
    assertTrue(hosts.size() > 0);
    for (JsonNode h : hosts) {
      JsonNode e = expect(422, "/host/" + h.get("hostname").asText() + "/resolved");
      assertEquals("hostclass/db/3.yml", e.get("file").asText());
      assertEquals(2, e.get("line").asInt());
    }
    expect(422, "/hostclass/db/3");
    expect(200, "/hostclass/db/1");
    assertTrue(expect(200, "/hostclass/db").get("invalid").has("hostclass/db/3.yml"));
    expect(200, "/host/web01.nyc1/resolved");
  }

  @Test
  void unknownColoAndHostclassVersionNameTheHostFileLine() throws Exception {
    fleet.repo().write("host/web03.nyc1.yml", "colo: nyc9\nhostclass: web\nversion: 2\n");
    fleet.repo().write("host/web02.sjc1.yml", "colo: sjc1\nhostclass: web\nversion: 7\n");
    fleet.repo().commit("typos");
    fleet.http().post("/refresh");
    JsonNode colo = expect(422, "/host/web03.nyc1/resolved");
    assertEquals(1, colo.get("line").asInt());
    assertTrue(colo.get("detail").asText().contains("nyc9"), colo.toString());
    JsonNode version = expect(422, "/host/web02.sjc1/resolved");
    assertEquals(3, version.get("line").asInt());
    expect(200, "/host/web01.sjc1/resolved");
  }

  @Test
  void brokenColoFailsItsHostsAndTheColoView() throws Exception {
    fleet.repo().write("colo/sjc1.yml", "params:\n  dns: 10.2.0.2\nbogus: 1\n");
    fleet.repo().commit("sjc1: bogus key");
    fleet.http().post("/refresh");
    JsonNode e = expect(422, "/host/web01.sjc1/resolved");
    assertEquals("colo/sjc1.yml", e.get("file").asText());
    assertEquals(3, e.get("line").asInt());
    expect(422, "/colo/sjc1");
    expect(200, "/colo/sjc1/hosts");
    expect(200, "/host/web01.nyc1/resolved");
  }

  /** Replaces the started server by one that polls the repo every 100 ms. */
  void pollEvery100ms() {
    fleet.restart(o -> o.withPoll(Duration.ofMillis(100)));
  }

  String revision() {
    return fleet.http().getJson("/healthz").headers().firstValue("X-Roller-Revision").orElse("");
  }

  void awaitRevision(String commit, Duration within) {
    Poll.untilEquals(within, commit, this::revision, "the poller to serve the new commit");
  }

  @Test
  void aliasBombIs422ForItsHostAndNeitherPollingNorPinnedLoadsStop() throws Exception {
    pollEvery100ms();
    String good = fleet.repo().head();
    fleet.repo().write("host/web02.nyc1.yml", TestRepo.aliasBomb());
    String bomb = fleet.repo().commit("bomb");
    awaitRevision(bomb, Duration.ofSeconds(10));
    JsonNode e = expect(422, "/host/web02.nyc1/resolved");
    assertEquals("host/web02.nyc1.yml", e.get("file").asText());
    assertTrue(e.get("detail").asText().contains("expands to more than"), e.toString());
    expect(200, "/host/web01.nyc1/resolved");
    assertEquals("ok", expect(200, "/healthz").get("status").asText());

    fleet.repo().write("host/web02.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 1\n");
    String reverted = fleet.repo().commit("revert the bomb");
    awaitRevision(reverted, Duration.ofSeconds(10));
    for (int i = 0; i < 3; i++) {
      expect(422, "/host/web02.nyc1/resolved?rev=" + bomb);
    }
    expect(200, "/host/web02.nyc1/resolved?rev=" + good);
    fleet.repo().write("colo/nyc1.yml", "params:\n  ntp_server: ntp9.nyc1.example.com\n");
    awaitRevision(fleet.repo().commit("a later commit"), Duration.ofSeconds(10));
    JsonNode health = expect(200, "/healthz");
    assertEquals("ok", health.get("status").asText(), health.toString());
    assertTrue(health.has("last_poll"), health.toString());
  }

  @Test
  void aHostFileOverFourMiBIsRefusedNamingItWhileOtherHostsAreServed() throws Exception {
    byte[] big =
        ("colo: nyc1\nhostclass: web\nversion: 1\n# " + "x".repeat(7_000_000) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    fleet.repo().write("host/web02.nyc1.yml", big);
    fleet.repo().commit("7 MB host file");
    fleet.http().post("/refresh");
    JsonNode e = expect(422, "/host/web02.nyc1/resolved");
    assertEquals("host/web02.nyc1.yml", e.get("file").asText());
    assertTrue(e.get("detail").asText().contains("larger than 4194304 bytes"), e.toString());
    expect(200, "/host/web01.nyc1/resolved");
  }

  @Test
  void hugeQuotedScalarsDoNotHoldUpRefreshOrTheNextCommit() throws Exception {
    char[] run = new char[4_000_000];
    Arrays.fill(run, 'x');
    fleet
        .repo()
        .write(
            "host/web02.nyc1.yml",
            "colo: nyc1\nhostclass: web\nversion: 1\nparams:\n  big: \""
                + new String(run)
                + "\"\n");
    char[] huge = new char[25_000_000];
    Arrays.fill(huge, 'y');
    fleet
        .repo()
        .write(
            "host/web01.sjc1.yml",
            "colo: sjc1\nhostclass: web\nversion: 1\nparams:\n  big: \""
                + new String(huge)
                + "\"\n");
    fleet.repo().commit("two huge scalars");
    long t0 = System.nanoTime();
    assertEquals(200, fleet.http().post("/refresh").statusCode());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(ms < 2_000, "refresh took " + ms + " ms");
    JsonNode e = expect(422, "/host/web02.nyc1/resolved");
    assertTrue(e.get("detail").asText().contains("without a space or line break"), e.toString());
    assertEquals(5, e.get("line").asInt());
    expect(422, "/host/web01.sjc1/resolved");
    fleet.repo().write("colo/nyc1.yml", "params:\n  ntp_server: ntp9.nyc1.example.com\n");
    String next = fleet.repo().commit("a commit after them");
    t0 = System.nanoTime();
    fleet.http().post("/refresh");
    assertTrue((System.nanoTime() - t0) / 1_000_000 < 2_000, "the next commit is quick");
    assertEquals(next, revision());
  }

  @Test
  void duplicateKeysAre422NamingFileLineAndKey() throws Exception {
    fleet
        .repo()
        .write("host/web02.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 1\nversion: 2\n");
    fleet
        .repo()
        .write("hostclass/db/1.yml", "packages:\n  production: []\n  production: [pg-16.1]\n");
    fleet.repo().commit("duplicates");
    fleet.http().post("/refresh");
    JsonNode e = expect(422, "/host/web02.nyc1/resolved");
    assertEquals(4, e.get("line").asInt());
    assertTrue(e.get("detail").asText().contains("key 'version': duplicate key"), e.toString());
    JsonNode hc = expect(422, "/hostclass/db/1");
    assertEquals(3, hc.get("line").asInt());
    assertTrue(hc.get("detail").asText().contains("packages.production"), hc.toString());
  }

  @Test
  void hostFilesWithBadNamesAreRepoProblemsNotHosts() throws Exception {
    for (String name : new String[] {"UPPER.t1", "a..b", "-bad"}) {
      fleet.repo().write("host/" + name + ".yml", "colo: nyc1\nhostclass: web\nversion: 1\n");
    }
    fleet.repo().commit("badly named host files");
    fleet.http().post("/refresh");
    String hosts = expect(200, "/host").toString();
    for (String name : new String[] {"UPPER.t1", "a..b", "-bad"}) {
      assertTrue(!hosts.contains(name), name + " listed in " + hosts);
    }
    assertTrue(hosts.contains("web01.nyc1"), hosts);
    assertEquals(3, expect(200, "/healthz").get("invalid_files").asInt());
  }
}
