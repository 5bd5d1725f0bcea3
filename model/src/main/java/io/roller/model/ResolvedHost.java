package io.roller.model;

import com.fasterxml.jackson.annotation.JsonInclude;
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
  "param_origins",
  "secrets"
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
    @JsonProperty("param_origins") Map<String, String> paramOrigins,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> secrets) {

  /** A view without secrets. */
  public ResolvedHost(
      String hostname,
      String colo,
      String hostclass,
      String version,
      String revision,
      String desired,
      Packages packages,
      Map<String, Object> params,
      Map<String, String> paramOrigins) {
    this(
        hostname,
        colo,
        hostclass,
        version,
        revision,
        desired,
        packages,
        params,
        paramOrigins,
        Map.of());
  }

  public ResolvedHost {
    secrets = secrets == null ? Map.of() : secrets;
  }

  /** This view with its desired-state id set. */
  public ResolvedHost withDesired(String id) {
    return new ResolvedHost(
        hostname, colo, hostclass, version, revision, id, packages, params, paramOrigins, secrets);
  }

  /**
   * The armor of each secret param by the sha256 its view shows ({@code params} shows a secret as
   * {@code {secret: <sha256>}}): the ciphertext the host decrypts. The server holds no key.
   */
  public static Map<String, String> secretsOf(Map<String, Object> params) {
    Map<String, String> out = new java.util.TreeMap<>();
    params.values().stream()
        .filter(v -> v instanceof Secret)
        .forEach(v -> out.put(((Secret) v).sha256(), ((Secret) v).armor()));
    return out;
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
