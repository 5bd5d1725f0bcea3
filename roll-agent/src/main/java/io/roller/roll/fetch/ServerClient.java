package io.roller.roll.fetch;

import io.roller.model.ResolvedHost;
import io.roller.roll.Json;
import io.roller.roll.RollException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Talks to the config server: the host's resolved view, with retries for a server having a bad moment. */
public final class ServerClient {
  private final URI server;
  private final HttpClient http;
  private final Duration timeout;
  private final int attempts;

  public ServerClient(URI server, Duration timeout, int attempts) {
    this.server = server;
    this.timeout = timeout;
    this.attempts = attempts;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  public HttpClient http() {
    return http;
  }

  public URI server() {
    return server;
  }

  /** GET /host/{h}/resolved as JSON. */
  public ResolvedHost resolved(String hostname) {
    URI uri = server.resolve("/host/" + URLEncoder.encode(hostname, StandardCharsets.UTF_8) + "/resolved?format=json");
    String last = "";
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(timeout)
            .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return parse(uri, r.body());
        }
        last = "server answered " + r.statusCode() + detail(r.body());
        if (r.statusCode() < 500 && r.statusCode() != 429) {
          throw new RollException("GET " + uri + ": " + last);
        }
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RollException("interrupted fetching " + uri);
      }
      Backoff.pause(attempt);
    }
    throw new RollException("GET " + uri + " failed after " + attempts + " attempts: " + last);
  }

  private static ResolvedHost parse(URI uri, String body) {
    try {
      ResolvedHost h = Json.MAPPER.readValue(body, ResolvedHost.class);
      if (h.hostname() == null || h.packages() == null) {
        throw new RollException("GET " + uri + ": answer lacks hostname or packages");
      }
      return h;
    } catch (IOException e) {
      throw new RollException("GET " + uri + ": not a resolved host: " + e.getMessage(), e);
    }
  }

  /** The server's {@code {error, detail}} body, shortened to one line. */
  private static String detail(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      var node = Json.MAPPER.readTree(body);
      if (node.has("detail")) {
        return ": " + node.get("detail").asText();
      }
    } catch (IOException e) {
      // not JSON; fall through
    }
    String line = body.strip().lines().findFirst().orElse("");
    return ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
  }
}
