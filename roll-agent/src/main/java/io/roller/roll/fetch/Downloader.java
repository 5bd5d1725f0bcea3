package io.roller.roll.fetch;

import io.roller.common.Parallel;
import io.roller.model.PackageRef;
import io.roller.model.ResolvedHost;
import io.roller.model.Sha256;
import io.roller.roll.core.Json;
import io.roller.roll.core.RollException;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Downloads the packages a roll lacks, in parallel, into a cache directory: each through a temp
 * file, sha256 and size verified, then renamed into place, so the cache only ever holds verified
 * tarballs. A 5xx, a stall, a short or wrong body is retried; after the last attempt the roll fails
 * before anything on the host has changed.
 *
 * <p>Over 300 lines: one download is a state machine (cache check, resume with Range and If-Range,
 * retries with backoff, a stall watchdog, sha256 while streaming, atomic publish) whose steps share
 * the same per-package state.
 */
public final class Downloader {
  private static final int PARALLEL = 4;

  /** Made only when something is missing: building an HttpClient costs a cold JVM ~0.1 s. */
  private final Supplier<HttpClient> http;

  private final URI server;
  private final Duration stall;
  private final int attempts;
  private final Progress progress;

  public Downloader(HttpClient http, URI server, Duration stall, int attempts, PrintStream err) {
    this(() -> http, server, stall, attempts, err);
  }

  public Downloader(
      Supplier<HttpClient> http, URI server, Duration stall, int attempts, PrintStream err) {
    this.http = http;
    this.server = server;
    this.stall = stall;
    this.attempts = attempts;
    this.progress = new Progress(err, Progress.isTerminal(err));
  }

