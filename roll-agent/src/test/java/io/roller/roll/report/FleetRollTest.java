package io.roller.roll.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.roll.RollExtension;
import io.roller.roll.TestHost;
import io.roller.roll.TestPackages;
import io.roller.roll.core.Json;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.ServerExtension;
import io.roller.server.testing.TestRepo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A small fleet (one temp root per host) rolled through a commit, watched through /fleet and the
 * web UI.
 */
class FleetRollTest {
  static final List<String> HOSTS = List.of("web01.nyc1", "web02.nyc1", "web03.nyc1");

  @RegisterExtension
  final ServerExtension configServer =
      ServerExtension.repo(FleetRollTest::threeHostsOnWeb1).withPackages();

  @RegisterExtension final RollExtension fixture = new RollExtension();

  static void threeHostsOnWeb1(TestRepo repo) {
    repo.write("colo/nyc1.yml", "params: {}\n")
        .write("hostclass/web/1.yml", "packages:\n  production: [web-1.0.0]\n")
        .write(
            "hostclass/web/2.yml",
            "packages:\n  production: [web-2.0.0]\nparams:\n  conf: port=80\n");
    for (String h : HOSTS) {
      repo.write("host/" + h + ".yml", "colo: nyc1\nhostclass: web\nversion: 1\n");
    }
    repo.commit("three hosts on web 1");
  }

  static byte[] web(String version, String conf) {
    return TestPackages.service("web", "grep -q port etc/web.conf")
        .dir("etc")
        .file("etc/web.conf.tmpl", conf.getBytes(), 0644)
        .file("share/web/VERSION", version)
        .gz();
  }

  static Map<String, String> states(RunningServer s) throws Exception {
    JsonNode f = Json.MAPPER.readTree(s.getJson("/fleet").body());
    Map<String, String> out = new LinkedHashMap<>();
    f.get("hosts").forEach(h -> out.put(h.get("hostname").asText(), h.get("state").asText()));
    return out;
  }

  @Test
  void fleetMovesFromBehindToConvergedAndAHostWhoseCheckFailsShowsFailed() throws Exception {
    TestRepo repo = configServer.repo();
    RunningServer server = configServer.server();
    assertEquals(201, server.upload("web", "1.0.0", web("1.0.0", "port=1\n")));
    assertEquals(201, server.upload("web", "2.0.0", web("2.0.0", "{{ conf }}\n")));
    Map<String, TestHost> roots = new LinkedHashMap<>();
    for (String h : HOSTS) {
      roots.put(h, fixture.host(h));
    }
    assertEquals(
        Map.of("web01.nyc1", "unreported", "web02.nyc1", "unreported", "web03.nyc1", "unreported"),
        states(server));
    for (var e : roots.entrySet()) {
      assertEquals(0, e.getValue().roll("--server", server.url(), "--hostname", e.getKey()).code());
    }
    assertEquals(
        Map.of("web01.nyc1", "converged", "web02.nyc1", "converged", "web03.nyc1", "converged"),
        states(server));

    for (String h : HOSTS) {
      repo.write(
          "host/" + h + ".yml",
          "colo: nyc1\nhostclass: web\nversion: 2\n"
              + (h.equals("web03.nyc1") ? "params:\n  conf: listen=80\n" : ""));
    }
    repo.commit("all hosts to web 2; web03 with a config its check refuses");
    assertEquals(200, server.post("/refresh").statusCode());
    assertEquals(
        Map.of("web01.nyc1", "behind", "web02.nyc1", "behind", "web03.nyc1", "behind"),
        states(server));

    for (var e : roots.entrySet()) {
      int code = e.getValue().roll("--server", server.url(), "--hostname", e.getKey()).code();
      assertEquals(e.getKey().equals("web03.nyc1") ? 1 : 0, code, e.getKey());
    }
    assertEquals(
        Map.of("web01.nyc1", "converged", "web02.nyc1", "converged", "web03.nyc1", "failed"),
        states(server));
    JsonNode f = Json.MAPPER.readTree(server.getJson("/fleet").body());
    assertEquals(2, f.get("counts").get("converged").asInt());
    assertEquals(1, f.get("counts").get("failed").asInt());

    // the web UI shows what these real rolls reported
    String fleet = server.get("/ui/").body();
    assertTrue(fleet.contains("2 converged"), fleet);
    assertTrue(fleet.contains("1 failed"), fleet);
    assertTrue(
        fleet.contains("web03.nyc1</a></td><td><span class=\"state failed\">failed</span>"), fleet);
    String host = server.get("/ui/host/web03.nyc1").body();
    assertTrue(host.contains("<span class=\"outcome rolled-back\">rolled-back</span>"), host);
    assertTrue(host.contains("<span class=\"outcome converged\">converged</span>"), host);
  }
}
