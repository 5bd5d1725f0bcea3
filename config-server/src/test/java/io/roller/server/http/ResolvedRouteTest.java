package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.roller.model.ResolvedHost;
import io.roller.server.testing.ServerExtension;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ResolvedRouteTest {
  @RegisterExtension final ServerExtension fleet = ServerExtension.exampleFleet();

  @Test
  void resolvedHostMergesParamsHostOverHostclassOverColo() throws Exception {
    HttpResponse<String> r = fleet.http().getJson("/host/web01.nyc1/resolved");
    assertEquals(200, r.statusCode(), r.body());
    ResolvedHost h = new ObjectMapper().readValue(r.body(), ResolvedHost.class);
    assertEquals("web01.nyc1", h.hostname());
    assertEquals("nyc1", h.colo());
    assertEquals("web", h.hostclass());
    assertEquals("2", h.version());
    assertEquals(fleet.repo().head(), h.revision());
    assertEquals(fleet.repo().head(), r.headers().firstValue("X-Roller-Revision").orElseThrow());
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
    ResolvedHost before = resolved("/host/web01.nyc1/resolved?rev=" + fleet.repo().head());
    String readmeOnly =
        fleet.repo().write("README.md", "a note that no host sees\n").commit("docs only");
    ResolvedHost afterReadme = resolved("/host/web01.nyc1/resolved?rev=" + readmeOnly);
    assertEquals(readmeOnly, afterReadme.revision());
    assertNotEquals(before.revision(), afterReadme.revision());
    assertEquals(64, before.desired().length(), before.desired());
    assertEquals(before.desired(), afterReadme.desired());

    String other =
        fleet
            .repo()
            .write("host/web02.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 2\n")
            .commit("another host changes");
    assertEquals(before.desired(), resolved("/host/web01.nyc1/resolved?rev=" + other).desired());

    String changed =
        fleet
            .repo()
            .write(
                "host/web01.nyc1.yml",
                "colo: nyc1\nhostclass: web\nversion: 2\nparams:\n  greeting: Changed\n")
            .commit("web01 greets differently");
    assertNotEquals(
        before.desired(), resolved("/host/web01.nyc1/resolved?rev=" + changed).desired());
  }

  private ResolvedHost resolved(String path) throws Exception {
    HttpResponse<String> r = fleet.http().getJson(path);
    assertEquals(200, r.statusCode(), r.body());
    return new ObjectMapper().readValue(r.body(), ResolvedHost.class);
  }

  @Test
  void yamlIsTheDefaultAndSaysTheSameAsJson() throws Exception {
    HttpResponse<String> yaml = fleet.http().get("/host/web01.nyc1/resolved");
    assertEquals(200, yaml.statusCode());
    assertTrue(
        yaml.headers().firstValue("Content-Type").orElseThrow().contains("yaml"),
        yaml.headers().toString());
    ResolvedHost fromYaml = new YAMLMapper().readValue(yaml.body(), ResolvedHost.class);
    ResolvedHost fromJson =
        new ObjectMapper()
            .readValue(
                fleet.http().get("/host/web01.nyc1/resolved?format=json").body(),
                ResolvedHost.class);
    assertEquals(fromJson, fromYaml);
  }
}
