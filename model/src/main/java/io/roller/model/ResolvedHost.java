package io.roller.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The wire form of {@code GET /host/{h}/resolved}: all that roll needs, at one revision. Shared by
 * the server (which writes it) and roll (which reads it).
 *
 * <p>{@code desired} is the host's desired-state id: a digest of everything in the view except
 * {@code revision}, so a commit that does not change what the host gets leaves it unchanged.
 */
@JsonPropertyOrder({
  "hostname",
  "colo",
  "hostclass",
  "version",
  "revision",
  "desired",
  "packages",
  "params",
  "param_origins"
})
public record ResolvedHost(
    String hostname,
    String colo,
    String hostclass,
    String version,
    String revision,
    String desired,
    Packages packages,
    Map<String, Object> params,
    @JsonProperty("param_origins") Map<String, String> paramOrigins) {

  /** This view with its desired-state id set. */
  public ResolvedHost withDesired(String id) {
    return new ResolvedHost(
        hostname, colo, hostclass, version, revision, id, packages, params, paramOrigins);
  }

  /** The production and failsafe package sets, in hostclass order. */
  public record Packages(List<Package> production, List<Package> failsafe) {}

  /**
   * One package of a set. sha256, size and url are null when the server does not hold the package;
   * url is relative to the server, e.g. {@code /package/nginx/1.25.3.tar.gz}.
   */
  @JsonPropertyOrder({"name", "version", "sha256", "size", "url"})
  public record Package(String name, String version, String sha256, Long size, String url) {
    public PackageRef ref() {
      return new PackageRef(name, version);
    }
  }
}
