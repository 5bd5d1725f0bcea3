package io.roller.server.testing;

import io.javalin.Javalin;
import io.roller.server.ConfigServer;
import io.roller.server.ServerOptions;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.packages.PackageOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A real config server on 127.0.0.1 and a random port, with HTTP helpers; close it
 * (try-with-resources or {@code @AfterEach}) to stop it.
 */
public final class RunningServer implements AutoCloseable {
  private final ConfigServer server;
  private final Path ownCacheDir;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private RunningServer(ConfigServer server, Path ownCacheDir) {
    this.server = server;
    this.ownCacheDir = ownCacheDir;
  }

  /** Serves the repo's {@code main} branch from its local path. */
  public static RunningServer start(TestRepo repo) {
    return start(repo, PackageCatalog.EMPTY, app -> {});
  }

  /** Serves the repo with a package catalog and extra routes (the package store's). */
  public static RunningServer start(
      TestRepo repo, PackageCatalog catalog, Consumer<Javalin> extraRoutes) {
    Path cache = tempDir();
    return new RunningServer(
        ConfigServer.start(ServerOptions.forTest(repo.path(), cache), catalog, extraRoutes), cache);
  }

  /**
   * Starts with any options (use {@link ServerOptions#forTest} and its withers), package store
   * included.
   */
  public static RunningServer start(ServerOptions options) {
    return new RunningServer(ConfigServer.start(options), null);
  }

  /** The bearer token of {@link #withPackages}. */
  public static final String UPLOAD_TOKEN = "test-upload-token";

  /**
   * Serves the repo with a package store in {@code dir} (packages/, cache/, and a token file
   * holding {@link #UPLOAD_TOKEN}), so uploads work over HTTP.
   */
  public static RunningServer withPackages(TestRepo repo, Path dir) {
    try {
      Files.createDirectories(dir);
      Path token = Files.writeString(dir.resolve("upload-token"), UPLOAD_TOKEN + "\n");
      PackageOptions packages =
          new PackageOptions(dir.resolve("packages"), null, null, null, null, token);
      return start(ServerOptions.forTest(repo.path(), dir.resolve("cache")).withPackages(packages));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Uploads a tarball with {@link #UPLOAD_TOKEN}; returns the HTTP status. */
  public int upload(String name, String version, byte[] tarGz) {
    return send(
            "PUT",
            "/package/" + name + "/" + version + ".tar.gz",
            HttpRequest.BodyPublishers.ofByteArray(tarGz),
            "Authorization",
            "Bearer " + UPLOAD_TOKEN)
        .statusCode();
  }

  public static RunningServer start(
      ServerOptions options, PackageCatalog catalog, Consumer<Javalin> extraRoutes) {
    return new RunningServer(ConfigServer.start(options, catalog, extraRoutes), null);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("roller-server-cache");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Base URL, e.g. {@code http://127.0.0.1:40123}. */
  public String url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  public ConfigServer server() {
    return server;
  }

  public HttpClient client() {
    return client;
  }

  /** GET {@code path} (with query) as text; headers as name, value pairs. */
  public HttpResponse<String> get(String path, String... headers) {
    return send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET {@code path} as bytes. */
  public HttpResponse<byte[]> getBytes(String path, String... headers) {
    return send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** GET {@code path} as JSON text ({@code Accept: application/json}). */
  public HttpResponse<String> getJson(String path) {
    return get(path, "Accept", "application/json");
  }

  /** POST with an empty body, e.g. {@code post("/refresh")}. */
  public HttpResponse<String> post(String path, String... headers) {
    return send(
        request(path, headers).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Any method with any body. */
  public HttpResponse<String> send(
      String method, String path, HttpRequest.BodyPublisher body, String... headers) {
    return send(
        request(path, headers).method(method, body).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder request(String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  private <T> HttpResponse<T> send(HttpRequest r, HttpResponse.BodyHandler<T> handler) {
    try {
      return client.send(r, handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
    if (ownCacheDir != null) {
      try (Stream<Path> s = Files.walk(ownCacheDir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temp dir is harmless
      }
    }
  }
}
