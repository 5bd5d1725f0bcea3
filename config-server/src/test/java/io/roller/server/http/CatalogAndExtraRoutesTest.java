package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.roller.model.PackageRef;
import io.roller.model.ResolvedHost;
import io.roller.server.packages.PackageMeta;
import io.roller.server.testing.Http;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.ServerExtension;
import io.roller.server.testing.TestRepo;
import io.roller.server.views.HostVersion;
import io.roller.server.views.RepoView;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Package metadata joins resolved hosts at request time; extra routes see the per-commit package
 * index.
 */
class CatalogAndExtraRoutesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final Map<PackageRef, PackageMeta> stored = new ConcurrentHashMap<>();

  @RegisterExtension
  final ServerExtension fleet =
      ServerExtension.exampleFleet()
          .withCatalog(ref -> Optional.ofNullable(stored.get(ref)), this::hostsRoute);

  /** A route of the test's own: the package index of the commit being served, one host a line. */
  void hostsRoute(Javalin app) {
    app.get(
        "/test/package/{name}/hosts",
        ctx -> {
          RepoView view = fleet.server().server().views().current();
          ctx.header("X-Test-Revision", view.revision());
          ctx.contentType("text/plain");
          StringBuilder b = new StringBuilder();
          for (HostVersion h : view.packageHosts(ctx.pathParam("name"))) {
            b.append(h.hostname()).append(' ').append(h.version()).append('\n');
          }
          ctx.result(b.toString());
        });
  }

  @Test
  void resolvedPackagesFollowTheCatalogAndExtraRoutesUseThePackageIndex() throws Exception {
    RunningServer server = fleet.server();
    HttpResponse<String> before = server.getJson("/host/web01.nyc1/resolved");
    ResolvedHost.Package hello =
        JSON.readValue(before.body(), ResolvedHost.class).packages().production().get(0);
    assertNull(hello.sha256());
    assertNull(hello.url());

    stored.put(
        new PackageRef("hello-web", "1.1.0"),
        new PackageMeta("hello-web", "1.1.0", "ab".repeat(32), 1234, Instant.EPOCH));
    HttpResponse<String> after = server.getJson("/host/web01.nyc1/resolved");
    ResolvedHost.Package now =
        JSON.readValue(after.body(), ResolvedHost.class).packages().production().get(0);
    assertEquals("ab".repeat(32), now.sha256());
    assertEquals(1234L, now.size());
    assertEquals("/package/hello-web/1.1.0.tar.gz", now.url());
    assertNotEquals(before.headers().firstValue("ETag"), after.headers().firstValue("ETag"));

    List<HostVersion> users = server.server().views().current().packageHosts("hello-web");
    assertEquals(
        new HostVersion("web01.nyc1", "1.1.0"),
        users.stream().filter(h -> h.hostname().equals("web01.nyc1")).findFirst().orElseThrow());
    assertEquals(
        new HostVersion("web02.nyc1", "1.0.0"),
        users.stream().filter(h -> h.hostname().equals("web02.nyc1")).findFirst().orElseThrow());
    assertEquals(List.of(), server.server().views().current().packageHosts("nothing"));

    // every host of the example fleet runs foreman-1.0.0, and the route says so from the index
    HttpResponse<String> foreman = fleet.http().get("/test/package/foreman/hosts");
    assertEquals(200, foreman.statusCode(), foreman.body());
    assertEquals(fleet.repo().head(), Http.header(foreman, "X-Test-Revision"));
    assertEquals(exampleHosts(" 1.0.0"), sortedLines(foreman.body()));
    assertEquals(11, server.server().views().current().packageHosts("foreman").size());
    HttpResponse<String> none = fleet.http().get("/test/package/nothing/hosts");
    assertEquals(200, none.statusCode(), none.body());
    assertEquals("", none.body());

    // the index is per commit: web01 moves to hostclass web 1 and the route follows
    String rev =
        fleet
            .repo()
            .write("host/web01.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 1\n")
            .commit("web01 back to web 1");
    fleet.refresh();
    HttpResponse<String> hello10 = fleet.http().get("/test/package/hello-web/hosts");
    assertEquals(rev, Http.header(hello10, "X-Test-Revision"));
    assertTrue(sortedLines(hello10.body()).contains("web01.nyc1 1.0.0"), hello10.body());
    assertFalse(sortedLines(hello10.body()).contains("web01.nyc1 1.1.0"), hello10.body());
  }

  /** The example fleet's host names (from config-repo/host/), each with {@code suffix}, sorted. */
  static List<String> exampleHosts(String suffix) throws IOException {
    try (Stream<Path> files = Files.list(TestRepo.configRepoDir().resolve("host"))) {
      return files
          .map(f -> f.getFileName().toString().replaceAll("\\.yml$", "") + suffix)
          .sorted()
          .toList();
    }
  }

  static List<String> sortedLines(String body) {
    return body.lines().sorted().toList();
  }
}
