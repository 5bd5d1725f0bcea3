package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.model.Secret;
import io.roller.model.pkg.Tarballs;
import io.roller.server.testing.Http;
import io.roller.server.testing.ServerExtension;
import io.roller.server.testing.TestRepo;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /impact on a real repo with branches, served by the real server from a file:// remote (so it
 * fetches every branch) with a real package store.
 */
class ImpactRouteTest {

  @RegisterExtension
  final ServerExtension fleet =
      ServerExtension.repo(ImpactRouteTest::fleet).cloned().withPackages();

  static void fleet(TestRepo repo) {
    repo.write("colo/nyc1.yml", "params:\n  dns: [10.1.0.2]\n")
        .write("colo/sjc1.yml", "params:\n  dns: [10.2.0.2]\n")
        .write(
            "hostclass/web/1.yml",
            "packages:\n  production: [web-1.0.0]\n  failsafe: []\nparams:\n  port: 80\n")
        .write(
            "hostclass/web/2.yml",
            "packages:\n  production: [web-1.1.0]\n  failsafe: []\nparams:\n  port: 80\n")
        .write("hostclass/db/1.yml", "packages:\n  production: [db-1.0.0]\n  failsafe: []\n")
        .write("host/web01.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 1\n")
        .write("host/web02.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 1\n")
        .write("host/web01.sjc1.yml", "colo: sjc1\nhostclass: web\nversion: 1\n")
        .write("host/db01.nyc1.yml", "colo: nyc1\nhostclass: db\nversion: 1\n");
    repo.commit("fleet");
  }

  @BeforeEach
  void start() {
    upload("web", "1.0.0", "port={{ port }} dns={{ dns[0] }} on {{ roller.hostname }}\n");
    upload("web", "1.1.0", "port={{ port }} dns={{ dns[0] }}\n");
    upload("db", "1.0.0", "db on {{ roller.hostname }}\n");
  }

  void upload(String name, String version, String template) {
    byte[] tgz =
        Tarballs.create()
            .manifest("services:\n  - name: " + name + "\n    start: bin/x\n    stop: bin/x\n")
            .file("etc/" + name + ".conf.tmpl", template)
            .gz();
    assertEquals(201, fleet.server().upload(name, version, tgz));
  }

  /** Commits on a new branch of the origin, leaving main where it was; returns the commit. */
  String onBranch(String branch, Runnable edit) throws Exception {
    try (Git git = Git.open(fleet.repo().path().toFile())) {
      git.checkout().setCreateBranch(true).setName(branch).call();
      edit.run();
      String id = fleet.repo().commit("on " + branch);
      git.checkout().setName("main").call();
      return id;
    }
  }

  JsonNode impact(String query) throws Exception {
    HttpResponse<String> r = fleet.http().getJson("/impact" + query);
    assertEquals(200, r.statusCode(), query + " -> " + r.body());
    return Http.json(r);
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
    return out;
  }

  @Test
  void anUnmergedBranchOfTheRemoteShowsEveryHostItTouchesWithOldNewAndFile() throws Exception {
    String tip =
        onBranch("dns", () -> fleet.repo().write("colo/nyc1.yml", "params:\n  dns: [10.1.0.9]\n"));
    assertEquals(200, fleet.http().post("/refresh").statusCode());

    JsonNode a = impact("?to=dns");
    assertEquals(tip, a.get("to").asText());
    assertEquals(fleet.repo().head(), a.get("from").asText(), "from defaults to the head");
    assertEquals(3, a.get("totals").get("changed").asInt(), a.toString());
    // web hosts restart web, the db host db: two groups
    JsonNode web = a.get("changed").get(0);
    assertEquals(List.of("web01.nyc1", "web02.nyc1"), texts(web.get("hosts")));
    JsonNode p = web.get("change").get("params").get(0);
    assertEquals("dns", p.get("name").asText());
    assertEquals("[\"10.1.0.2\"]", p.get("old").toString());
    assertEquals("[\"10.1.0.9\"]", p.get("new").toString());
    assertEquals("colo/nyc1.yml", p.get("old_file").asText());
    assertEquals("colo/nyc1.yml", p.get("new_file").asText());
    assertEquals(List.of("web"), texts(web.get("change").get("restart")));
    assertEquals(List.of("db01.nyc1"), texts(a.get("changed").get(1).get("hosts")));
    assertEquals(3, a.get("by_colo").get("nyc1").get("changed").asInt());
    assertTrue(a.get("by_colo").path("sjc1").isMissingNode(), a.toString());
    assertEquals(2, a.get("by_hostclass").get("web").get("changed").asInt());
    assertEquals(0, a.get("failing").size());
  }

