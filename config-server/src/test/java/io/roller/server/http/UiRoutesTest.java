package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.roller.server.testing.Http;
import io.roller.server.testing.ServerExtension;
import io.roller.server.testing.TestRepo;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The web UI's pages, served by the real server over a real repo with a few commits. */
class UiRoutesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension final ServerExtension fleet = ServerExtension.repo(this::commits);
  String first;
  String heap;
  String other;
  String evil;

  void commits(TestRepo repo) {
    repo.write("colo/nyc1.yml", "params:\n  dns: [10.1.0.2]\n  ntp: ntp.nyc1\n")
        .write(
            "hostclass/web/1.yml",
            "packages:\n  production: [nginx-1.25.3, web-1.0.0]\n  failsafe: [web-1.0.0]\n"
                + "params:\n  port: 80\n")
        .write("host/web01.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 1\n")
        .write("host/web02.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 1\n");
    first = repo.commit("Two web hosts");
    repo.write(
        "host/web01.nyc1.yml",
        "colo: nyc1\nhostclass: web\nversion: 1\nparams:\n  heap_mb: 4096\n");
    heap = repo.commit("web01: more heap");
    repo.write(
        "host/web02.nyc1.yml",
        "colo: nyc1\nhostclass: web\nversion: 1\nparams:\n  heap_mb: 2048\n");
    other = repo.commit("web02: some heap");
    repo.write(
        "host/web02.nyc1.yml",
        "colo: nyc1\nhostclass: web\nversion: 1\nparams:\n"
            + "  motd: \"<script>alert('param')</script>\"\n");
    evil = repo.commit("<script>alert('commit')</script> motd");
  }

  HttpResponse<String> page(String path) {
    HttpResponse<String> r = fleet.http().get(path);
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
    assertTrue(
        r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"),
        path);
    return r;
  }

  @Test
  void everyPageIsHtmlWithAPolicyThatAllowsNoScript() {
    for (String p :
        List.of(
            "/ui/",
            "/ui/host/web01.nyc1",
            "/ui/file/host/web01.nyc1.yml",
            "/ui/commit/" + heap,
            "/ui/log",
            "/ui/impact?from=" + first + "&to=" + heap,
            "/ui/hostclass/web",
            "/ui/colo/nyc1",
            "/ui/package/nginx")) {
      String html = page(p).body();
      assertTrue(html.contains("<link rel=\"stylesheet\" href=\"/ui/style.css\">"), p);
      assertFalse(html.contains("<script"), p);
    }
    HttpResponse<String> css = fleet.http().get("/ui/style.css");
    assertEquals(200, css.statusCode());
    assertTrue(css.headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
  }

  @Test
  void hostPageShowsEachParamWithTheFileThatSetsItAndItsPackages() {
    String html = page("/ui/host/web01.nyc1").body();
    assertTrue(html.contains("<td>heap_mb</td><td><code>4096</code></td>"), html);
    assertTrue(html.contains("href=\"/ui/file/host/web01.nyc1.yml\""), html);
    assertTrue(
        html.contains(
            "<td>ntp</td><td><code>ntp.nyc1</code></td><td><a href=\"/ui/file/colo/nyc1.yml\">"),
        html);
    assertTrue(
        html.contains(
            "<td>port</td><td><code>80</code></td><td><a href=\"/ui/file/hostclass/web/1.yml\">"),
        html);
    assertTrue(html.contains("href=\"/ui/package/nginx\">nginx</a></td><td>1.25.3</td>"), html);
  }

  @Test
  void hostPageListsOnlyCommitsThatChangedItsDesiredState() {
    String html = page("/ui/host/web01.nyc1").body();
    assertTrue(html.contains("/ui/commit/" + heap), html);
    assertTrue(html.contains("web01: more heap"), html);
    assertTrue(
        html.contains("<td>params.heap_mb</td><td class=\"old\"></td><td class=\"new\">4096</td>"),
        html);
    assertTrue(html.contains("/ui/commit/" + first), "the commit that added it");
    assertFalse(html.contains("/ui/commit/" + other), "web02's commit is not web01's change");
  }

  @Test
  void revPinsThePageAndEveryLinkOnIt() {
    String html = page("/ui/host/web01.nyc1?rev=" + first).body();
    assertFalse(html.contains("heap_mb"), html);
    assertTrue(html.contains("href=\"/ui/file/colo/nyc1.yml?rev=" + first + "\""), html);
    assertTrue(html.contains("href=\"/ui/hostclass/web?rev=" + first + "\""), html);
    assertTrue(html.contains("href=\"/ui/host/web01.nyc1?rev=" + heap + "\"") == false);
    String file = page("/ui/file/host/web01.nyc1.yml?rev=" + first).body();
    assertFalse(file.contains("heap_mb"), file);
    assertTrue(page("/ui/file/host/web01.nyc1.yml").body().contains("heap_mb: 4096"));
  }

  @Test
  void logCountsTheHostsEachCommitChangedAndLinksItsImpact() {
    String html = page("/ui/log").body();
    assertTrue(
        html.contains("<a href=\"/ui/impact?from=" + first + "&amp;to=" + heap + "\">1</a>"), html);
    assertTrue(html.contains("2 (first)"), html);
    String impact = page("/ui/impact?from=" + first + "&to=" + heap).body();
    assertTrue(impact.contains("<strong>1</strong> changed"), impact);
    assertTrue(impact.contains("href=\"/ui/host/web01.nyc1?rev=" + heap + "\""), impact);
    assertTrue(
        impact.contains("<td>param heap_mb</td><td class=\"old\"></td><td class=\"new\">4096</td>"),
        impact);
  }

  @Test
  void commitPageShowsMessageAndDiff() {
    String html = page("/ui/commit/" + heap).body();
    assertTrue(html.contains("<pre class=\"message\">web01: more heap</pre>"), html);
    assertTrue(html.contains("<span class=\"add\">+  heap_mb: 4096</span>"), html);
    assertTrue(html.contains("href=\"/ui/impact?from=" + first + "&amp;to=" + heap + "\""), html);
  }

  @Test
  void scriptInAParamValueOrACommitMessageIsShownNotRun() {
    String host = page("/ui/host/web02.nyc1").body();
    assertTrue(host.contains("&lt;script&gt;alert(&#39;param&#39;)&lt;/script&gt;"), host);
    assertTrue(host.contains("&lt;script&gt;alert(&#39;commit&#39;)&lt;/script&gt; motd"), host);
    for (String p : List.of("/ui/host/web02.nyc1", "/ui/log", "/ui/commit/" + evil)) {
      assertFalse(page(p).body().contains("<script"), p);
    }
  }

  @Test
  void hostclassColoAndPackagePagesListTheirHosts() {
    String hc = page("/ui/hostclass/web").body();
    assertTrue(
        hc.contains("href=\"/ui/file/hostclass/web/1.yml\">1</a> <small>2 hosts</small>"), hc);
    assertTrue(hc.contains("<code>nginx-1.25.3</code>"), hc);
    assertTrue(page("/ui/colo/nyc1").body().contains("href=\"/ui/host/web02.nyc1\""));
    String pkg = page("/ui/package/web").body();
    assertTrue(pkg.contains("web-1.0.0 <small>2 hosts</small>"), pkg);
  }

  /** Posts a report of {@code host} on the desired state served now, as roll would. */
  void report(String host, String outcome, long ms) throws Exception {
    JsonNode resolved = Http.json(fleet.http().getJson("/host/" + host + "/resolved"));
    ObjectNode r = JSON.createObjectNode();
    r.put("hostname", host);
    r.put("time", Instant.now().toString());
    r.put("outcome", outcome);
    r.put("revision", resolved.get("revision").asText());
    r.put("desired", resolved.get("desired").asText());
    r.put("hostclass", "web");
    r.put("version", "1");
    r.put("generation", 3);
    r.put("duration_ms", ms);
    if (outcome.equals("failed")) {
      r.put("failed_step", "start");
      r.put("reason", "nginx did not start");
    }
    r.put("roll_version", "roll 1.0.0");
    HttpResponse<String> p =
        fleet
            .http()
            .send(
                "POST",
                "/host/" + host + "/report",
                HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(r)),
                "Content-Type",
                "application/json");
    assertEquals(201, p.statusCode(), p.body());
  }

  @Test
  void fleetShowsEachHostsStateWithCountsFiltersAndSearch() throws Exception {
    report("web01.nyc1", "converged", 1500);
    report("web02.nyc1", "failed", 900);
    String html = page("/ui/").body();
    assertTrue(html.contains(">1 converged</a>"), html);
    assertTrue(html.contains(">1 failed</a>"), html);
    assertTrue(html.contains(">0 unreported</a>"), html);
    assertTrue(html.contains("<span class=\"state failed\">failed</span>"), html);
    String failed = page("/ui/?state=failed").body();
    assertTrue(failed.contains("href=\"/ui/host/web02.nyc1\""), failed);
    assertFalse(failed.contains("href=\"/ui/host/web01.nyc1\""), failed);
    assertTrue(failed.contains("<option selected>failed</option>"), failed);
    String search = page("/ui/?q=web01").body();
    assertTrue(search.contains("value=\"web01\""), search);
    assertFalse(search.contains("href=\"/ui/host/web02.nyc1\""), search);
    assertTrue(page("/ui/?colo=nyc1&hostclass=web").body().contains("<small>2 hosts"));
    assertEquals(400, fleet.http().get("/ui/?state=happy").statusCode());
  }

  @Test
  void hostPageShowsItsStateAndLastReports() throws Exception {
    report("web02.nyc1", "failed", 900);
    String html = page("/ui/host/web02.nyc1").body();
    assertTrue(html.contains("<span class=\"state failed\">failed</span>"), html);
    assertTrue(
        html.contains("<span class=\"outcome failed\">failed</span></td><td>900 ms</td>"), html);
    assertTrue(html.contains("start: nginx did not start"), html);
    report("web02.nyc1", "converged", 1200);
    String later = page("/ui/host/web02.nyc1").body();
    assertTrue(later.contains("<span class=\"state converged\">converged</span>"), later);
    assertTrue(later.contains("1200 ms"), later);
  }

  @Test
  void failuresAreHtmlPagesWithTheApiStatus() {
    for (String[] c :
        new String[][] {
          {"/ui/host/nope.nyc1", "404"},
          {"/ui/host/bad_name!", "400"},
          {"/ui/nothing/here", "404"},
          {"/ui/file/host/none.yml", "404"},
          {"/ui/file/../etc/passwd", "400"},
          {"/ui/host/web01.nyc1?rev=nosuchbranch", "404"},
          {"/ui/impact", "400"},
        }) {
      HttpResponse<String> r = fleet.http().get(c[0]);
      assertEquals(Integer.parseInt(c[1]), r.statusCode(), c[0] + ": " + r.body());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), c[0]);
      assertTrue(r.body().contains("<h1>" + c[1] + " "), r.body());
    }
  }
}
