package io.roller.server.testing;

import io.javalin.Javalin;
import io.roller.server.ConfigServer;
import io.roller.server.ServerOptions;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.packages.PackageOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A real config server on 127.0.0.1 and a random port, with {@link Http} to it; close it
 * (try-with-resources, or let {@link ServerExtension} do it) to stop it.
 */
public final class RunningServer implements AutoCloseable {
  private final ConfigServer server;
  private final Path ownCacheDir;
  private final Http http;

  private RunningServer(ConfigServer server, Path ownCacheDir) {
    this.server = server;
    this.ownCacheDir = ownCacheDir;
    this.http = Http.to(server.url());
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
    PackageOptions packages =
        new PackageOptions(dir.resolve("packages"), null, null, null, null, writeUploadToken(dir));
    return start(ServerOptions.forTest(repo.path(), dir.resolve("cache")).withPackages(packages));
  }

  /** Writes {@code dir/upload-token} holding {@link #UPLOAD_TOKEN} and returns its path. */
  static Path writeUploadToken(Path dir) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve("upload-token"), UPLOAD_TOKEN + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Uploads a tarball with {@link #UPLOAD_TOKEN}; returns the HTTP status. */
  public int upload(String name, String version, byte[] tarGz) {
    return http.put("/package/" + name + "/" + version + ".tar.gz", tarGz, UPLOAD_TOKEN)
        .statusCode();
  }

  public static RunningServer start(
      ServerOptions options, PackageCatalog catalog, Consumer<Javalin> extraRoutes) {
    return new RunningServer(ConfigServer.start(options, catalog, extraRoutes), null);
  }

  private static Path tempDir() {
    return TempDirs.create("roller-server-cache");
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
    return http.client();
  }

  /** HTTP to this server: paths are appended to {@link #url}. */
  public Http http() {
    return http;
  }

  /** GET {@code path} (with query) as text; headers as name, value pairs. */
  public HttpResponse<String> get(String path, String... headers) {
    return http.get(path, headers);
  }

  /** GET {@code path} as bytes. */
  public HttpResponse<byte[]> getBytes(String path, String... headers) {
    return http.getBytes(path, headers);
  }

  /** GET {@code path} as JSON text ({@code Accept: application/json}). */
  public HttpResponse<String> getJson(String path) {
    return http.getJson(path);
  }

  /** POST with an empty body, e.g. {@code post("/refresh")}. */
  public HttpResponse<String> post(String path, String... headers) {
    return http.post(path, headers);
  }

  /** Any method with any body. */
  public HttpResponse<String> send(
      String method, String path, HttpRequest.BodyPublisher body, String... headers) {
    return http.send(method, path, body, headers);
  }

  @Override
  public void close() {
    server.close();
    TempDirs.delete(ownCacheDir);
  }
}