  @Test
  void theHostsListedChangedAreThoseWhoseDesiredStateIdDiffers() throws Exception {
    onBranch(
        "mixed",
        () ->
            fleet
                .repo()
                .write("colo/sjc1.yml", "params:\n  dns: [10.2.0.2]\n  extra: 1\n")
                .write("host/web02.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 2\n")
                .write(
                    "host/db01.nyc1.yml",
                    "# a comment only\ncolo: nyc1\nhostclass: db\nversion: 1\n"));
    fleet.http().post("/refresh");
    JsonNode a = impact("?to=mixed");
    List<String> listed = new ArrayList<>();
    a.get("changed").forEach(g -> listed.addAll(texts(g.get("hosts"))));
    java.util.Collections.sort(listed);
    List<String> differ = new ArrayList<>();
    for (String h : List.of("db01.nyc1", "web01.nyc1", "web01.sjc1", "web02.nyc1")) {
      String before =
          Http.json(fleet.http().getJson("/host/" + h + "/resolved")).get("desired").asText();
      String after =
          Http.json(fleet.http().getJson("/host/" + h + "/resolved?rev=mixed"))
              .get("desired")
              .asText();
      if (!before.equals(after)) {
        differ.add(h);
      }
    }
    assertEquals(List.of("web01.sjc1", "web02.nyc1"), differ);
    assertEquals(differ, listed);
  }

  @Test
  void aHostclassBumpListsPackagesChangedAndHostsAddedAndRemoved() throws Exception {
    fleet
        .repo()
        .write("host/web01.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 2\n")
        .write("host/web03.nyc1.yml", "colo: nyc1\nhostclass: web\nversion: 2\n")
        .delete("host/db01.nyc1.yml");
    String to = fleet.repo().commit("web01 to 2, web03 new, db01 retired");
    fleet.http().post("/refresh");
    String from = fleet.server().server().views().commitOf(to + "~1");

    JsonNode a = impact("?from=" + from + "&to=" + to);
    JsonNode g = a.get("changed").get(0);
    assertEquals(List.of("web01.nyc1"), texts(g.get("hosts")));
    assertEquals("version", g.get("change").get("moved").get(0).get("what").asText());
    JsonNode pkg = g.get("change").get("packages").get(0);
    assertEquals("web", pkg.get("name").asText());
    assertEquals("changed", pkg.get("change").asText());
    assertEquals("1.0.0", pkg.get("old").asText());
    assertEquals("1.1.0", pkg.get("new").asText());
    assertEquals(List.of("web03.nyc1"), texts(a.get("added")));
    assertEquals(List.of("db01.nyc1"), texts(a.get("removed")));
    assertEquals(1, a.get("by_colo").get("nyc1").get("removed").asInt());
  }

