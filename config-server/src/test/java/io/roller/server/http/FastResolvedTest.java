package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.PackageRef;
import io.roller.server.packages.PackageMeta;
import io.roller.server.testing.RawHttp;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.ServerExtension;
import io.roller.server.testing.TestRepo;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /host/{h}/resolved} answered before Javalin once rendered: the same bytes as the
 * route, revalidated against the catalog and the head, and anything unusual left to the route.
 */
class FastResolvedTest {
  private static final String HOST = "/host/web01.nyc1/resolved";

  final Map<PackageRef, PackageMeta> stored = new ConcurrentHashMap<>();

  /** Requests that reached Javalin (its before handlers run for every request it routes). */
  final AtomicInteger javalin = new AtomicInteger();

  @RegisterExtension
  final ServerExtension fleet =
      ServerExtension.exampleFleet()
          .withCatalog(
              ref -> Optional.ofNullable(stored.get(ref)),
              app -> app.before(ctx -> javalin.incrementAndGet()));

  TestRepo repo;
  RunningServer server;

  @BeforeEach
  void start() {
    repo = fleet.repo();
    server = fleet.server();
  }

  @Test
  void aRenderedBodyIsTheRoutesAnswerByteForByteWithoutJavalin() throws Exception {
    for (String[] req :
        new String[][] {
          {HOST},
          {HOST + "?format=json"},
          {HOST + "?format=YAML"},
          {HOST, "Accept: application/json"},
        }) {
      String header = req.length > 1 ? req[1] : null;
      String viaRoute = raw(req[0], header); // renders
      int before = javalin.get();
      String fast = raw(req[0], header);
      assertEquals(before, javalin.get(), "answered before Javalin: " + req[0]);
      assertEquals(viaRoute, fast, req[0]);
      // ?rev= always takes the route
      String pinned =
          raw(req[0] + (req[0].contains("?") ? "&" : "?") + "rev=" + repo.head(), header);
      assertEquals(before + 1, javalin.get());
      assertEquals(pinned, fast, req[0]);
      assertTrue(fast.startsWith("HTTP/1.1 200 OK\r\n"), fast);
    }
  }

  @Test
  void conditionalGetAnswers304AsTheRouteDoes() throws Exception {
    String etag = server.get(HOST).headers().firstValue("ETag").orElseThrow();
    int before = javalin.get();
    String fast = raw(HOST, "If-None-Match: " + etag);
    assertEquals(before, javalin.get());
    assertTrue(fast.startsWith("HTTP/1.1 304 Not Modified\r\n"), fast);
    assertEquals(raw(HOST + "?rev=" + repo.head(), "If-None-Match: " + etag), fast);
    assertTrue(fast.contains("\r\nContent-Type: text/plain\r\n"), fast);
    assertEquals(fast, raw(HOST, "If-None-Match: *"));
    assertTrue(raw(HOST, "If-None-Match: \"other\"").startsWith("HTTP/1.1 200 OK\r\n"));
  }

  @Test
  void anUploadOrANewCommitIsServedAtOnce() throws Exception {
    String first = raw(HOST, null);
    assertEquals(first, raw(HOST, null));
    stored.put(
        new PackageRef("hello-web", "1.1.0"),
        new PackageMeta("hello-web", "1.1.0", "ab".repeat(32), 42, Instant.EPOCH));
    String uploaded = raw(HOST, null);
    assertTrue(uploaded.contains("sha256: " + "ab".repeat(32)), uploaded);
    assertFalse(etag(first).equals(etag(uploaded)));
    int before = javalin.get();
    assertEquals(uploaded, raw(HOST, null), "the new body is cached in turn");
    assertEquals(before, javalin.get());

    String next =
        repo.write(
                "host/web01.nyc1.yml",
                "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n  greeting: Changed\n")
            .commit("web01 greets differently");
    assertEquals(200, server.post("/refresh").statusCode());
    String changed = raw(HOST, null);
    assertTrue(changed.contains("X-Roller-Revision: " + next + "\r\n"), changed);
    assertTrue(changed.contains("greeting: Changed"), changed);
  }

  @Test
  void anythingElseIsLeftToTheRoute() throws Exception {
    raw(HOST, null);
    for (String path :
        new String[] {
          HOST + "?format=xml",
          HOST + "?colo=nyc1",
          "/host/web01%2Enyc1/resolved",
          "/host/nope.nyc1/resolved",
          "/host/web01.nyc1/resolved/",
        }) {
      int before = javalin.get();
      String r = raw(path, null);
      assertEquals(before + 1, javalin.get(), path + ": " + r);
    }
    assertTrue(raw(HOST + "?format=xml", null).startsWith("HTTP/1.1 400 "));
    assertTrue(raw("/host/nope.nyc1/resolved", null).startsWith("HTTP/1.1 404 "));
    assertNull(etag(raw("/host/nope.nyc1/resolved", null)));
  }

  @Test
  void theFastAnswersAreCountedInTheRoutesMetric() throws Exception {
    raw(HOST, null);
    raw(HOST, null);
    raw(HOST, null);
    String metrics = server.get("/metrics").body();
    assertTrue(
        metrics.contains(
            "roller_http_requests_seconds_count{method=\"GET\","
                + "route=\"/host/{hostname}/resolved\",status=\"200\",} 3.0"),
        metrics);
  }

  private static String etag(String response) {
    for (String line : response.split("\r\n")) {
      if (line.startsWith("ETag: ")) {
        return line.substring(6);
      }
    }
    return null;
  }

  /** The whole response as sent, but its Date line (headers in order, exact bytes). */
  private String raw(String path, String header) {
    String[] headers = header == null ? new String[0] : new String[] {header};
    String all = RawHttp.get(server.port(), path, "127.0.0.1", headers);
    return all.replaceFirst("\r\nDate: [^\r]*", "");
  }
}
