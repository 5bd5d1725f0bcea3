package io.roller.roll.fetch;

import io.roller.common.HttpGet;
import io.roller.model.ResolvedHost;
import io.roller.roll.core.Json;
import io.roller.roll.core.RollException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Talks to the config server: the host's resolved view, with retries for a server having a bad
 * moment. The view is fetched with {@link HttpGet} (quick to start in a cold JVM); the {@link
 * HttpClient} for parallel downloads is made only when needed.
 */
public final class ServerClient {
  private final URI server;
  private final Duration timeout;
  private final int attempts;
  private HttpClient http;

  /**
   * An answer to a conditional GET: the view and its ETag, or no view when it is the one we have.
   */
  public record Answer(ResolvedHost host, String etag) {
    public boolean notModified() {
      return host == null;
    }
  }

  public ServerClient(URI server, Duration timeout, int attempts) {
    this.server = server;
    this.timeout = timeout;
    this.attempts = attempts;
  }

  /** The HTTP client for package downloads, made on first use. */
  public HttpClient http() {
    if (http == null) {
      http =
          HttpClient.newBuilder()
              // no h2c upgrade on plain http: a server or proxy that fumbles it stalls the request
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(timeout)
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build();
    }
    return http;
  }

  public URI server() {
    return server;
  }

  /** GET /host/{h}/resolved as JSON. */
  public ResolvedHost resolved(String hostname) {
    return resolved(hostname, null).host();
  }

  /**
   * GET /host/{h}/resolved as JSON; with {@code ifNoneMatch} (an ETag of an earlier answer) a 304
   * comes back as {@link Answer#notModified()}.
   */
  public Answer resolved(String hostname, String ifNoneMatch) {
    URI uri =
        Downloader.under(
            server,
            "host/"
                + URLEncoder.encode(hostname, StandardCharsets.UTF_8)
                + "/resolved?format=json");
    Map<String, String> headers =
        ifNoneMatch == null
            ? Map.of("Accept", "application/json")
            : Map.of("Accept", "application/json", "If-None-Match", ifNoneMatch);
    String last = "";
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        HttpGet.Response r = HttpGet.get(uri, headers, timeout);
        if (r.status() == 304 && ifNoneMatch != null) {
          return new Answer(null, ifNoneMatch);
        }
        if (r.status() == 200) {
          return new Answer(parse(uri, r.body()), r.etag());
        }
        String detail = r.detail();
        last = "server answered " + r.status() + (detail.isEmpty() ? "" : ": " + detail);
        if (r.status() < 500 && r.status() != 429) {
          throw new RollException("GET " + uri + ": " + last);
        }
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
      Backoff.pause(attempt);
    }
    throw new RollException("GET " + uri + " failed after " + attempts + " attempts: " + last);
  }

  private static ResolvedHost parse(URI uri, byte[] body) {
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
}
