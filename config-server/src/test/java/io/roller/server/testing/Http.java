package io.roller.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The tests' one HTTP helper: real requests to a server under test. Paths are appended to the base
 * URL ({@link #to}); with {@link #absolute} they are whole URLs. Headers are name, value pairs.
 * Every call answers the status, headers and body; I/O failures are unchecked so a test reads as
 * its requests.
 */
public final class Http {
  /** One client for every test: its connection pool and threads are not free to make. */
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final String base;

  private Http(String base) {
    this.base = base;
  }

  /** Requests to {@code baseUrl + path}, e.g. {@code Http.to(server.url()).get("/healthz")}. */
  public static Http to(String baseUrl) {
    return new Http(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
  }

  /** Requests to whole URLs, for tests that talk to several servers. */
  public static Http absolute() {
    return new Http("");
  }

  public HttpClient client() {
    return CLIENT;
  }

  /** GET as text. */
  public HttpResponse<String> get(String path, String... headers) {
    return send(request(path, headers).GET(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET as bytes (tarballs, ranges). */
  public HttpResponse<byte[]> getBytes(String path, String... headers) {
    return send(request(path, headers).GET(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** GET with {@code Accept: application/json}, as text. */
  public HttpResponse<String> getJson(String path) {
    return get(path, "Accept", "application/json");
  }

  public HttpResponse<byte[]> head(String path, String... headers) {
    return send(
        request(path, headers).method("HEAD", HttpRequest.BodyPublishers.noBody()),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  /** POST with an empty body, e.g. {@code post("/refresh")}. */
  public HttpResponse<String> post(String path, String... headers) {
    return send("POST", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  /** PUT bytes with {@code Authorization: Bearer token}, or no Authorization when it is null. */
  public HttpResponse<byte[]> put(String path, byte[] body, String token) {
    HttpRequest.Builder b = request(path).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return send(b, HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Any method with any body, as text. */
  public HttpResponse<String> send(
      String method, String path, HttpRequest.BodyPublisher body, String... headers) {
    return send(request(path, headers).method(method, body), HttpResponse.BodyHandlers.ofString());
  }

  /** A request of the caller's own making (its URI whole), e.g. with an odd timeout. */
  public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
    try {
      return CLIENT.send(request.build(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A request builder for {@code path} with the headers and the default 60 s timeout. */
  public HttpRequest.Builder request(String path, String... headers) {
    if (headers.length % 2 != 0) {
      throw new IllegalArgumentException("headers are name, value pairs: " + headers.length);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  /** A byte body as UTF-8 text. */
  public static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** A text body as JSON; a body that is not JSON fails the test, quoting it. */
  public static JsonNode json(HttpResponse<String> r) {
    return json(r.body());
  }

  public static JsonNode json(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON (" + e.getMessage() + "): " + body, e);
    }
  }

  /** A header's first value, failing the test when it is missing. */
  public static String header(HttpResponse<?> r, String name) {
    return r.headers()
        .firstValue(name)
        .orElseThrow(
            () -> new AssertionError("no " + name + " header in " + r.headers().map().keySet()));
  }
}
