package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roller.server.ConfigServer;
import io.roller.server.ServerOptions;
import io.roller.server.packages.PackageOptions;
import io.roller.server.testing.TestRepo;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real config server with its package store: uploads feed /host/{h}/resolved and
 * /package/{name}/hosts.
 */
class PackagesInConfigServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void uploadedPackagesAppearInResolvedHostsAndTheHostsIndex() throws Exception {
    Files.writeString(tmp.resolve("token"), "t0k3n");
    PackageOptions packages =
        new PackageOptions(tmp.resolve("packages"), null, null, null, null, tmp.resolve("token"));
    try (TestRepo repo = TestRepo.exampleFleet(tmp.resolve("repo"));
        ConfigServer server =
            ConfigServer.start(
                ServerOptions.forTest(repo.path(), tmp.resolve("cache")).withPackages(packages))) {
      byte[] p = PackageRoutesTest.pkg("hello");
      HttpResponse<byte[]> put =
          Http.put(server.url() + "/package/hello-web/1.0.0.tar.gz", p, "t0k3n");
      assertEquals(201, put.statusCode(), Http.text(put));
      assertEquals(repo.head(), put.headers().firstValue("X-Roller-Revision").orElseThrow());
      HttpResponse<byte[]> tarball = Http.get(server.url() + "/package/hello-web/1.0.0.tar.gz");
      assertEquals(
          repo.head(),
          tarball.headers().firstValue("X-Roller-Revision").orElseThrow(),
          "every response names the revision");

      JsonNode resolved =
          JSON.readTree(Http.get(server.url() + "/host/web01.sjc1/resolved?format=json").body());
      JsonNode hello = null;
      for (JsonNode n : resolved.get("packages").get("production")) {
        if (n.get("name").asText().equals("hello-web")) {
          hello = n;
        }
      }
      assertEquals("1.0.0", hello.get("version").asText(), resolved.toString());
      assertEquals(PackageRoutesTest.sha256(p), hello.get("sha256").asText());
      assertEquals(p.length, hello.get("size").asLong());
      assertEquals("/package/hello-web/1.0.0.tar.gz", hello.get("url").asText());

      HttpResponse<byte[]> hosts = Http.get(server.url() + "/package/hello-web/hosts?format=json");
      assertEquals(200, hosts.statusCode(), Http.text(hosts));
      assertEquals(repo.head(), hosts.headers().firstValue("X-Roller-Revision").orElseThrow());
      String body = Http.text(hosts);
      assertTrue(body.contains("{\"hostname\":\"web01.sjc1\",\"version\":\"1.0.0\"}"), body);
      assertTrue(body.contains("{\"hostname\":\"web01.nyc1\",\"version\":\"1.1.0\"}"), body);

      HttpResponse<byte[]> missing = Http.get(server.url() + "/package/nope/1.tar.gz");
      assertEquals(404, missing.statusCode());
      assertEquals(repo.head(), missing.headers().firstValue("X-Roller-Revision").orElseThrow());
      assertTrue(Http.text(missing).contains("error: not_found"), Http.text(missing));
    }
  }
}