  @Test
  void aRotatedSecretShowsAsTheSha256OfEachCiphertextNeverTheCiphertext() throws Exception {
    fleet
        .repo()
        .write(
            "colo/nyc1.yml",
            "params:\n  dns: [10.1.0.2]\n  key: !secret |\n" + SecretViewsTest.ARMOR_A.indent(4));
    fleet.repo().commit("nyc1 gets a secret");
    onBranch(
        "rotate",
        () ->
            fleet
                .repo()
                .write(
                    "colo/nyc1.yml",
                    "params:\n  dns: [10.1.0.2]\n  key: !secret |\n"
                        + SecretViewsTest.ARMOR_B.indent(4)));
    fleet.http().post("/refresh");
    for (String format : List.of("json", "yaml")) {
      HttpResponse<String> r = fleet.http().get("/impact?to=rotate&render=true&format=" + format);
      assertEquals(200, r.statusCode(), r.body());
      assertTrue(r.body().contains(new Secret(SecretViewsTest.ARMOR_A).sha256()), r.body());
      assertTrue(r.body().contains(new Secret(SecretViewsTest.ARMOR_B).sha256()), r.body());
      assertTrue(!r.body().contains("BEGIN AGE"), r.body());
    }
    assertEquals(3, impact("?to=rotate").get("totals").get("changed").asInt());
  }

  @Test
  void fromEqualToIsAnEmptyAnswer() throws Exception {
    JsonNode a = impact("?from=main&to=" + fleet.repo().head());
    assertEquals(0, a.get("changed").size());
    assertEquals(0, a.get("added").size());
    assertEquals(0, a.get("failing").size());
    assertEquals(0, a.get("totals").get("changed").asInt());
    assertEquals(4, a.get("totals").get("hosts").asInt());
  }

  @Test
  void anUnknownOrMalformedRevIsRefusedAndToIsRequired() {
    assertEquals(404, fleet.http().getJson("/impact?to=no-such-branch").statusCode());
    assertEquals(404, fleet.http().getJson("/impact?to=main&from=0123456789abcdef").statusCode());
    assertEquals(400, fleet.http().getJson("/impact?to=..%2Fetc").statusCode());
    assertEquals(400, fleet.http().getJson("/impact?to=main&from=-x").statusCode());
    assertEquals(400, fleet.http().getJson("/impact").statusCode());
    assertEquals(400, fleet.http().getJson("/impact?to=main&render=yes").statusCode());
  }

  @Test
  void aBranchWhoseFilesDoNotParseListsItsHostsFailingAndLeavesTheServerWhole() throws Exception {
    onBranch(
        "broken",
        () ->
            fleet
                .repo()
                .write("colo/nyc1.yml", "params: [not, a, map\n")
                .write("host/web01.sjc1.yml", "colo: sjc1\nhostclass: web\nversion: 7\n"));
    fleet.http().post("/refresh");

    JsonNode a = impact("?to=broken");
    assertEquals(4, a.get("failing").size(), a.toString());
    JsonNode sjc = null;
    for (JsonNode f : a.get("failing")) {
      if (f.get("host").asText().equals("web01.sjc1")) {
        sjc = f;
      } else {
        assertEquals("colo/nyc1.yml", f.get("file").asText(), f.toString());
        assertTrue(f.get("line").asInt() >= 1, f.toString());
      }
    }
    assertEquals("host/web01.sjc1.yml", sjc.get("file").asText());
    assertEquals(3, sjc.get("line").asInt());
    assertEquals("version", sjc.get("key").asText());
    assertTrue(sjc.get("reason").asText().contains("no version 7"), sjc.toString());
    assertEquals("colo/nyc1.yml", a.get("invalid_files").get(0).get("file").asText());
    assertEquals(3, a.get("by_colo").get("nyc1").get("failing").asInt());
    // the head is served as before
    assertEquals(200, fleet.http().getJson("/host/web01.nyc1/resolved").statusCode());
  }

