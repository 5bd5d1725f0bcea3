package io.roller.roll.report;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.model.ResolvedHost;
import io.roller.roll.FakeServer;
import io.roller.roll.Fleet;
import io.roller.roll.RollExtension;
import io.roller.roll.TestHost;
import io.roller.roll.TestPackages;
import io.roller.roll.core.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rolls into a temp root report to the real server (or to WireMock, for its faults). */
class ReportingTest {
  @RegisterExtension final RollExtension fixture = new RollExtension();
  TestHost host;

  @BeforeEach
  void setUp() throws Exception {
    host = fixture.host();
  }

  static byte[] web(String version, String check) {
    return TestPackages.service("web", check)
        .dir("etc")
        .file("etc/web.conf", "port=1\n")
        .file("share/web/VERSION", version)
        .gz();
  }

  static JsonNode json(String body) throws Exception {
    return Json.MAPPER.readTree(body);
  }

  @Test
  void everyRollReportsItsOutcomeAndTheFleetShowsTheHostConverged() throws Exception {
    Fleet fleet = fixture.fleet();
    ResolvedHost.Package w = fleet.publish("web", "1.0.0", web("1.0.0", null));
    fleet.host(List.of(w), Map.of());
    assertEquals(0, host.roll(fleet.rollArgs()).code());
    assertEquals(0, host.roll(fleet.rollArgs()).code());
    JsonNode dryRun = json(fleet.server().getJson("/host/web01.nyc1/reports").body());
    assertEquals(0, host.roll(fleet.rollArgs("--dry-run")).code());

    JsonNode reports = json(fleet.server().getJson("/host/web01.nyc1/reports").body());
    assertEquals(dryRun, reports, "a dry run sends nothing");
    assertEquals(2, reports.size(), reports.toString());
    String desired =
        json(fleet.server().getJson("/host/web01.nyc1/resolved").body()).get("desired").asText();
    JsonNode unchanged = reports.get(0);
    JsonNode converged = reports.get(1);
    assertEquals("converged", converged.get("outcome").asText());
    assertEquals(desired, converged.get("desired").asText());
    assertEquals(fleet.head(), converged.get("revision").asText());
    assertEquals(1, converged.get("generation").asInt());
    assertEquals(0, converged.get("previous_generation").asInt());
    assertEquals("web/web", converged.get("services_restarted").get(0).asText());
    assertTrue(converged.get("duration_ms").asLong() >= 0);
    assertEquals("unchanged", unchanged.get("outcome").asText());
    assertEquals(desired, unchanged.get("desired").asText(), "a 304 roll knows its desired id");

    JsonNode f = json(fleet.server().getJson("/fleet").body());
    assertEquals("converged", f.get("hosts").get(0).get("state").asText());
    assertFalse(Files.exists(Reporter.pending(new io.roller.roll.core.Layout(host.root))));
  }

  @Test
  void aRollThatRollsBackReportsTheStepAndReasonAndStatusShowsIt() throws Exception {
    Fleet fleet = fixture.fleet();
    fleet.host(List.of(fleet.publish("web", "1.0.0", web("1.0.0", null))), Map.of());
    assertEquals(0, host.roll(fleet.rollArgs()).code());
    fleet.host(List.of(fleet.publish("web", "2.0.0", web("2.0.0", "false"))), Map.of());
    TestHost.Result r = host.roll(fleet.rollArgs());
    assertEquals(1, r.code(), r.err());

    JsonNode last = json(fleet.server().getJson("/host/web01.nyc1/reports?limit=1").body()).get(0);
    assertEquals("rolled-back", last.get("outcome").asText());
    assertEquals("start", last.get("failed_step").asText());
    assertTrue(
        last.get("reason").asText().contains("rolled back to generation 1"), last.toString());
    assertEquals(1, last.get("generation").asInt());
    JsonNode f = json(fleet.server().getJson("/fleet?state=failed").body());
    assertEquals(1, f.get("hosts").size());

    TestHost.Result st = host.roll("status", "--no-checks");
    assertTrue(st.out().contains("last roll rolled back at step start"), st.out());
    assertEquals(
        "rolled-back",
        json(host.roll("status", "--no-checks", "--json").out())
            .get("last_roll")
            .get("outcome")
            .asText());
  }

