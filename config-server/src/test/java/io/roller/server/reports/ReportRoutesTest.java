package io.roller.server.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.roller.server.testing.Http;
import io.roller.server.testing.Poll;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.ServerExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Reports posted over real HTTP to the real server, stored in a reports dir. */
class ReportRoutesTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @RegisterExtension
  final ServerExtension fleet =
      ServerExtension.exampleFleet()
          .withOptions(o -> o.withReports(ReportOptions.local(tmp.resolve("reports"))));

  RunningServer server;

  @BeforeEach
  void start() {
    server = fleet.server();
  }

  /** Replaces the server by one on the same repo with other report options. */
  RunningServer start(ReportOptions reports) {
    return fleet.restart(o -> o.withReports(reports));
  }

  /** A report of {@code host} with {@code outcome}, on the desired state the server serves now. */
  static ObjectNode report(RunningServer s, String host, String outcome) throws Exception {
    JsonNode resolved = Http.json(s.getJson("/host/" + host + "/resolved"));
    ObjectNode r = JSON.createObjectNode();
    r.put("hostname", host);
    r.put("time", Instant.now().toString());
    r.put("outcome", outcome);
    r.put("revision", resolved.get("revision").asText());
    r.put("desired", resolved.get("desired").asText());
    r.put("hostclass", resolved.get("hostclass").asText());
    r.put("version", resolved.get("version").asText());
    r.put("generation", 1);
    r.put("duration_ms", 1234);
    r.put("roll_version", "roll 1.0.0");
    return r;
  }

  static HttpResponse<String> post(RunningServer s, String host, Object body, String... headers)
      throws Exception {
    String text = body instanceof String str ? str : JSON.writeValueAsString(body);
    String[] h = new String[headers.length + 2];
    h[0] = "Content-Type";
    h[1] = "application/json";
    System.arraycopy(headers, 0, h, 2, headers.length);
    return s.send(
        "POST", "/host/" + host + "/report", HttpRequest.BodyPublishers.ofString(text), h);
  }

  static JsonNode fleet(RunningServer s, String query) throws Exception {
    HttpResponse<String> r = s.getJson("/fleet" + query);
    assertEquals(200, r.statusCode(), r.body());
    return Http.json(r);
  }

  static String state(JsonNode fleet, String host) {
    for (JsonNode h : fleet.get("hosts")) {
      if (h.get("hostname").asText().equals(host)) {
        return h.get("state").asText();
      }
    }
    return null;
  }

  @Test
  void reportedHostIsConvergedUntilACommitChangesItsDesiredState() throws Exception {
    JsonNode before = fleet(server, "");
    assertEquals(11, before.get("total").asInt());
    assertEquals(11, before.get("counts").get("unreported").asInt());
    assertEquals("ok", before.get("status").asText());

    HttpResponse<String> p = post(server, "web01.nyc1", report(server, "web01.nyc1", "converged"));
    assertEquals(201, p.statusCode(), p.body());

    JsonNode after = fleet(server, "");
    assertEquals("converged", state(after, "web01.nyc1"));
    assertEquals(1, after.get("counts").get("converged").asInt());
    assertEquals(10, after.get("counts").get("unreported").asInt());

    fleet.repo().write("README.md", "docs only\n").commit("docs only");
    server.post("/refresh");
    assertEquals("converged", state(fleet(server, ""), "web01.nyc1"), "README commit: no change");

    fleet
        .repo()
        .write(
            "host/web01.nyc1.yml",
            "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n  greeting: Changed\n")
        .commit("web01 greets differently");
    server.post("/refresh");
    JsonNode behind = fleet(server, "");
    assertEquals("behind", state(behind, "web01.nyc1"));
    assertEquals(
        "converged",
        state(
            fleet(server, "?rev=" + p.headers().firstValue("X-Roller-Revision").get()),
            "web01.nyc1"),
        "at the old revision it was converged");

    post(server, "web01.nyc1", report(server, "web01.nyc1", "repaired"));
    assertEquals("converged", state(fleet(server, ""), "web01.nyc1"));
    post(server, "web01.nyc1", report(server, "web01.nyc1", "failed"));
    assertEquals("failed", state(fleet(server, ""), "web01.nyc1"));
  }

  @Test
  void fleetFiltersByColoHostclassAndStateAndSpeaksYaml() throws Exception {
    post(server, "web01.nyc1", report(server, "web01.nyc1", "converged"));
    post(
        server,
        "db01.nyc1",
        report(server, "db01.nyc1", "rolled-back").put("failed_step", "start").put("reason", "x"));

    JsonNode nyc = fleet(server, "?colo=nyc1");
    assertEquals(7, nyc.get("total").asInt());
    nyc.get("hosts").forEach(h -> assertEquals("nyc1", h.get("colo").asText()));

    JsonNode failed = fleet(server, "?colo=nyc1&state=failed");
    assertEquals(1, failed.get("hosts").size());
    assertEquals("db01.nyc1", failed.get("hosts").get(0).get("hostname").asText());
    assertEquals(
        "rolled-back", failed.get("hosts").get(0).get("last_report").get("outcome").asText());
    assertEquals(1, failed.get("counts").get("converged").asInt(), "counts ignore ?state=");

    JsonNode web = fleet(server, "?hostclass=web");
    web.get("hosts").forEach(h -> assertEquals("web", h.get("hostclass").asText()));

    HttpResponse<String> yaml = server.get("/fleet?state=converged");
    assertEquals(200, yaml.statusCode());
    assertTrue(yaml.headers().firstValue("Content-Type").get().contains("yaml"));
    JsonNode y = new YAMLMapper().readTree(yaml.body());
    assertEquals("web01.nyc1", y.get("hosts").get(0).get("hostname").asText());
    String etag = yaml.headers().firstValue("ETag").orElseThrow();
    assertEquals(304, server.get("/fleet?state=converged", "If-None-Match", etag).statusCode());

    assertEquals(400, server.get("/fleet?state=sleepy").statusCode());
  }

  @Test
  void hostReportsComeNewestFirstAndOnlyTheLastHundredAreKept() throws Exception {
    for (int i = 0; i < 105; i++) {
      ObjectNode r = report(server, "web02.nyc1", "unchanged");
      r.put("generation", i);
      assertEquals(201, post(server, "web02.nyc1", r).statusCode());
    }
    HttpResponse<String> r = server.getJson("/host/web02.nyc1/reports");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode list = Http.json(r);
    assertEquals(100, list.size());
    assertEquals(104, list.get(0).get("generation").asInt());
    assertEquals(5, list.get(99).get("generation").asInt());
    assertEquals(3, Http.json(server.getJson("/host/web02.nyc1/reports?limit=3")).size());
    assertEquals(400, server.get("/host/web02.nyc1/reports?limit=0").statusCode());
    assertEquals(404, server.get("/host/nope.nyc1/reports").statusCode());
    try (var files = Files.list(tmp.resolve("reports/web02.nyc1"))) {
      assertEquals(100, files.count(), "pruned in storage too");
    }
    assertEquals("[]", server.getJson("/host/web03.nyc1/reports").body().trim());
  }

  @Test
  void reportsSurviveARestart() throws Exception {
    post(server, "web01.nyc1", report(server, "web01.nyc1", "converged"));
    post(server, "db01.nyc1", report(server, "db01.nyc1", "failed"));
    server = start(ReportOptions.local(tmp.resolve("reports")));
    JsonNode f = fleet(server, "");
    assertEquals("converged", state(f, "web01.nyc1"));
    assertEquals("failed", state(f, "db01.nyc1"));
    assertEquals(1, Http.json(server.getJson("/host/db01.nyc1/reports")).size());
  }

  @Test
  void badReportsAreRefusedAndNothingIsStored() throws Exception {
    ObjectNode ok = report(server, "web01.nyc1", "converged");
    assertEquals(
        404, post(server, "ghost.nyc1", ok.deepCopy().put("hostname", "ghost.nyc1")).statusCode());
    assertEquals(400, post(server, "web01.nyc1", "{not json").statusCode());
    assertEquals(400, post(server, "web01.nyc1", "").statusCode());
    assertEquals(400, post(server, "web01.nyc1", "[1,2]").statusCode());
    HttpResponse<String> outcome =
        post(server, "web01.nyc1", ok.deepCopy().put("outcome", "great"));
    assertEquals(400, outcome.statusCode());
    assertTrue(outcome.body().contains("outcome"), outcome.body());
    assertEquals(
        400, post(server, "web01.nyc1", ok.deepCopy().put("hostname", "web02.nyc1")).statusCode());
    assertEquals(
        400, post(server, "web01.nyc1", ok.deepCopy().put("time", "yesterday")).statusCode());
    assertEquals(400, post(server, "web01.nyc1", ok.deepCopy().put("generation", -4)).statusCode());
    assertEquals(400, post(server, "web01.nyc1", ok.deepCopy().without("outcome")).statusCode());
    assertEquals(400, post(server, "bad_name!", ok).statusCode());
    ObjectNode big = ok.deepCopy();
    big.put("reason", "x".repeat(ReportStore.MAX_BYTES));
    assertEquals(413, post(server, "web01.nyc1", big).statusCode());

    assertEquals("[]", server.getJson("/host/web01.nyc1/reports").body().trim());
    assertEquals("unreported", state(fleet(server, ""), "web01.nyc1"));
  }

  @Test
  void aReportOfAGenerationOrRevisionTheServerNeverSawIsJudgedByItsDesiredState() throws Exception {
    ObjectNode r = report(server, "web01.nyc1", "converged");
    r.put("revision", "0123456789abcdef0123456789abcdef01234567");
    r.put("generation", 987654);
    assertEquals(201, post(server, "web01.nyc1", r).statusCode());
    assertEquals("converged", state(fleet(server, ""), "web01.nyc1"));
    r.put("desired", "not-a-desired-state-anyone-serves");
    assertEquals(201, post(server, "web01.nyc1", r).statusCode());
    assertEquals("behind", state(fleet(server, ""), "web01.nyc1"));
  }

  @Test
  void withATokenFileReportsNeedTheToken() throws Exception {
    Path token = Files.writeString(tmp.resolve("report-token"), "s3cret\n");
    server = start(new ReportOptions(tmp.resolve("reports"), token, null));
    ObjectNode r = report(server, "web01.nyc1", "converged");
    assertEquals(401, post(server, "web01.nyc1", r).statusCode());
    assertEquals(401, post(server, "web01.nyc1", r, "Authorization", "Bearer wrong").statusCode());
    assertEquals(201, post(server, "web01.nyc1", r, "Authorization", "Bearer s3cret").statusCode());
  }

  @Test
  void hostWithoutAReportForLongerThanReportStaleIsStale() throws Exception {
    server = start(new ReportOptions(tmp.resolve("reports"), null, Duration.ofMillis(1)));
    post(server, "web01.nyc1", report(server, "web01.nyc1", "converged"));
    Poll.untilEquals(
        Duration.ofSeconds(5),
        "stale",
        () -> state(fleet(server, ""), "web01.nyc1"),
        "web01.nyc1's state a report-stale of 1 ms after its report");
  }

  @Test
  void metricsCountHostsPerFleetState() throws Exception {
    post(server, "web01.nyc1", report(server, "web01.nyc1", "converged"));
    post(server, "db01.nyc1", report(server, "db01.nyc1", "failed"));
    String m = server.get("/metrics").body();
    assertTrue(
        m.contains("roller_fleet_hosts{state=\"converged\",} 1.0")
            || m.contains("roller_fleet_hosts{state=\"converged\"} 1.0"),
        m);
    assertTrue(
        m.contains("roller_fleet_hosts{state=\"failed\",} 1.0")
            || m.contains("roller_fleet_hosts{state=\"failed\"} 1.0"),
        m);
    assertTrue(
        m.contains("roller_fleet_hosts{state=\"unreported\",} 9.0")
            || m.contains("roller_fleet_hosts{state=\"unreported\"} 9.0"),
        m);
  }

  @Test
  void aReportIsStoredEvenAfterItsHostDirectoryWasRemovedByHand() throws Exception {
    assertEquals(
        201, post(server, "web01.nyc1", report(server, "web01.nyc1", "converged")).statusCode());
    Path hostDir = tmp.resolve("reports").resolve("web01.nyc1");
    try (var files = Files.list(hostDir)) {
      for (Path f : files.toList()) {
        Files.delete(f);
      }
    }
    Files.delete(hostDir);

    HttpResponse<String> p = post(server, "web01.nyc1", report(server, "web01.nyc1", "failed"));
    assertEquals(201, p.statusCode(), p.body());
    try (var files = Files.list(hostDir)) {
      assertEquals(1, files.count(), "the directory made again, the report in it");
    }
    server = start(ReportOptions.local(tmp.resolve("reports")));
    assertEquals("failed", state(fleet(server, ""), "web01.nyc1"), "kept across a restart");
  }
}
