package io.roller.roll;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.roller.model.ResolvedHost;
import io.roller.model.Sha256;
import io.roller.roll.core.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config server stand-in on 127.0.0.1 for fault tests (WireMock): serves a resolved view and
 * tarballs, and can be told to fail, stall or lie.
 */
public final class FakeServer implements AutoCloseable {
  public final WireMockServer wm =
      new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
  private final List<ResolvedHost.Package> production = new ArrayList<>();
  private final List<ResolvedHost.Package> failsafe = new ArrayList<>();
  private final Map<String, Object> params = new LinkedHashMap<>();
  private String hostname = "web01.nyc1";
  private String version = "1";
  private String revision = "rev1";

  public FakeServer() {
    wm.start();
  }

  public String url() {
    return "http://127.0.0.1:" + wm.port();
  }

  public String hostname() {
    return hostname;
  }

  /** roll's arguments for this server's host: --server and --hostname, then {@code extra}. */
  public String[] rollArgs(String... extra) {
    List<String> args = new ArrayList<>(List.of("--server", url(), "--hostname", hostname()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /** Publishes a tarball and returns its package entry (as the real server would describe it). */
  public ResolvedHost.Package publish(String name, String version, byte[] gz) {
    String url = "/package/" + name + "/" + version + ".tar.gz";
    wm.stubFor(get(urlPathEqualTo(url)).willReturn(aResponse().withStatus(200).withBody(gz)));
    return new ResolvedHost.Package(name, version, sha256(gz), (long) gz.length, url);
  }

  public void stub(MappingBuilder mapping) {
    wm.stubFor(mapping);
  }

  /** Sets the host's production set (and failsafe set), params and revision, and serves them. */
  public FakeServer host(
      List<ResolvedHost.Package> prod,
      List<ResolvedHost.Package> safe,
      Map<String, Object> p,
      String rev) {
    production.clear();
    production.addAll(prod);
    failsafe.clear();
    failsafe.addAll(safe);
    params.clear();
    params.putAll(p);
    revision = rev;
    ResolvedHost h =
        new ResolvedHost(
            hostname,
            "nyc1",
            "web",
            version,
            revision,
            null,
            new ResolvedHost.Packages(production, failsafe),
            params,
            Map.of());
    wm.stubFor(
        get(urlPathEqualTo("/host/" + hostname + "/resolved"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(Json.write(h))));
    return this;
  }

  public FakeServer host(List<ResolvedHost.Package> prod, Map<String, Object> p, String rev) {
    return host(prod, List.of(), p, rev);
  }

  public static String sha256(byte[] bytes) {
    return Sha256.of(bytes);
  }

  @Override
  public void close() {
    wm.stop();
  }
}
