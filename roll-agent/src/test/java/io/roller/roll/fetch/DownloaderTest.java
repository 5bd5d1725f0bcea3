package io.roller.roll.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.roller.model.ResolvedHost;
import io.roller.model.pkg.Tarballs;
import io.roller.roll.FakeServer;
import io.roller.roll.Fleet;
import io.roller.roll.RollExtension;
import io.roller.roll.core.RollException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads against a server that fails, stalls, cuts bodies short or sends the wrong bytes
 * (WireMock), and from the real config server's package store.
 */
class DownloaderTest {
  /** Where the real server keeps the package tarballs, as its metrics name the route. */
  static final String TARBALL_ROUTE = "/package/{name}/{version}.tar.gz";

  @TempDir Path cache;
  @RegisterExtension final RollExtension fixture = new RollExtension();
  FakeServer server;
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final byte[] body = new byte[300_000];

  {
    new Random(7).nextBytes(body);
  }

  @BeforeEach
  void start() {
    server = fixture.fake();
  }

  Downloader downloader() {
    return downloader(server.url());
  }

  Downloader downloader(String url) {
    return new Downloader(
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
        URI.create(url),
        // under the stalls below (3 s, 2 s between chunks), well over a loaded CI machine's pauses
        Duration.ofMillis(1500),
        3,
        new PrintStream(err, true));
  }

  ResolvedHost.Package pkg() {
    return new ResolvedHost.Package(
        "web", "1.0", FakeServer.sha256(body), (long) body.length, "/package/web/1.0.tar.gz");
  }

  /** First answer {@code bad}, then the right bytes. */
  void failOnceThenServe(ResponseDefinitionBuilder bad) {
    server.stub(
        get(urlPathEqualTo("/package/web/1.0.tar.gz"))
            .inScenario("s")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(bad)
            .willSetStateTo("good"));
    server.stub(
        get(urlPathEqualTo("/package/web/1.0.tar.gz"))
            .inScenario("s")
            .whenScenarioStateIs("good")
            .willReturn(aResponse().withStatus(200).withBody(body)));
  }

  void assertCachedAfterTwoTries() throws Exception {
    downloader().fetch(List.of(pkg()), cache);
    assertArrayEquals(body, Files.readAllBytes(cache.resolve("web-1.0.tar.gz")));
    server.wm.verify(2, getRequestedFor(urlPathEqualTo("/package/web/1.0.tar.gz")));
    try (var s = Files.list(cache)) {
      assertEquals(1, s.count(), "no temp files left behind");
    }
  }

  @Test
  void retriesAServerError() throws Exception {
    failOnceThenServe(aResponse().withStatus(503));
    assertCachedAfterTwoTries();
  }

  @Test
  void retriesATruncatedBody() throws Exception {
    failOnceThenServe(aResponse().withStatus(200).withBody(java.util.Arrays.copyOf(body, 1000)));
    assertCachedAfterTwoTries();
  }

  @Test
  void retriesAConnectionCutMidBody() throws Exception {
    failOnceThenServe(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));
    assertCachedAfterTwoTries();
  }

  @Test
  void retriesAServerThatStallsBeforeAnswering() throws Exception {
    failOnceThenServe(aResponse().withStatus(200).withBody(body).withFixedDelay(3000));
    assertCachedAfterTwoTries();
  }

  @Test
  void retriesABodyThatStallsHalfway() throws Exception {
    failOnceThenServe(aResponse().withStatus(200).withBody(body).withChunkedDribbleDelay(2, 4000));
    assertCachedAfterTwoTries();
  }

  @Test
  void wrongBytesEveryTimeFailBeforeAnythingLandsInTheCache() throws Exception {
    byte[] other = body.clone();
    other[5]++;
    server.stub(
        get(urlPathEqualTo("/package/web/1.0.tar.gz"))
            .willReturn(aResponse().withStatus(200).withBody(other)));

    RollException e =
        assertThrows(RollException.class, () -> downloader().fetch(List.of(pkg()), cache));

    assertTrue(
        e.getMessage().startsWith("package web-1.0: download failed after 3 attempts: sha256 "),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("where the server promised " + pkg().sha256()), e.getMessage());
    try (var s = Files.list(cache)) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void notFoundFailsAtOnce() {
    Fleet fleet = fixture.fleet();
    long before = fleet.requests("GET", TARBALL_ROUTE, 404);

    RollException e =
        assertThrows(
            RollException.class, () -> downloader(fleet.url()).fetch(List.of(pkg()), cache));

    assertEquals(
        "package web-1.0: GET " + fleet.url() + "/package/web/1.0.tar.gz: server answered 404",
        e.getMessage());
    assertEquals(1, fleet.requests("GET", TARBALL_ROUTE, 404) - before);
  }

  /** A real tarball that compresses to a little over {@code size} bytes (its file is random). */
  static byte[] tarball(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return Tarballs.create().file("share/blob", b, 0644).gz();
  }

  @Test
  void downloadsManyInParallelWithAProgressLine() throws Exception {
    Fleet fleet = fixture.fleet();
    List<ResolvedHost.Package> pkgs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      pkgs.add(fleet.publish("p" + i, "1", tarball(100_000 + i, i)));
    }
    downloader(fleet.url()).fetch(pkgs, cache);
    for (ResolvedHost.Package p : pkgs) {
      assertEquals(p.size(), Files.size(cache.resolve(p.ref().fileName())));
    }
    assertTrue(
        java.util.regex.Pattern.compile(
                "roll: downloaded 6/6 packages, 6\\d\\d\\.\\d of 6\\d\\d\\.\\d kB")
            .matcher(err.toString())
            .find(),
        err.toString());
  }

  @Test
  void aCachedTarballIsNotDownloadedAgain() throws Exception {
    Fleet fleet = fixture.fleet();
    ResolvedHost.Package web = fleet.publish("web", "1.0", tarball(300_000, 7));
    long before = fleet.requests("GET", TARBALL_ROUTE, 200);
    downloader(fleet.url()).fetch(List.of(web), cache);
    downloader(fleet.url()).fetch(List.of(web), cache);
    assertEquals(1, fleet.requests("GET", TARBALL_ROUTE, 200) - before);
  }
}