  @Test
  void rollbackCommandReportsTheDesiredStateItSwitchedToAndTheFleetShowsItBehind()
      throws Exception {
    Fleet fleet = fixture.fleet();
    fleet.host(List.of(fleet.publish("web", "1.0.0", web("1.0.0", null))), Map.of());
    assertEquals(0, host.roll(fleet.rollArgs()).code());
    String first = desired(fleet);
    fleet.host(List.of(fleet.publish("web", "2.0.0", web("2.0.0", null))), Map.of());
    assertEquals(0, host.roll(fleet.rollArgs()).code());
    String head = desired(fleet);
    TestHost.Result r = host.roll("--server", fleet.url(), "rollback");
    assertEquals(0, r.code(), r.err());
    JsonNode last = json(fleet.server().getJson("/host/web01.nyc1/reports?limit=1").body()).get(0);
    assertEquals("rolled-back", last.get("outcome").asText());
    assertEquals(1, last.get("generation").asInt());
    assertEquals(2, last.get("previous_generation").asInt());
    assertEquals(first, last.get("desired").asText(), "generation 1's desired state");
    assertEquals("behind", fleetState(fleet), "the repo wants generation 2's state");

    r = host.roll("--server", fleet.url(), "rollback", "--to", "2");
    assertEquals(0, r.code(), r.err());
    last = json(fleet.server().getJson("/host/web01.nyc1/reports?limit=1").body()).get(0);
    assertEquals(head, last.get("desired").asText());
    assertEquals("converged", fleetState(fleet), "back on what the head wants");
  }

  static String desired(Fleet fleet) throws Exception {
    return json(fleet.server().getJson("/host/web01.nyc1/resolved").body()).get("desired").asText();
  }

  static String fleetState(Fleet fleet) throws Exception {
    return json(fleet.server().getJson("/fleet").body()).get("hosts").get(0).get("state").asText();
  }

  @Test
  void aReportTheServerCannotTakeWaitsAndGoesWithTheNextRoll() throws Exception {
    FakeServer fake = fixture.fake();
    fake.host(List.of(fake.publish("web", "1.0.0", web("1.0.0", null))), Map.of(), "rev1");
    fake.stub(
        post(urlPathEqualTo("/host/web01.nyc1/report")).willReturn(aResponse().withStatus(503)));
    TestHost.Result r = host.roll(fake.rollArgs());
    assertEquals(0, r.code(), "the roll succeeds: " + r.err());
    assertTrue(r.err().contains("report not sent"), r.err());
    Path pending = Reporter.pending(new io.roller.roll.core.Layout(host.root));
    assertEquals(1, Files.readAllLines(pending).size());

    fake.stub(
        post(urlPathEqualTo("/host/web01.nyc1/report")).willReturn(aResponse().withStatus(201)));
    assertEquals(0, host.roll(fake.rollArgs()).code());
    fake.wm.verify(3, postRequestedFor(urlPathEqualTo("/host/web01.nyc1/report")));
    assertFalse(Files.exists(pending), "sent with the next roll");
    List<String> outcomes = new ArrayList<>();
    for (var q : fake.wm.findAll(postRequestedFor(urlPathEqualTo("/host/web01.nyc1/report")))) {
      outcomes.add(Json.MAPPER.readTree(q.getBodyAsString()).get("outcome").asText());
    }
    assertEquals(List.of("converged", "converged", "unchanged"), outcomes);
  }

