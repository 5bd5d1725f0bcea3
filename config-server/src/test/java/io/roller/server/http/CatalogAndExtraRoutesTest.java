package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.roller.model.PackageRef;
import io.roller.model.ResolvedHost;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.packages.PackageMeta;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.TestRepo;
import io.roller.server.views.HostVersion;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Package metadata joins resolved hosts at request time; extra routes see the per-commit package
 * index.
 */
class CatalogAndExtraRoutesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void resolvedPackagesFollowTheCatalogAndExtraRoutesUseThePackageIndex() throws Exception {
    Map<PackageRef, PackageMeta> stored = new ConcurrentHashMap<>();
    PackageCatalog catalog = ref -> Optional.ofNullable(stored.get(ref));
    RunningServer[] holder = new RunningServer[1];
    try (TestRepo repo = TestRepo.exampleFleet(tmp.resolve("repo"));
        RunningServer server =
            RunningServer.start(
                repo,
                catalog,
                app ->
                    app.get(
                        "/test/package/{name}/hosts",
                        ctx ->
                            ctx.result(
                                holder[0]
                                    .server()
                                    .views()
                                    .current()
                                    .packageHosts(ctx.pathParam("name"))
                                    .toString())))) {
      holder[0] = server;
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
      assertEquals(200, server.get("/test/package/foreman/hosts").statusCode());
      assertEquals(11, server.server().views().current().packageHosts("foreman").size());
    }
  }
}
