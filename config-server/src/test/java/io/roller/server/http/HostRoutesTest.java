package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.roller.server.testing.Http;
import io.roller.server.testing.ServerExtension;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The read routes against the example fleet, one server for the class. */
class HostRoutesTest {
  @RegisterExtension static final ServerExtension fleet = ServerExtension.exampleFleet();

  static JsonNode json(String path, int status) throws Exception {
    HttpResponse<String> r = fleet.http().getJson(path);
    assertEquals(status, r.statusCode(), path + " -> " + r.body());
    return Http.json(r);
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.get("hostname").asText()));
    return out;
  }

  @Test
  void listsHostsFilteredByColoAndHostclass() throws Exception {
    List<String> all = texts(json("/host", 200));
    assertEquals(11, all.size());
    assertTrue(all.contains("web01.nyc1"));
    List<String> nyc1 = texts(json("/host?colo=nyc1", 200));
    assertTrue(nyc1.stream().allMatch(h -> h.endsWith(".nyc1")), nyc1.toString());
    List<String> nycWeb = texts(json("/host?colo=nyc1&hostclass=web", 200));
    assertEquals(List.of("web01.nyc1", "web02.nyc1", "web03.nyc1"), nycWeb);
    json("/host?colo=nowhere", 404);
    json("/host?hostclass=Bad!", 400);
  }

  @Test
  void hostFileIsServedAsStoredWithItsHostname() throws Exception {
    JsonNode h = json("/host/web01.nyc1", 200);
    assertEquals("web01.nyc1", h.get("hostname").asText());
    assertEquals("nyc1", h.get("colo").asText());
    assertEquals("Hello from web01, the canary", h.get("params").get("greeting").asText());
    json("/host/nosuch.nyc1", 404);
  }

  @Test
  void hostclassRoutesListNamesVersionsAndHosts() throws Exception {
    assertEquals(List.of("cache", "db", "web"), texts(json("/hostclass", 200)));
    assertEquals(List.of("1", "2"), texts(json("/hostclass/web", 200).get("versions")));
    JsonNode v2 = json("/hostclass/web/2", 200);
    assertEquals("hello-web-1.1.0", v2.get("packages").get("production").get(0).asText());
    assertEquals(8080, v2.get("params").get("listen_port").asInt());
    JsonNode hosts = json("/hostclass/web/hosts", 200);
    assertTrue(texts(hosts).contains("web01.nyc1"));
    JsonNode v2hosts = json("/hostclass/web/hosts?version=2", 200);
    v2hosts.forEach(n -> assertEquals("2", n.get("version").asText()));
    assertFalse(v2hosts.isEmpty());
    json("/hostclass/web/99", 404);
    json("/hostclass/nosuch", 404);
    json("/hostclass/nosuch/hosts", 404);
  }

  @Test
  void coloRoutesListNamesParamsAndHosts() throws Exception {
    assertEquals(List.of("nyc1", "sjc1"), texts(json("/colo", 200)));
    assertEquals(
        "ntp.nyc1.example.com", json("/colo/nyc1", 200).get("params").get("ntp_server").asText());
    List<String> sjc = texts(json("/colo/sjc1/hosts", 200));
    assertTrue(
        sjc.contains("web01.sjc1") && sjc.stream().allMatch(h -> h.endsWith(".sjc1")),
        sjc.toString());
    json("/colo/mars1", 404);
  }

  @Test
  void malformedNamesGet400AndUnknownRoutes404WithAnErrorBody() throws Exception {
    for (String path :
        List.of(
            "/host/UPPER.case/resolved",
            "/host/a..b/resolved",
            "/host/a%01b/resolved",
            "/hostclass/Web",
            "/hostclass/web/1%2B%2B..",
            "/colo/no_underscore!",
            "/host?format=xml")) {
      HttpResponse<String> r = fleet.http().getJson(path);
      assertEquals(400, r.statusCode(), path + " -> " + r.body());
      JsonNode body = Http.json(r);
      assertEquals("bad_request", body.get("error").asText(), path);
      assertFalse(body.get("detail").asText().isEmpty());
    }
    HttpResponse<String> r = fleet.http().getJson("/nothing/here");
    assertEquals(404, r.statusCode());
    assertEquals("not_found", Http.json(r).get("error").asText());
    HttpResponse<String> yaml = fleet.http().get("/host/nosuch.example/resolved");
    assertEquals(404, yaml.statusCode());
    assertEquals("not_found", new YAMLMapper().readTree(yaml.body()).get("error").asText());
  }

  @Test
  void conditionalGetAnswers304WithTheSameEtag() {
    HttpResponse<String> first = fleet.http().get("/host/db01.nyc1/resolved");
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertEquals(
        fleet.repo().head(), first.headers().firstValue("X-Roller-Revision").orElseThrow());
    HttpResponse<String> again =
        fleet.http().get("/host/db01.nyc1/resolved", "If-None-Match", etag);
    assertEquals(304, again.statusCode());
    assertEquals("", again.body());
    assertEquals(etag, again.headers().firstValue("ETag").orElseThrow());
    HttpResponse<String> json =
        fleet.http().get("/host/db01.nyc1/resolved?format=json", "If-None-Match", etag);
    assertEquals(200, json.statusCode(), "another format is another body with another ETag");
    HttpResponse<String> list = fleet.http().get("/colo");
    assertEquals(
        304,
        fleet
            .http()
            .get("/colo", "If-None-Match", list.headers().firstValue("ETag").orElseThrow())
            .statusCode());
  }

  @Test
  void healthzAndMetricsReportTheServedRevision() throws Exception {
    JsonNode health = json("/healthz", 200);
    assertEquals("ok", health.get("status").asText());
    assertEquals(fleet.repo().head(), health.get("revision").asText());
    assertEquals(11, health.get("hosts").asInt());
    fleet.http().get("/host/web01.nyc1/resolved");
    fleet.http().get("/host/nosuch.nyc1/resolved");
    String metrics = fleet.http().get("/metrics").body();
    assertTrue(
        metrics.matches(
            "(?s).*roller_revision_info\\{branch=\"main\",revision=\""
                + fleet.repo().head()
                + "\",?} 1.0.*"),
        metrics);
    assertTrue(metrics.contains("roller_hosts_indexed 11.0"), metrics);
    assertTrue(
        metrics.matches(
            "(?s).*roller_http_requests_seconds_count\\{method=\"GET\",route=\"/host/\\{hostname\\}/resolved\",status=\"200\",?} [1-9].*"),
        metrics);
    assertTrue(metrics.contains("status=\"404\""), metrics);
  }

  @Test
  void anUnknownHostSuggestsTheNamesThatMatch() throws Exception {
    String detail = json("/host/web01/resolved", 404).get("detail").asText();
    assertTrue(detail.endsWith("did you mean web01.nyc1, web01.sjc1?"), detail);
    detail = json("/host/web01.nyc9", 404).get("detail").asText();
    assertTrue(detail.contains("did you mean web01.nyc1, web01.sjc1?"), detail);
    detail = json("/host/zzz.nyc1/users", 404).get("detail").asText();
    assertFalse(detail.contains("did you mean"), detail);
  }
}
