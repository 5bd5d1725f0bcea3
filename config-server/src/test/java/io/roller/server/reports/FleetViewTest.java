package io.roller.server.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roller.model.Report;
import io.roller.server.core.DomainException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fleet computation on its own: hosts and reports in, states and counts out, no HTTP. */
class FleetViewTest {
  static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  static FleetView.HostDesired host(String name, String colo, String desired) {
    return new FleetView.HostDesired(name, colo, "web", "1", desired, null);
  }

  static Report report(String host, String outcome, String desired, Instant received) {
    return report(host, outcome, desired, received, null);
  }

  static Report report(
      String host, String outcome, String desired, Instant received, String failedStep) {
    return new Report(
            host,
            received.toString(),
            null,
            outcome,
            "r",
            desired,
            "web",
            "1",
            1,
            0,
            null,
            null,
            10L,
            failedStep,
            failedStep == null ? null : "check failed",
            null,
            "roll 1.0.0")
        .receivedAt(received);
  }

  @Test
  void anOperatorsRollbackIsBehindOrConvergedNotFailed() {
    FleetView.HostDesired h = host("a.nyc1", "nyc1", "d1");
    Duration stale = Duration.ofHours(1);
    Instant t = NOW.minusSeconds(60);
    assertEquals(
        "behind", FleetView.state(h, report("a.nyc1", "rolled-back", "d0", t), NOW, stale));
    assertEquals(
        "converged", FleetView.state(h, report("a.nyc1", "rolled-back", "d1", t), NOW, stale));
    assertEquals(
        "failed",
        FleetView.state(h, report("a.nyc1", "rolled-back", "d1", t, "start"), NOW, stale),
        "a roll that failed and rolled back");
  }

  @Test
  void statesFollowTheLastReportAndTheCurrentDesiredState() {
    List<FleetView.HostDesired> hosts =
        List.of(
            host("a.nyc1", "nyc1", "d1"),
            host("b.nyc1", "nyc1", "d2"),
            host("c.nyc1", "nyc1", "d3"),
            host("d.sjc1", "sjc1", "d4"),
            host("e.sjc1", "sjc1", "d5"),
            new FleetView.HostDesired("f.sjc1", null, null, null, null, "host/f.sjc1.yml:1: bad"));
    Map<String, Report> last =
        Map.of(
            "a.nyc1", report("a.nyc1", "repaired", "d1", NOW.minusSeconds(60)),
            "b.nyc1", report("b.nyc1", "converged", "old", NOW.minusSeconds(60)),
            "c.nyc1", report("c.nyc1", "rolled-back", "d3", NOW.minusSeconds(60), "start"),
            "e.sjc1", report("e.sjc1", "converged", "d5", NOW.minus(Duration.ofHours(2))),
            "f.sjc1", report("f.sjc1", "converged", "x", NOW.minusSeconds(1)));
    FleetView.Fleet f =
        FleetView.of(
            "rev",
            hosts,
            h -> Optional.ofNullable(last.get(h)),
            NOW,
            Duration.ofHours(1),
            new FleetView.Filter(null, null, null),
            null);
    assertEquals(
        List.of("converged", "behind", "failed", "unreported", "stale", "behind"),
        f.hosts().stream().map(FleetView.FleetHost::state).toList());
    assertEquals(
        Map.of("converged", 1, "behind", 2, "failed", 1, "unreported", 1, "stale", 1), f.counts());
    assertEquals("ok", f.status());
    assertEquals(NOW.minusSeconds(60).plus(Duration.ofHours(1)), f.nextChange());

    FleetView.Fleet nycFailed =
        FleetView.of(
            "rev",
            hosts,
            h -> Optional.ofNullable(last.get(h)),
            NOW,
            Duration.ofHours(1),
            new FleetView.Filter("nyc1", null, "failed"),
            "S3 is unreachable");
    assertEquals(3, nycFailed.total());
    assertEquals(1, nycFailed.hosts().size());
    assertEquals("degraded", nycFailed.status());
    assertEquals("S3 is unreachable", nycFailed.detail());
    assertNull(
        FleetView.of(
                "rev",
                List.of(host("x.nyc1", "nyc1", "d")),
                h -> Optional.empty(),
                NOW,
                Duration.ofHours(1),
                new FleetView.Filter(null, null, null),
                null)
            .nextChange());
  }

  @Test
  void anUnknownStateIsABadRequest() {
    assertThrows(DomainException.class, () -> new FleetView.Filter(null, null, "asleep"));
  }
}
