package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.roller.model.ResolvedHost;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.TestRepo;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolvedRouteTest {
  @TempDir Path tmp;
  TestRepo repo;
  RunningServer server;

  @BeforeEach
  void start() {
    repo = TestRepo.exampleFleet(tmp.resolve("repo"));
    server = RunningServer.start(repo);
  }

  @AfterEach
  void stop() {
    server.close();
    repo.close();
  }

  @Test
  void resolvedHostMergesParamsHostOverHostclassOverColo() throws Exception {
    HttpResponse<String> r = server.getJson("/host/web01.nyc1/resolved");
    assertEquals(200, r.statusCode(), r.body());
    ResolvedHost h = new ObjectMapper().readValue(r.body(), ResolvedHost.class);
    assertEquals("web01.nyc1", h.hostname());
    assertEquals("nyc1", h.colo());
    assertEquals("web", h.hostclass());
    assertEquals("2", h.version());
    assertEquals(repo.head(), h.revision());
    assertEquals(repo.head(), r.headers().firstValue("X-Roller-Revision").orElseThrow());
    assertEquals("Hello from web01, the canary", h.params().get("greeting"));
    assertEquals("host", h.paramOrigins().get("greeting"));
    assertEquals("hostclass", h.paramOrigins().get("listen_port"));
    assertEquals("colo", h.paramOrigins().get("ntp_server"));
    assertEquals("hello-web", h.packages().production().get(0).name());
    assertEquals("1.1.0", h.packages().production().get(0).version());
    assertNull(h.packages().production().get(0).sha256());
    assertEquals("foreman", h.packages().failsafe().get(0).name());
  }

  @Test
  void desiredStateIdChangesOnlyWhenTheHostsViewChanges() throws Exception {
    ResolvedHost before = resolved("/host/web01.nyc1/resolved?rev=" + repo.head());
    String readmeOnly = repo.write("README.md", "a note that no host sees\n").commit("docs only");
    ResolvedHost afterReadme = resolved("/host/web01.nyc1/resolved?rev=" + readmeOnly);
    assertEquals(readmeOnly, afterReadme.revision());
    assertNotEquals(before.revision(), afterReadme.revision());
    assertEquals(64, before.desired().length(), before.desired());
    assertEquals(before.desired(), afterReadme.desired());

    String other =
        repo.write("host/web02.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 2\n")
            .commit("another host changes");
    assertEquals(before.desired(), resolved("/host/web01.nyc1/resolved?rev=" + other).desired());

    String changed =
        repo.write(
                "host/web01.nyc1.yml",
                "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n  greeting: Changed\n")
            .commit("web01 greets differently");
    assertNotEquals(
        before.desired(), resolved("/host/web01.nyc1/resolved?rev=" + changed).desired());
  }

  private ResolvedHost resolved(String path) throws Exception {
    HttpResponse<String> r = server.getJson(path);
    assertEquals(200, r.statusCode(), r.body());
    return new ObjectMapper().readValue(r.body(), ResolvedHost.class);
  }

  @Test
  void yamlIsTheDefaultAndSaysTheSameAsJson() throws Exception {
    HttpResponse<String> yaml = server.get("/host/web01.nyc1/resolved");
    assertEquals(200, yaml.statusCode());
    assertTrue(
        yaml.headers().firstValue("Content-Type").orElseThrow().contains("yaml"),
        yaml.headers().toString());
    ResolvedHost fromYaml = new YAMLMapper().readValue(yaml.body(), ResolvedHost.class);
    ResolvedHost fromJson =
        new ObjectMapper()
            .readValue(
                server.get("/host/web01.nyc1/resolved?format=json").body(), ResolvedHost.class);
    assertEquals(fromJson, fromYaml);
  }
}
