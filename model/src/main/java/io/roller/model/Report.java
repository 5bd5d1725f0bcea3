package io.roller.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * The wire form of one roll's report ({@code POST /host/{h}/report}, DESIGN section 6): what roll
 * did on a host and which desired state it was on. Shared by roll (which writes it) and the server
 * (which validates and stores it); validated on construction, so a bad body never gets stored.
 * {@code received} is set by the server, which judges staleness by its own clock.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "hostname",
  "time",
  "received",
  "outcome",
  "revision",
  "desired",
  "hostclass",
  "version",
  "generation",
  "previous_generation",
  "packages",
  "services_restarted",
  "duration_ms",
  "failed_step",
  "reason",
  "drift",
  "roll_version"
})
public record Report(
    String hostname,
    String time,
    String received,
    String outcome,
    String revision,
    String desired,
    String hostclass,
    String version,
    Integer generation,
    @JsonProperty("previous_generation") Integer previousGeneration,
    List<String> packages,
    @JsonProperty("services_restarted") List<String> servicesRestarted,
    @JsonProperty("duration_ms") Long durationMs,
    @JsonProperty("failed_step") String failedStep,
    String reason,
    List<String> drift,
    @JsonProperty("roll_version") String rollVersion) {

  /** The outcomes a roll can end in. */
  public static final Set<String> OUTCOMES =
      Set.of("converged", "unchanged", "repaired", "failed", "rolled-back");

  /** Caps that keep one report small whatever a host sends. */
  static final int MAX_TEXT = 4096;

  static final int MAX_LIST = 1000;

  public Report {
    if (hostname == null || !Names.isHostname(hostname)) {
      throw new IllegalArgumentException("hostname: missing or not a DNS name: " + hostname);
    }
    if (outcome == null || !OUTCOMES.contains(outcome)) {
      throw new IllegalArgumentException(
          "outcome: '" + outcome + "' is not one of " + String.join(", ", sorted(OUTCOMES)));
    }
    time = instant("time", time, true);
    received = instant("received", received, false);
    for (String[] f :
        new String[][] {
          {"revision", revision},
          {"desired", desired},
          {"hostclass", hostclass},
          {"version", version},
          {"failed_step", failedStep},
          {"reason", reason},
          {"roll_version", rollVersion}
        }) {
      if (f[1] != null && f[1].length() > MAX_TEXT) {
        throw new IllegalArgumentException(f[0] + ": longer than " + MAX_TEXT + " characters");
      }
    }
    if (generation != null && generation < 0) {
      throw new IllegalArgumentException("generation: " + generation + " is negative");
    }
    if (previousGeneration != null && previousGeneration < 0) {
      throw new IllegalArgumentException(
          "previous_generation: " + previousGeneration + " is negative");
    }
    if (durationMs != null && durationMs < 0) {
      throw new IllegalArgumentException("duration_ms: " + durationMs + " is negative");
    }
    packages = list("packages", packages);
    servicesRestarted = list("services_restarted", servicesRestarted);
    drift = list("drift", drift);
  }

  /** True unless the roll failed or was rolled back. */
  public boolean ok() {
    return !outcome.equals("failed") && !outcome.equals("rolled-back");
  }

  /** This report as the server stores it, stamped with the time it arrived. */
  public Report receivedAt(Instant when) {
    return new Report(
        hostname,
        time,
        when.toString(),
        outcome,
        revision,
        desired,
        hostclass,
        version,
        generation,
        previousGeneration,
        packages,
        servicesRestarted,
        durationMs,
        failedStep,
        reason,
        drift,
        rollVersion);
  }

  private static String instant(String field, String value, boolean required) {
    if (value == null) {
      if (required) {
        throw new IllegalArgumentException(field + ": missing (an ISO-8601 instant)");
      }
      return null;
    }
    try {
      return Instant.parse(value).toString();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(field + ": '" + value + "' is not an ISO-8601 instant");
    }
  }

  private static List<String> list(String field, List<String> l) {
    if (l == null) {
      return null;
    }
    if (l.size() > MAX_LIST) {
      throw new IllegalArgumentException(field + ": more than " + MAX_LIST + " entries");
    }
    for (String s : l) {
      if (s == null || s.length() > MAX_TEXT) {
        throw new IllegalArgumentException(field + ": an entry is null or too long");
      }
    }
    return List.copyOf(l);
  }

  private static List<String> sorted(Set<String> s) {
    return s.stream().sorted().toList();
  }
}
