package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.server.testing.Http;
import io.roller.server.testing.ServerExtension;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Commits, refresh, ?rev= pinning, diffs and the log. */
class RevisionsTest {
  @RegisterExtension final ServerExtension fleet = ServerExtension.exampleFleet();
  String first;

  @BeforeEach
  void first() {
    first = fleet.repo().head();
  }

  JsonNode json(String path) throws Exception {
    HttpResponse<String> r = fleet.http().getJson(path);
    assertEquals(200, r.statusCode(), path + " -> " + r.body());
    return Http.json(r);
  }

  String heap(String query) throws Exception {
    return json("/host/web02.nyc1/resolved" + query).get("params").get("heap_mb").asText();
  }

  @Test
  void concurrentReadersOfSeveralPinnedRevisionsEachGetTheirOwn() throws Exception {
    String[] revs = new String[4];
    String[] heaps = {"512", "1000", "2000", "3000"};
    revs[0] = first;
    for (int i = 1; i < revs.length; i++) {
      fleet
          .repo()
          .write(
              "host/web02.nyc1.yml",
              "colo: nyc1\nhostclass: web\nversion: 1\nparams:\n  heap_mb: " + heaps[i] + "\n");
      revs[i] = fleet.repo().commit("web02.nyc1: heap " + heaps[i]);
    }
    fleet.http().post("/refresh");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        String rev = revs[i % revs.length];
        answers.add(pool.submit(() -> heap("?rev=" + rev)));
      }
      for (int i = 0; i < answers.size(); i++) {
        assertEquals(
            heaps[i % revs.length],
            answers.get(i).get(),
            "answer " + i + " at " + revs[i % revs.length]);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aCommitIsServedAfterRefreshAndOldRevisionsStayPinnable() throws Exception {
    assertEquals("512", heap(""));
    fleet
        .repo()
        .write(
            "host/web02.nyc1.yml",
            "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n  heap_mb: 3072\n");
    String second = fleet.repo().commit("web02.nyc1: more heap");
    assertEquals("512", heap(""), "not visible before a refresh");
    HttpResponse<String> refresh = fleet.http().post("/refresh", "Accept", "application/json");
    assertEquals(200, refresh.statusCode(), refresh.body());
    assertEquals(second, Http.json(refresh).get("revision").asText());
    assertTrue(Http.json(refresh).get("changed").asBoolean());
    assertEquals(
        1, Http.json(refresh).get("parsed_files").asInt(), "only the changed blob is parsed again");
    assertEquals("3072", heap(""));
    assertEquals(
        "host", json("/host/web02.nyc1/resolved").get("param_origins").get("heap_mb").asText());
    assertEquals("512", heap("?rev=" + first));
    assertEquals("512", heap("?rev=" + first.substring(0, 10)));
    assertEquals(
        first,
        fleet
            .http()
            .getJson("/host/web02.nyc1/resolved?rev=" + first)
            .headers()
            .firstValue("X-Roller-Revision")
            .orElseThrow());
    assertEquals("3072", heap("?rev=main"));
  }

  @Test
  void branchesAndTagsPinRevisionsAndUnknownOnesAre404() throws Exception {
    fleet.repo().tag("v1").branch("stable");
    fleet.repo().write("colo/nyc1.yml", "params:\n  ntp_server: ntp2.nyc1.example.com\n");
    fleet.repo().commit("nyc1: new ntp");
    fleet.http().post("/refresh");
    assertEquals(
        "ntp2.nyc1.example.com", json("/colo/nyc1").get("params").get("ntp_server").asText());
    assertEquals(
        "ntp.nyc1.example.com", json("/colo/nyc1?rev=v1").get("params").get("ntp_server").asText());
    assertEquals(
        "ntp.nyc1.example.com",
        json("/colo/nyc1?rev=stable").get("params").get("ntp_server").asText());
    assertEquals(404, fleet.http().getJson("/colo/nyc1?rev=nosuchbranch").statusCode());
    assertEquals(
        404,
        fleet
            .http()
            .getJson("/colo/nyc1?rev=0123456789abcdef0123456789abcdef01234567")
            .statusCode());
    assertEquals(400, fleet.http().getJson("/colo/nyc1?rev=main@%7Bupstream%7D").statusCode());
    assertEquals(400, fleet.http().getJson("/colo/nyc1?rev=a..b").statusCode());
  }

  @Test
  void uncommittedEditsAreNeverServed() throws Exception {
    fleet
        .repo()
        .write(
            "host/web02.nyc1.yml",
            "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n  heap_mb: 9999\n");
    fleet.repo().write("host/new01.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 2\n");
    fleet.repo().delete("host/db01.nyc1.yml");
    fleet.http().post("/refresh");
    assertEquals("512", heap(""));
    assertEquals(404, fleet.http().get("/host/new01.nyc1/resolved").statusCode());
    assertEquals(200, fleet.http().get("/host/db01.nyc1/resolved").statusCode());
  }

  @Test
  void hostDiffComparesResolvedViews() throws Exception {
    fleet
        .repo()
        .write(
            "host/web02.nyc1.yml",
            "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n  heap_mb: 3072\n");
    String second = fleet.repo().commit("web02.nyc1: web 2, more heap");
    fleet.http().post("/refresh");
    JsonNode d = json("/host/web02.nyc1/diff?from=" + first + "&to=" + second);
    assertEquals(first, d.get("from").asText());
    assertEquals(second, d.get("to").asText());
    String changes = d.get("changes").toString();
    assertTrue(changes.contains("{\"what\":\"version\",\"from\":\"1\",\"to\":\"2\"}"), changes);
    assertTrue(changes.contains("\"what\":\"params.heap_mb\",\"from\":512,\"to\":3072"), changes);
    assertTrue(
        changes.contains(
            "\"what\":\"param_origins.heap_mb\",\"from\":\"hostclass\",\"to\":\"host\""),
        changes);
    assertTrue(changes.contains("packages.production"), changes);
    assertEquals(0, json("/host/web01.nyc1/diff?from=" + first).get("changes").size());
    assertEquals(400, fleet.http().getJson("/host/web01.nyc1/diff").statusCode());
  }

  @Test
  void diffAndLogShowWhoChangedWhat() throws Exception {
    fleet
        .repo()
        .write(
            "host/web02.nyc1.yml",
            "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n  heap_mb: 3072\n");
    String second = fleet.repo().commit("web02.nyc1: more heap\n\nTicket OPS-12");
    fleet.http().post("/refresh");
    JsonNode diff = json("/diff?from=" + first + "&to=main");
    assertEquals(1, diff.get("files").size());
    JsonNode file = diff.get("files").get(0);
    assertEquals("host/web02.nyc1.yml", file.get("path").asText());
    assertEquals("MODIFY", file.get("change").asText());
    assertTrue(file.get("patch").asText().contains("+  heap_mb: 3072"), file.toString());

    JsonNode log = json("/log?limit=5");
    assertEquals(2, log.size());
    JsonNode top = log.get(0);
    assertEquals(second, top.get("commit").asText());
    assertEquals("Test Author", top.get("author").asText());
    assertEquals("web02.nyc1: more heap\n\nTicket OPS-12", top.get("message").asText());
    assertEquals("[\"host/web02.nyc1.yml\"]", top.get("files").toString());
    assertFalse(top.get("time").asText().isEmpty());
    assertTrue(log.get(1).get("files").size() > 20, "the first commit lists every file it added");
    assertEquals(1, json("/log?path=host/web02.nyc1.yml&limit=1").size());
    assertEquals(1, json("/log?path=colo/nyc1.yml").size());
    assertEquals(400, fleet.http().getJson("/log?limit=0").statusCode());
    assertEquals(400, fleet.http().getJson("/log?path=../etc").statusCode());
    assertEquals(400, fleet.http().getJson("/diff").statusCode());
  }

  @Test
  void anUnchangedRefreshKeepsTheSameBodyAndEtag() {
    HttpResponse<String> a = fleet.http().get("/host/web01.nyc1/resolved");
    fleet.http().post("/refresh");
    HttpResponse<String> b = fleet.http().get("/host/web01.nyc1/resolved");
    assertEquals(a.headers().firstValue("ETag"), b.headers().firstValue("ETag"));
    fleet.repo().write("host/web01.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 2\n");
    fleet.repo().commit("web01: no greeting");
    fleet.http().post("/refresh");
    HttpResponse<String> c = fleet.http().get("/host/web01.nyc1/resolved");
    assertNotEquals(a.headers().firstValue("ETag"), c.headers().firstValue("ETag"));
  }

  @Test
  void logOfAPathListsOnlyThatPathsFilesOfEachCommit() throws Exception {
    fleet.repo().write("host/web01.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 2\n");
    fleet.repo().write("README.md", "changed with the host\n");
    String both = fleet.repo().commit("web01.nyc1 and the readme");
    fleet.http().post("/refresh");
    JsonNode log = json("/log?path=host/web01.nyc1.yml");
    assertEquals(both, log.get(0).get("commit").asText());
    for (JsonNode c : log) {
      assertEquals("[\"host/web01.nyc1.yml\"]", c.get("files").toString(), c.toString());
    }
    JsonNode dir = json("/log?path=host&limit=1");
    assertEquals("[\"host/web01.nyc1.yml\"]", dir.get(0).get("files").toString());
  }
}
