package io.roller.roll.fetch;

import io.roller.model.PackageRef;
import io.roller.model.ResolvedHost;
import io.roller.model.Sha256;
import io.roller.roll.Json;
import io.roller.roll.RollException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Downloads the packages a roll lacks, in parallel, into a cache directory: each through a temp
 * file, sha256 and size verified, then renamed into place, so the cache only ever holds verified
 * tarballs. A 5xx, a stall, a short or wrong body is retried; after the last attempt the roll fails
 * before anything on the host has changed.
 */
public final class Downloader {
  private static final int PARALLEL = 4;

  private final HttpClient http;
  private final URI server;
  private final Duration stall;
  private final int attempts;
  private final Progress progress;

  public Downloader(HttpClient http, URI server, Duration stall, int attempts, PrintStream err) {
    this.http = http;
    this.server = server;
    this.stall = stall;
    this.attempts = attempts;
    this.progress = new Progress(err);
  }

  /** Makes sure every package is in {@code dir} (already there and matching, or downloaded). */
  public void fetch(List<ResolvedHost.Package> packages, Path dir) {
    List<ResolvedHost.Package> missing = new ArrayList<>();
    for (ResolvedHost.Package p : packages) {
      if (!cached(p, dir.resolve(p.ref().fileName()))) {
        missing.add(p);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    progress.begin(missing);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, missing.size()));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (ResolvedHost.Package p : missing) {
        futures.add(
            pool.submit(
                () -> {
                  download(p, dir);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new RollException(e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RollException("interrupted while downloading packages");
    } finally {
      pool.shutdownNow();
      progress.end();
    }
  }

  /**
   * A cached tarball is trusted when its index (written only after verification) carries the pin's
   * sha256; otherwise it is hashed again, and dropped if it does not match.
   */
  private static boolean cached(ResolvedHost.Package p, Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    Path index = file.resolveSibling(p.ref() + ".index.json");
    try {
      if (Files.exists(index)
          && p.sha256() != null
          && p.sha256().equals(Json.MAPPER.readTree(index.toFile()).path("sha256").asText())) {
        return true;
      }
    } catch (IOException e) {
      // an unreadable index just means hashing the tarball
    }
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = Sha256.digest();
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
      if (Sha256.hex(md).equals(p.sha256())) {
        return true;
      }
      Files.delete(file);
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void download(ResolvedHost.Package p, Path dir) throws IOException {
    PackageRef ref = p.ref();
    if (p.url() == null || p.sha256() == null) {
      throw new RollException("package " + ref + " is not on the server " + server);
    }
    URI uri = server.resolve(p.url());
    String last = "";
    Files.createDirectories(dir);
    for (int attempt = 1; attempt <= attempts; attempt++) {
      Path tmp = Files.createTempFile(dir, "." + ref.fileName() + ".", ".part");
      try {
        String problem = attempt(p, uri, tmp);
        if (problem == null) {
          Files.move(
              tmp,
              dir.resolve(ref.fileName()),
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
          progress.done();
          return;
        }
        last = problem;
      } finally {
        Files.deleteIfExists(tmp);
      }
      if (last.startsWith("!")) {
        throw new RollException("package " + ref + ": GET " + uri + ": " + last.substring(1));
      }
      Backoff.pause(attempt);
    }
    throw new RollException(
        "package " + ref + ": download failed after " + attempts + " attempts: " + last);
  }

  /** One try; returns null on success, else the problem ("!..." when retrying cannot help). */
  private String attempt(ResolvedHost.Package p, URI uri, Path tmp) throws IOException {
    MessageDigest md = Sha256.digest();
    AtomicLong got = new AtomicLong();
    AtomicLong lastData = new AtomicLong(System.nanoTime());
    AtomicBoolean abandoned = new AtomicBoolean();
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      HttpResponse.BodyHandler<Void> handler =
          info ->
              info.statusCode() != 200
                  ? HttpResponse.BodySubscribers.discarding()
                  : HttpResponse.BodySubscribers.ofByteArrayConsumer(
                      chunk ->
                          chunk.ifPresent(
                              bytes -> {
                                if (abandoned.get()) {
                                  return;
                                }
                                try {
                                  out.write(ByteBuffer.wrap(bytes));
                                } catch (IOException e) {
                                  throw new UncheckedIOException(e);
                                }
                                md.update(bytes);
                                got.addAndGet(bytes.length);
                                progress.add(bytes.length);
                                lastData.set(System.nanoTime());
                              }));
      HttpRequest req = HttpRequest.newBuilder(uri).timeout(stall).GET().build();
      CompletableFuture<HttpResponse<Void>> f = http.sendAsync(req, handler);
      HttpResponse<Void> r;
      while (true) {
        try {
          r = f.get(50, TimeUnit.MILLISECONDS);
          break;
        } catch (TimeoutException e) {
          if (System.nanoTime() - lastData.get() > stall.toNanos()) {
            abandoned.set(true);
            f.cancel(true);
            progress.add(-got.get());
            return "stalled: no data for " + stall.toMillis() + " ms";
          }
        } catch (ExecutionException e) {
          progress.add(-got.get());
          Throwable c = e.getCause();
          return "connection failed after "
              + got.get()
              + " bytes ("
              + c.getClass().getSimpleName()
              + (c.getMessage() == null ? "" : ": " + c.getMessage())
              + ")";
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          abandoned.set(true);
          throw new RollException("interrupted while downloading " + uri);
        }
      }
      int status = r.statusCode();
      if (status != 200) {
        return (status >= 500 || status == 429 ? "" : "!") + "server answered " + status;
      }
      if (p.size() != null && got.get() != p.size()) {
        progress.add(-got.get());
        return "got " + got.get() + " of " + p.size() + " bytes";
      }
      String sha = Sha256.hex(md);
      if (!sha.equals(p.sha256())) {
        progress.add(-got.get());
        return "sha256 " + sha + " where the server promised " + p.sha256();
      }
      out.force(true);
      return null;
    }
  }
}
