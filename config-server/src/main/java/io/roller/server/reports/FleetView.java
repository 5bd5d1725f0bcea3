package io.roller.server.reports;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.roller.model.Report;
import io.roller.server.core.DomainException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * "Did my commit reach every host?": each host of a revision with its state, judged from its last
 * report (DESIGN section 6). Pure: hosts and reports in, records out, so the web UI can reuse it.
 */
public final class FleetView {
  /** The states, in the order counts are listed. */
  public static final List<String> STATES =
      List.of("converged", "behind", "failed", "unreported", "stale");

  private FleetView() {}

  /**
   * A host of the repo at one revision and its desired-state id (null when it fails to resolve).
   */
  public record HostDesired(
      String hostname,
      String colo,
      String hostclass,
      String version,
      String desired,
      String error) {}

  /** Which hosts to list; null fields match everything. */
  public record Filter(String colo, String hostclass, String state) {
    public Filter {
      if (state != null && !STATES.contains(state)) {
        throw DomainException.badRequest(
            "state must be one of " + String.join(", ", STATES) + ", not '" + state + "'");
      }
    }

    boolean place(HostDesired h) {
      return (colo == null || colo.equals(h.colo()))
          && (hostclass == null || hostclass.equals(h.hostclass()));
    }
  }

  /** One host's line. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({
    "hostname",
    "state",
    "colo",
    "hostclass",
    "version",
    "desired",
    "error",
    "last_report"
  })
  public record FleetHost(
      String hostname,
      String state,
      String colo,
      String hostclass,
      String version,
      String desired,
      String error,
      @JsonProperty("last_report") Report lastReport) {}

  /** The answer of {@code GET /fleet}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"revision", "status", "detail", "total", "counts", "hosts"})
  public record Fleet(
      String revision,
      String status,
      String detail,
      int total,
      Map<String, Integer> counts,
      List<FleetHost> hosts,
      @JsonIgnore Instant nextChange) {}

  /**
   * The fleet at {@code revision}. Counts are over the hosts that pass the colo and hostclass
   * filters (so {@code ?state=failed} still shows the whole picture); {@code hosts} also passes the
   * state filter. {@code degraded} (null when storage is fine) says the reports may be behind.
   */
  public static Fleet of(
      String revision,
      List<HostDesired> hosts,
      Function<String, Optional<Report>> lastReport,
      Instant now,
      Duration stale,
      Filter filter,
      String degraded) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    STATES.forEach(s -> counts.put(s, 0));
    List<FleetHost> out = new ArrayList<>();
    int total = 0;
    Instant next = null;
    for (HostDesired h : hosts) {
      if (!filter.place(h)) {
        continue;
      }
      Report last = lastReport.apply(h.hostname()).orElse(null);
      Instant when = last == null ? null : when(last);
      if (when != null && !when.plus(stale).isBefore(now)) {
        Instant goesStale = when.plus(stale);
        next = next == null || goesStale.isBefore(next) ? goesStale : next;
      }
      String state = state(h, last, now, stale);
      counts.merge(state, 1, Integer::sum);
      total++;
      if (filter.state() == null || filter.state().equals(state)) {
        out.add(
            new FleetHost(
                h.hostname(),
                state,
                h.colo(),
                h.hostclass(),
                h.version(),
                h.desired(),
                h.error(),
                last));
      }
    }
    return new Fleet(
        revision, degraded == null ? "ok" : "degraded", degraded, total, counts, out, next);
  }

  /**
   * unreported without a report; stale when the last one is older than {@code stale} (whatever it
   * said, the host has stopped rolling); failed when it failed or rolled back; converged when it
   * was on the host's current desired state; behind otherwise.
   */
  static String state(HostDesired h, Report last, Instant now, Duration stale) {
    if (last == null) {
      return "unreported";
    }
    Instant when = when(last);
    if (when != null && when.plus(stale).isBefore(now)) {
      return "stale";
    }
    if (!last.ok()) {
      return "failed";
    }
    return h.desired() != null && h.desired().equals(last.desired()) ? "converged" : "behind";
  }

  private static Instant when(Report r) {
    String t = r.received() != null ? r.received() : r.time();
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
