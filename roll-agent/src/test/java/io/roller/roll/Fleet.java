package io.roller.roll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.roller.model.ResolvedHost;
import io.roller.roll.core.Json;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.TestRepo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The real config server (JGit repo in a temp dir, package store, uploads over HTTP on a random
 * loopback port) serving one host, {@code web01.nyc1} of colo nyc1 and hostclass web: tests publish
 * tarballs and commit the host's packages and params in one line each.
 */
public final class Fleet implements AutoCloseable {
  public static final String HOSTNAME = "web01.nyc1";
  private static final String HOSTCLASS = "web";

  private final TestRepo repo;
  private final RunningServer server;
  private List<String> production;
  private List<String> failsafe;
  private int hostclassVersion;

  private Fleet(TestRepo repo, RunningServer server) {
    this.repo = repo;
    this.server = server;
  }

  /**
   * A repo in {@code dir}/repo holding colo nyc1 (no host yet), served with a package store in
   * {@code dir}/server.
   */
  public static Fleet start(Path dir) {
    TestRepo repo = TestRepo.empty(dir.resolve("repo"));
    repo.write("colo/nyc1.yml", "params:\n  dns: [10.1.0.2]\n").commit("colo nyc1");
    return new Fleet(repo, RunningServer.withPackages(repo, dir.resolve("server")));
  }

  public String url() {
    return server.url();
  }

  public String hostname() {
    return HOSTNAME;
  }

  /** roll's arguments for this fleet's host: --server and --hostname, then {@code extra}. */
  public String[] rollArgs(String... extra) {
    List<String> args = new ArrayList<>(List.of("--server", url(), "--hostname", hostname()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /** The commit the server serves. */
  public String head() {
    return repo.head();
  }

  public RunningServer server() {
    return server;
  }

  /** Uploads a tarball with the upload token; returns the server's own description of it. */
  public ResolvedHost.Package publish(String name, String version, byte[] gz) {
    int status = server.upload(name, version, gz);
    assertTrue(status == 200 || status == 201, "upload of " + name + "-" + version + ": " + status);
    HttpResponse<String> r = server.getJson("/package/" + name + "/" + version);
    assertEquals(200, r.statusCode(), r.body());
    try {
      JsonNode m = Json.MAPPER.readTree(r.body());
      return new ResolvedHost.Package(
          name, version, m.get("sha256").asText(), m.get("size").asLong(), m.get("url").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Commits the host's production and failsafe sets (a new version of hostclass web when they
   * changed, as an operator would release one) and its host params, refreshes the server, returns
   * the commit id.
   */
  public String host(
      List<ResolvedHost.Package> prod,
      List<ResolvedHost.Package> safe,
      Map<String, Object> params) {
    List<String> p = refs(prod);
    List<String> s = refs(safe);
    if (!p.equals(production) || !s.equals(failsafe)) {
      production = p;
      failsafe = s;
      hostclassVersion++;
      repo.write(
          "hostclass/" + HOSTCLASS + "/" + hostclassVersion + ".yml",
          "packages:\n  production: " + p + "\n  failsafe: " + s + "\n");
    }
    repo.write(
        "host/" + HOSTNAME + ".yml",
        "colo: nyc1\nhostclass: "
            + HOSTCLASS
            + "\nversion: "
            + hostclassVersion
            + "\n"
            + (params.isEmpty() ? "" : "params: " + Json.write(params) + "\n"));
    String rev = repo.commit(HOSTNAME + " on " + HOSTCLASS + "/" + hostclassVersion + " " + params);
    HttpResponse<String> r = server.post("/refresh");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(
        rev,
        server
            .get("/host/" + HOSTNAME + "/resolved")
            .headers()
            .firstValue("X-Roller-Revision")
            .orElse(""),
        "the server serves the new commit");
    return rev;
  }

  public String host(List<ResolvedHost.Package> prod, Map<String, Object> params) {
    return host(prod, List.of(), params);
  }

  /**
   * Commits one file as written (a host file with !secret params, say) and refreshes the server.
   */
  public String commit(String path, String text) {
    String rev = repo.write(path, text).commit("write " + path);
    HttpResponse<String> r = server.post("/refresh");
    assertEquals(200, r.statusCode(), r.body());
    return rev;
  }

  /** The hostclass version {@link #host} last committed. */
  public int hostclassVersion() {
    return hostclassVersion;
  }

  /** How many requests the server answered for a route (as Javalin names it), method and status. */
  public long requests(String method, String route, int status) {
    String metrics = server.get("/metrics").body();
    Matcher m =
        Pattern.compile("(?m)^roller_http_requests_seconds_count\\{(.*)\\} (\\S+)$")
            .matcher(metrics);
    while (m.find()) {
      String labels = m.group(1);
      if (labels.contains("method=\"" + method + "\"")
          && labels.contains("route=\"" + route + "\"")
          && labels.contains("status=\"" + status + "\"")) {
        return (long) Double.parseDouble(m.group(2));
      }
    }
    return 0;
  }

  private static List<String> refs(List<ResolvedHost.Package> packages) {
    return packages.stream().map(p -> p.name() + "-" + p.version()).collect(Collectors.toList());
  }

  @Override
  public void close() {
    server.close();
    repo.close();
  }
}