  @Test
  void aPackageTheServerLacksFailsTheHostsThatWouldGetIt() throws Exception {
    onBranch(
        "newdb",
        () ->
            fleet
                .repo()
                .write(
                    "hostclass/db/1.yml", "packages:\n  production: [db-2.0.0]\n  failsafe: []\n"));
    fleet.http().post("/refresh");

    JsonNode a = impact("?to=newdb");
    assertEquals(List.of("db-2.0.0"), texts(a.get("missing_packages")));
    JsonNode f = a.get("failing").get(0);
    assertEquals("db01.nyc1", f.get("host").asText());
    assertEquals("hostclass/db/1.yml", f.get("file").asText());
    assertTrue(f.get("reason").asText().contains("db-2.0.0"), f.toString());

    // uploaded since: the cached answer is stale and recomputed
    upload("db", "2.0.0", "db\n");
    JsonNode b = impact("?to=newdb");
    assertEquals(0, b.get("failing").size(), b.toString());
    assertEquals(0, b.get("missing_packages").size());
  }

  @Test
  void renderListsEachTemplateFailureByHostPackageTemplateAndVariable() throws Exception {
    upload("web", "1.2.0", "port={{ port }} tls={{ tls_cert }}\n");
    upload("db", "1.1.0", "{% if %}\n");
    onBranch(
        "templates",
        () ->
            fleet
                .repo()
                .write(
                    "hostclass/web/1.yml",
                    "packages:\n  production: [web-1.2.0]\n  failsafe: []\nparams:\n  port: 80\n")
                .write(
                    "hostclass/db/1.yml", "packages:\n  production: [db-1.1.0]\n  failsafe: []\n"));
    fleet.http().post("/refresh");

    JsonNode plain = impact("?to=templates");
    assertEquals(0, plain.get("render_failures").size());
    assertEquals(false, plain.get("rendered").asBoolean());

    JsonNode a = impact("?to=templates&render=true");
    assertTrue(a.get("rendered").asBoolean());
    assertEquals(4, a.get("render_failures").size(), a.toString());
    JsonNode db = a.get("render_failures").get(0);
    assertEquals("db01.nyc1", db.get("host").asText());
    assertEquals("db-1.1.0", db.get("package").asText());
    assertEquals("etc/db.conf.tmpl", db.get("template").asText());
    assertTrue(db.get("variable").isNull());
    assertEquals(1, db.get("line").asInt());
    JsonNode web = a.get("render_failures").get(1);
    assertEquals("web01.nyc1", web.get("host").asText());
    assertEquals("tls_cert", web.get("variable").asText());
    assertEquals("etc/web.conf.tmpl", web.get("template").asText());
    assertEquals(4, a.get("totals").get("render_failures").asInt());
  }

  @Test
  void withRenderAParamNoTemplateUsesRestartsNothing() throws Exception {
    onBranch(
        "unused",
        () ->
            fleet
                .repo()
                .write(
                    "hostclass/db/1.yml",
                    "packages:\n  production: [db-1.0.0]\n  failsafe: []\nparams:\n  unused: 1\n"));
    fleet.http().post("/refresh");
    assertEquals(
        List.of("db"),
        texts(impact("?to=unused").get("changed").get(0).get("change").get("restart")));
    JsonNode a = impact("?to=unused&render=true");
    assertTrue(a.get("changed").get(0).get("change").path("restart").isMissingNode(), a.toString());
  }

  @Test
  void answersYamlByDefaultCarryAnEtagPerRevisionPairAnd304() throws Exception {
    onBranch("dns", () -> fleet.repo().write("colo/nyc1.yml", "params:\n  dns: [10.1.0.9]\n"));
    fleet.http().post("/refresh");
    HttpResponse<String> y = fleet.http().get("/impact?to=dns");
    assertEquals(200, y.statusCode());
    assertTrue(y.headers().firstValue("Content-Type").orElse("").contains("yaml"));
    assertTrue(y.body().contains("old_file: colo/nyc1.yml"), y.body());
    String etag = y.headers().firstValue("ETag").orElseThrow();
    assertEquals(304, fleet.http().get("/impact?to=dns", "If-None-Match", etag).statusCode());
    String other = fleet.http().get("/impact?to=main&from=dns").headers().firstValue("ETag").get();
    assertTrue(!other.equals(etag), "the reverse pair has its own ETag");
  }
}
