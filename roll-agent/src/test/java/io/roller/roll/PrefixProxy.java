package io.roller.roll;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A reverse proxy on 127.0.0.1 that serves a real config server under a path prefix ({@code
 * /roller/host/...} goes to {@code /host/...}), as a site's front proxy would; it can stall the
 * first tarball download halfway, or dribble tarballs slowly. Records each tarball request's Range
 * header and the body bytes it passed on.
 */
public final class PrefixProxy implements AutoCloseable {
  private static final List<String> REQUEST_HEADERS =
      List.of("Accept", "Range", "If-Range", "If-None-Match", "Authorization", "Content-Type");
  private static final List<String> RESPONSE_HEADERS =
      List.of("Content-Type", "ETag", "Content-Range", "Accept-Ranges", "X-Roller-Revision");

  private final HttpServer server;
  private final String backend;
  private final String prefix;
  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicBoolean stallFirstTarball = new AtomicBoolean();
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile long dribbleMillis;

  /** The Range header of each tarball GET ("" when none), in order. */
  public final List<String> tarballRanges = new CopyOnWriteArrayList<>();

  /** Tarball body bytes passed on to roll, over all requests. */
  public final AtomicLong tarballBytes = new AtomicLong();

  public PrefixProxy(String backend, String prefix) {
    this.backend = backend;
    this.prefix = prefix;
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  /** The proxied server's URL, prefix included, without a trailing slash. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + prefix;
  }

  /** The first tarball GET sends half its body, then nothing until {@link #close}. */
  public PrefixProxy stallFirstTarball() {
    stallFirstTarball.set(true);
    return this;
  }

  /** Tarballs go out in 16 kB pieces with this pause between them. */
  public PrefixProxy dribble(long millis) {
    dribbleMillis = millis;
    return this;
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getRawPath();
      if (!path.startsWith(prefix + "/")) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      String query = ex.getRequestURI().getRawQuery();
      URI target =
          URI.create(
              backend + path.substring(prefix.length()) + (query == null ? "" : "?" + query));
      HttpRequest.Builder req =
          HttpRequest.newBuilder(target)
              .method(
                  ex.getRequestMethod(),
                  HttpRequest.BodyPublishers.ofByteArray(ex.getRequestBody().readAllBytes()));
      for (String h : REQUEST_HEADERS) {
        String v = ex.getRequestHeaders().getFirst(h);
        if (v != null) {
          req.header(h, v);
        }
      }
      HttpResponse<InputStream> r =
          http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
      boolean tarball = path.endsWith(".tar.gz") && ex.getRequestMethod().equals("GET");
      if (tarball) {
        String range = ex.getRequestHeaders().getFirst("Range");
        tarballRanges.add(range == null ? "" : range);
      }
      for (String h : RESPONSE_HEADERS) {
        r.headers().firstValue(h).ifPresent(v -> ex.getResponseHeaders().set(h, v));
      }
      long length = r.headers().firstValueAsLong("Content-Length").orElse(0);
      boolean empty = r.statusCode() == 304 || ex.getRequestMethod().equals("HEAD") || length == 0;
      ex.sendResponseHeaders(r.statusCode(), empty ? -1 : length);
      try (InputStream in = r.body()) {
        if (empty) {
          return;
        }
        OutputStream out = ex.getResponseBody();
        if (tarball && stallFirstTarball.compareAndSet(true, false)) {
          byte[] half = in.readNBytes((int) (length / 2));
          out.write(half);
          out.flush();
          tarballBytes.addAndGet(half.length);
          release.await(30, TimeUnit.SECONDS);
          return;
        }
        byte[] buf = new byte[16 * 1024];
        for (int n; (n = in.read(buf)) > 0; ) {
          out.write(buf, 0, n);
          out.flush();
          if (tarball) {
            tarballBytes.addAndGet(n);
            if (dribbleMillis > 0) {
              Thread.sleep(dribbleMillis);
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
