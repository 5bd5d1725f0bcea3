package io.roller.roll.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.roller.roll.FakeServer;
import io.roller.roll.Fleet;
import io.roller.roll.RollExtension;
import io.roller.roll.core.RollException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The resolved view from the real config server, and from one that fails or stalls (WireMock). */
class ServerClientTest {
  @RegisterExtension final RollExtension fixture = new RollExtension();
  FakeServer server;

  @BeforeEach
  void start() {
    server = fixture.fake();
  }

  ServerClient client() {
    return client(server.url());
  }

  ServerClient client(String url) {
    return new ServerClient(URI.create(url + "/"), Duration.ofMillis(500), 3);
  }

  @Test
  void retriesServerErrorsForTheResolvedView() {
    server.host(List.of(), Map.of("a", 1), "rev9");
    server.stub(
        get(urlPathEqualTo("/host/web01.nyc1/resolved"))
            .atPriority(1)
            .inScenario("s")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500))
            .willSetStateTo("ok"));
    assertEquals("rev9", client().resolved("web01.nyc1").revision());
  }

  @Test
  void anUnknownHostFailsAtOnceWithTheServersDetail() {
    Fleet fleet = fixture.fleet();
    long before = fleet.requests("GET", "/host/{hostname}/resolved", 404);
    RollException e = assertThrows(RollException.class, () -> client(fleet.url()).resolved("nope"));
    assertEquals(
        "GET "
            + fleet.url()
            + "/host/nope/resolved?format=json: server answered 404: no host nope"
            + " (no host/nope.yml at "
            + fleet.head().substring(0, 12)
            + ")",
        e.getMessage());
    assertEquals(
        1, fleet.requests("GET", "/host/{hostname}/resolved", 404) - before, "at once: no retry");
  }

  @Test
  void aStalledServerFailsAfterItsRetries() {
    server.stub(
        get(urlPathEqualTo("/host/slow/resolved"))
            .willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
    RollException e = assertThrows(RollException.class, () -> client().resolved("slow"));
    assertEquals(
        true,
        e.getMessage().contains("failed after 3 attempts: SocketTimeoutException"),
        e.getMessage());
  }
}
