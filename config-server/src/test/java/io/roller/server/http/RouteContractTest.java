package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.server.testing.Http;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.ServerExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every route shares, on the real server with its package store and the example fleet: query
 * parameters, methods, negotiation and unknown names.
 */
class RouteContractTest {
  @RegisterExtension
  static final ServerExtension fleet = ServerExtension.exampleFleet().withPackages();

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return Http.json(r);
  }

  @Test
  void aMisspeltQueryParameterIsA400NamingIt() throws Exception {
    HttpResponse<String> r = fleet.http().getJson("/host?colour=sjc1");
    assertEquals(400, r.statusCode(), r.body());
    String detail = json(r).get("detail").asText();
    assertTrue(detail.contains("'colour'"), detail);
    assertTrue(detail.contains("colo, format, hostclass, rev"), detail);
    assertEquals(400, fleet.http().get("/package/hello-web?rev=main").statusCode());
    HttpResponse<String> tarball =
        fleet.http().getJson("/package/hello-web/1.0.0.tar.gz?version=2");
    assertEquals(400, tarball.statusCode(), tarball.body());
    assertTrue(
        json(tarball).get("detail").asText().contains("/package/{name}/{version}.tar.gz"),
        tarball.body());
    assertEquals(400, fleet.http().get("/package/hello-web/1.0.0?rev=main").statusCode());
    assertEquals(400, fleet.http().get("/metrics?format=json").statusCode());
    assertEquals(400, fleet.http().get("/log?paht=host").statusCode());
    HttpResponse<String> twice = fleet.http().getJson("/host?colo=nyc1&colo=sjc1");
    assertEquals(400, twice.statusCode(), twice.body());
    assertTrue(json(twice).get("detail").asText().contains("'colo' given 2 times"), twice.body());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/host?colo=nyc1&hostclass=web&rev=main&format=json",
        "/host/web01.nyc1?rev=main",
        "/host/web01.nyc1/resolved?rev=main&format=yaml",
        "/host/web01.nyc1/diff?from=main&to=main",
        "/host/web01.nyc1/users?rev=main",
        "/hostclass?rev=main",
        "/hostclass/web/hosts?version=1&rev=main",
        "/hostclass/web/2?rev=main",
        "/colo/nyc1/hosts?rev=main",
        "/diff?from=main&to=main",
        "/log?path=host&limit=2&rev=main",
        "/package?format=json",
        "/package/hello-web/hosts?version=1.0.0&rev=main",
        "/healthz?format=json"
      })
  void everyDocumentedQueryParameterIsTaken(String path) {
    HttpResponse<String> r = fleet.http().get(path);
    assertEquals(200, r.statusCode(), path + " -> " + r.body());
  }

  @Test
  void anUploadTakesFormat() {
    HttpResponse<String> r =
        fleet
            .http()
            .send(
                "PUT",
                "/package/tool/1.0.tar.gz?format=json",
                HttpRequest.BodyPublishers.ofByteArray(PackageRoutesTest.pkg("tool")),
                "Authorization",
                "Bearer " + RunningServer.UPLOAD_TOKEN);
    assertEquals(201, r.statusCode(), r.body());
    assertTrue(r.body().startsWith("{"), r.body());
  }

  @Test
  void packageHostsFilterByVersion() throws Exception {
    JsonNode all = json(fleet.http().getJson("/package/hello-web/hosts")).get("hosts");
    JsonNode old =
        json(fleet.http().getJson("/package/hello-web/hosts?version=1.0.0")).get("hosts");
    List<String> versions = new ArrayList<>();
    old.forEach(h -> versions.add(h.get("version").asText()));
    assertTrue(old.size() > 0 && old.size() < all.size(), old + " of " + all);
    assertTrue(versions.stream().allMatch("1.0.0"::equals), versions.toString());
    assertEquals(400, fleet.http().get("/package/hello-web/hosts?version=1.0%20").statusCode());
  }

  @Test
  void hostsOfAnUnknownPackageAre404LikeThoseOfAnUnknownColo() throws Exception {
    HttpResponse<String> r = fleet.http().getJson("/package/nosuch/hosts");
    assertEquals(404, r.statusCode(), r.body());
    assertTrue(json(r).get("detail").asText().contains("nosuch"), r.body());
    assertEquals(404, fleet.http().get("/colo/nosuch/hosts").statusCode());
    assertEquals(
        200, fleet.http().get("/package/foreman/hosts").statusCode(), "known, not uploaded");
  }

  @Test
  void aWrongMethodIs405WithTheAllowedOnesAndAnUnknownRoute404() throws Exception {
    HttpResponse<String> r = fleet.http().post("/host", "Accept", "application/json");
    assertEquals(405, r.statusCode(), r.body());
    assertEquals("method_not_allowed", json(r).get("error").asText());
    assertTrue(
        r.headers().firstValue("Allow").orElse("").contains("GET"), r.headers().map().toString());
    HttpResponse<String> d =
        fleet
            .http()
            .send("DELETE", "/package/hello-web/1.0.0.tar.gz", HttpRequest.BodyPublishers.noBody());
    assertEquals(405, d.statusCode(), d.body());
    assertEquals(404, fleet.http().get("/nosuch/route").statusCode());
  }

  @Test
  void negotiatedBodiesVaryByAccept() {
    for (String path : new String[] {"/host", "/host/nosuch.nyc1", "/package", "/healthz"}) {
      HttpResponse<String> r = fleet.http().get(path);
      assertEquals("Accept", r.headers().firstValue("Vary").orElse(null), path);
    }
    String etag = fleet.http().get("/colo").headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> notModified = fleet.http().get("/colo", "If-None-Match", etag);
    assertEquals(304, notModified.statusCode());
    assertEquals("Accept", notModified.headers().firstValue("Vary").orElse(null));
  }

  @Test
  void metricsHaveTheJvmAndProcessAndTellTarballsFromMetadata() {
    assertEquals(201, fleet.server().upload("sysinfo", "1.0.0", PackageRoutesTest.pkg("info")));
    assertEquals(200, fleet.http().get("/package/sysinfo/1.0.0.tar.gz").statusCode());
    assertEquals(200, fleet.http().get("/package/sysinfo/1.0.0").statusCode());
    assertEquals(200, fleet.http().get("/package/sysinfo/hosts").statusCode());
    String metrics = fleet.http().get("/metrics").body();
    for (String m :
        new String[] {
          "jvm_memory_used_bytes",
          "jvm_gc_memory_allocated_bytes_total",
          "jvm_threads_live_threads",
          "jvm_classes_loaded_classes",
          "process_cpu_usage",
          "process_uptime_seconds",
          "process_files_open_files",
          "route=\"/package/{name}/{version}.tar.gz\"",
          "route=\"/package/{name}/{version}\"",
          "route=\"/package/{name}/hosts\""
        }) {
      assertTrue(metrics.contains(m), m + " in /metrics");
    }
  }
}