  /**
   * Makes sure every package is in {@code dir} (already there and matching, or downloaded).
   *
   * @param packages packages of the set {@link io.roller.roll.plan.Desired#onServer} returned, the
   *     one check that each is on the server (has its url and sha256)
   */
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
    try {
      Parallel.map(
          missing,
          PARALLEL,
          "roll-download",
          p -> {
            download(p, dir);
            return null;
          });
    } catch (IOException e) {
      throw new RollException(e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RollException("interrupted while downloading packages");
    } finally {
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
    URI uri = under(server, p.url());
    String last = "";
    Files.createDirectories(dir);
    checkSpace(p, dir);
    // One temp file for all attempts: a retry after a stall resumes where the last one stopped.
    Path tmp = Files.createTempFile(dir, "." + ref.fileName() + ".", ".part");
    try {
      for (int attempt = 1; attempt <= attempts; attempt++) {
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
        if (last.startsWith("!")) {
          throw new RollException("package " + ref + ": GET " + uri + ": " + last.substring(1));
        }
        Backoff.pause(attempt);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    throw new RollException(
        "package " + ref + ": download failed after " + attempts + " attempts: " + last);
  }

  /**
   * A path the server gives ({@code /package/x/1.tar.gz}) is under the server URL, whose own path
   * (a proxy's {@code /roller/} prefix) is kept; a full URL is taken as it is.
   */
  public static URI under(URI server, String path) {
    URI p = URI.create(path);
    if (p.isAbsolute()) {
      return p;
    }
    String base = server.toString();
    URI b = URI.create(base.endsWith("/") ? base : base + "/");
    return b.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  /** A package announced bigger than the cache's free space fails before a byte is written. */
  private static void checkSpace(ResolvedHost.Package p, Path dir) throws IOException {
    if (p.size() == null) {
      return;
    }
    long free = Files.getFileStore(dir).getUsableSpace();
    if (p.size() > free) {
      throw new RollException(
          "package "
              + p.ref()
              + " is "
              + p.size()
              + " bytes but "
              + dir
              + " has only "
              + free
              + " bytes free");
    }
  }

  /**
   * One try; returns null on success, else the problem ("!..." when retrying cannot help). What an
   * earlier try left in {@code tmp} is kept and only the rest asked for (Range), unless the server
   * answers with the whole file.
   */
  private String attempt(ResolvedHost.Package p, URI uri, Path tmp) throws IOException {
    long have = Files.size(tmp);
    if (p.size() != null && have >= p.size()) {
      have = 0; // complete but wrong: start over
    }
    MessageDigest md = Sha256.digest();
    if (have > 0) {
      try (InputStream in = Files.newInputStream(tmp)) {
        byte[] buf = new byte[1 << 16];
        for (long left = have; left > 0; ) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) {
            break;
          }
          md.update(buf, 0, n);
          left -= n;
        }
      }
    }
    long offset = have;
    // without an announced size, the cache's free space is where reading stops
    long limit = p.size() != null ? p.size() : have + Files.getFileStore(tmp).getUsableSpace();
    AtomicLong got = new AtomicLong();
    AtomicLong lastData = new AtomicLong(System.nanoTime());
    AtomicBoolean abandoned = new AtomicBoolean();
    AtomicBoolean tooLong = new AtomicBoolean();
    AtomicLong from = new AtomicLong(-1);
    Object lock = new Object();
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      HttpResponse.BodyHandler<Void> handler =
          info -> {
            long start = start(info, offset);
            if (start < 0) {
              return HttpResponse.BodySubscribers.discarding();
            }
            from.set(start);
            try {
              out.truncate(start);
              out.position(start);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            if (start == 0 && offset > 0) {
              // the server sent the whole file again: forget the part we had
              md.reset();
              progress.add(-offset);
            }
            return HttpResponse.BodySubscribers.ofByteArrayConsumer(
                chunk ->
                    chunk.ifPresent(
                        bytes -> {
                          synchronized (lock) {
                            if (abandoned.get()) {
                              return;
                            }
                            if (start + got.get() + bytes.length > limit) {
                              // a server streaming past the size it announced fills the disk
                              tooLong.set(true);
                              abandoned.set(true);
                              return;
                            }
                            try {
                              out.write(ByteBuffer.wrap(bytes));
                            } catch (IOException e) {
                              throw new UncheckedIOException(e);
                            }
                            md.update(bytes);
                            got.addAndGet(bytes.length);
                          }
                          progress.add(bytes.length);
                          lastData.set(System.nanoTime());
                        }));
          };
      HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(stall).GET();
      if (offset > 0) {
        req.header("Range", "bytes=" + offset + "-").header("If-Range", "\"" + p.sha256() + "\"");
      }
      CompletableFuture<HttpResponse<Void>> f = http.get().sendAsync(req.build(), handler);
      HttpResponse<Void> r;
      while (true) {
        try {
          r = f.get(50, TimeUnit.MILLISECONDS);
          break;
        } catch (TimeoutException e) {
          if (tooLong.get()) {
            f.cancel(true);
            return tooLong(p);
          }
          if (System.nanoTime() - lastData.get() > stall.toNanos()) {
            synchronized (lock) {
              abandoned.set(true);
            }
            f.cancel(true);
            return "stalled: no data for " + stall.toMillis() + " ms";
          }
        } catch (ExecutionException e) {
          synchronized (lock) {
            abandoned.set(true);
          }
          if (tooLong.get()) {
            return tooLong(p);
          }
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
      if (tooLong.get()) {
        return tooLong(p);
      }
      int status = r.statusCode();
      if (from.get() < 0) {
        if (offset > 0 && (status == 206 || status == 416)) {
          // not the range asked for: the next try starts over
          out.truncate(0);
          progress.add(-offset);
          return "server answered " + status + " to a resume at byte " + offset;
        }
        return (status >= 500 || status == 429 ? "" : "!") + "server answered " + status;
      }
      long total = from.get() + got.get();
      if (p.size() != null && total != limit) {
        return "got " + total + " of " + limit + " bytes";
      }
      String sha = Sha256.hex(md);
      if (!sha.equals(p.sha256())) {
        out.truncate(0);
        progress.add(-total);
        return "sha256 " + sha + " where the server promised " + p.sha256();
      }
      out.force(true);
      return null;
    }
  }

  private static String tooLong(ResolvedHost.Package p) {
    return p.size() == null
        ? "!the download is larger than the cache's free space"
        : "!the server sent more than the " + p.size() + " bytes it announced";
  }

  /**
   * Where the body starts in the file: 0 for a 200, the resume offset for a 206 whose Content-Range
   * begins there, -1 for anything else.
   */
  private static long start(HttpResponse.ResponseInfo info, long offset) {
    if (info.statusCode() == 200) {
      return 0;
    }
    if (info.statusCode() == 206 && offset > 0) {
      String range = info.headers().firstValue("Content-Range").orElse("");
      if (range.startsWith("bytes " + offset + "-")) {
        return offset;
      }
    }
    return -1;
  }
}