  @Test
  void aDriftedHostWhoseServerFailsSendsTheDriftWithItsFailure() throws Exception {
    FakeServer fake = fixture.fake();
    fake.host(List.of(fake.publish("web", "1.0.0", web("1.0.0", null))), Map.of(), "rev1");
    fake.stub(
        post(urlPathEqualTo("/host/web01.nyc1/report")).willReturn(aResponse().withStatus(201)));
    assertEquals(0, host.roll(fake.rollArgs()).code());
    Files.writeString(host.root.resolve("usr/local/bin/evil"), "#!/bin/sh\n");
    fake.stub(
        get(urlPathEqualTo("/host/web01.nyc1/resolved"))
            .willReturn(aResponse().withStatus(404).withBody("no such host")));

    TestHost.Result r = host.roll(fake.rollArgs());
    assertEquals(1, r.code(), r.err());
    var posts = fake.wm.findAll(postRequestedFor(urlPathEqualTo("/host/web01.nyc1/report")));
    JsonNode failed = Json.MAPPER.readTree(posts.get(posts.size() - 1).getBodyAsString());
    assertEquals("failed", failed.get("outcome").asText(), failed.toString());
    assertEquals("fetch", failed.get("failed_step").asText(), failed.toString());
    assertEquals("/usr/local/bin/evil", failed.get("drift").get(0).asText(), failed.toString());
  }

  @Test
  void aHungReportServerDelaysTheRollByNoMoreThanTheReportTimeout() throws Exception {
    FakeServer fake = fixture.fake();
    fake.host(List.of(fake.publish("web", "1.0.0", web("1.0.0", null))), Map.of(), "rev1");
    fake.stub(
        post(urlPathEqualTo("/host/web01.nyc1/report"))
            .willReturn(aResponse().withStatus(201).withFixedDelay(30_000)));
    long t0 = System.nanoTime();
    TestHost.Result r = host.roll(fake.rollArgs());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(0, r.code(), r.err());
    assertTrue(ms < 15_000, "took " + ms + " ms");
    assertTrue(Files.exists(Reporter.pending(new io.roller.roll.core.Layout(host.root))));
  }

  @Test
  void aReportTheServerRefusesForGoodIsDroppedNotKeptForever() throws Exception {
    FakeServer fake = fixture.fake();
    fake.host(List.of(fake.publish("web", "1.0.0", web("1.0.0", null))), Map.of(), "rev1");
    fake.stub(
        post(urlPathEqualTo("/host/web01.nyc1/report")).willReturn(aResponse().withStatus(404)));
    TestHost.Result r = host.roll(fake.rollArgs());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("refused the report (404)"), r.err());
    assertFalse(Files.exists(Reporter.pending(new io.roller.roll.core.Layout(host.root))));
  }

  @Test
  void theTokenFileNamedInRollConfIsSentAsBearer() throws Exception {
    FakeServer fake = fixture.fake();
    fake.host(List.of(fake.publish("web", "1.0.0", web("1.0.0", null))), Map.of(), "rev1");
    fake.stub(
        post(urlPathEqualTo("/host/web01.nyc1/report")).willReturn(aResponse().withStatus(401)));
    fake.stub(
        post(urlPathEqualTo("/host/web01.nyc1/report"))
            .withHeader("Authorization", equalTo("Bearer s3cret"))
            .willReturn(aResponse().withStatus(201)));
    assertEquals(0, host.roll(fake.rollArgs()).code());
    Path pending = Reporter.pending(new io.roller.roll.core.Layout(host.root));
    assertTrue(Files.exists(pending), "a 401 keeps the report: the token may be on its way");

    Files.createDirectories(host.root.resolve("etc/roller"));
    Files.writeString(host.root.resolve("etc/roller/report-token"), "s3cret\n");
    Files.writeString(
        host.root.resolve("etc/roller/roll.conf"),
        "report_token_file = /etc/roller/report-token\n");
    TestHost.Result r = host.roll(fake.rollArgs());
    assertEquals(0, r.code(), r.err());
    assertFalse(Files.exists(pending), r.err());
    fake.wm.verify(
        2,
        postRequestedFor(urlPathEqualTo("/host/web01.nyc1/report"))
            .withHeader("Authorization", equalTo("Bearer s3cret")));
  }
}
