package io.roller.server.reports;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.roller.model.Report;
import io.roller.server.core.DomainException;
import io.roller.server.packages.PackageOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's reports: kept in a backend (S3 or a local directory), mirrored in memory (the last
 * {@link #KEEP} per host) so reads never wait on storage. {@link #sync} loads what other servers
 * (or a previous run of this one) stored. When the backend fails the store keeps answering from
 * memory and says it is degraded.
 *
 * <p>About 300 lines: the in-memory mirror, the sync with the backend and the degraded state share
 * one version counter that /metrics and the fleet views watch, so they stay in one class.
 */
public final class ReportStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReportStore.class);

  /** Reports kept per host. */
  public static final int KEEP = 100;

  /** The largest report body accepted. */
  public static final int MAX_BYTES = 64 * 1024;

  private static final Pattern KEY = Pattern.compile("[0-9]{13}-[0-9a-f]{8}\\.json");
  static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final ReportBackend backend;
  private final ReportOptions options;
  private final byte[] token;
  private final Clock clock;
  private final ConcurrentHashMap<String, ConcurrentSkipListMap<String, Report>> hosts =
      new ConcurrentHashMap<>();
  private final AtomicLong version = new AtomicLong();
  private volatile String degraded;

  ReportStore(ReportBackend backend, ReportOptions options, Clock clock) {
    this.backend = backend;
    this.options = options;
    this.clock = clock;
    this.token = readToken(options.tokenFile());
  }

  /**
   * Opens the store (S3 when {@code packages} has a bucket, else the reports dir) and starts
   * loading what it holds on a thread of its own (the server loads its repo meanwhile); reads wait
   * for that load. A backend that cannot be read leaves the store empty and degraded, not the
   * server down.
   */
  public static ReportStore open(ReportOptions options, PackageOptions packages) {
    ReportBackend b =
        packages != null && packages.s3Enabled()
            ? new S3Reports(packages)
            : new LocalReports(options.reportsDir());
    ReportStore s = new ReportStore(b, options, Clock.systemUTC());
    Thread t =
        new Thread(
            () -> {
              try {
                long t0 = System.nanoTime();
                int n = s.sync();
                LOG.info(
                    "reports: {} loaded from {} in {} ms",
                    n,
                    b.where(),
                    (System.nanoTime() - t0) / 1_000_000);
              } finally {
                s.loaded.countDown();
              }
            },
            "reports-load");
    t.setDaemon(true);
    t.start();
    return s;
  }

  private final java.util.concurrent.CountDownLatch loaded =
      new java.util.concurrent.CountDownLatch(1);

  /** Waits until the reports in storage at start are loaded. */
  public void awaitLoaded() {
    try {
      loaded.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DomainException(DomainException.Kind.UNAVAILABLE, "interrupted loading reports");
    }
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  static boolean isKey(String name) {
    return KEY.matcher(name).matches();
  }

  public ReportOptions options() {
    return options;
  }

  /** Checks {@code Authorization} when a token is configured: 401 when missing or wrong. */
  public void checkToken(String authorization) {
    if (token == null) {
      return;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new DomainException(
          DomainException.Kind.UNAUTHORIZED, "missing 'Authorization: Bearer <report token>'");
    }
    byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token)) {
      throw new DomainException(DomainException.Kind.UNAUTHORIZED, "wrong report token");
    }
  }

  /**
   * Parses and validates a posted body for {@code host}: 413 over {@link #MAX_BYTES}, 400 when it
   * is not a report of that host.
   */
  public static Report parse(String host, byte[] body) {
    if (body.length > MAX_BYTES) {
      throw new DomainException(
          DomainException.Kind.TOO_LARGE,
          "report of " + body.length + " bytes; the limit is " + MAX_BYTES);
    }
    Report r;
    try {
      r = JSON.readValue(body, Report.class);
    } catch (ValueInstantiationException e) {
      Throwable c = e.getCause() != null ? e.getCause() : e;
      throw DomainException.badRequest("bad report: " + c.getMessage());
    } catch (IOException e) {
      throw DomainException.badRequest(
          "bad report: not a JSON report: " + firstLine(e.getMessage()));
    }
    if (r == null) {
      throw DomainException.badRequest("bad report: empty body");
    }
    if (!r.hostname().equals(host)) {
      throw DomainException.badRequest(
          "bad report: hostname " + r.hostname() + " posted to /host/" + host + "/report");
    }
    return r;
  }

  /** Stores a report (stamped with its arrival); 503 when the backend cannot take it. */
  public Report add(Report posted) {
    Instant now = clock.instant();
    Report r = posted.receivedAt(now);
    String key =
        String.format("%013d-%08x.json", now.toEpochMilli(), ThreadLocalRandom.current().nextInt());
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(r);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    try {
      backend.put(r.hostname(), key, bytes);
      degraded = null;
    } catch (DomainException e) {
      degraded = e.getMessage();
      throw e;
    }
    keep(r.hostname(), key, r);
    return r;
  }

  private void keep(String host, String key, Report r) {
    ConcurrentSkipListMap<String, Report> m =
        hosts.computeIfAbsent(host, h -> new ConcurrentSkipListMap<>());
    m.put(key, r);
    version.incrementAndGet();
    while (m.size() > KEEP) {
      Map.Entry<String, Report> old = m.pollFirstEntry();
      if (old == null) {
        break;
      }
      try {
        backend.delete(host, old.getKey());
      } catch (DomainException e) {
        // left in storage; the next sync will not bring it back past the cap
        LOG.warn("cannot prune report {}/{}: {}", host, old.getKey(), e.getMessage());
      }
    }
  }

  /** Loads the reports stored since the last sync (by this server or another); returns how many. */
  public synchronized int sync() {
    Map<String, List<String>> listed;
    try {
      listed = backend.list();
    } catch (DomainException e) {
      degraded = e.getMessage();
      LOG.warn("reports: {}", e.getMessage());
      return 0;
    }
    List<String[]> missing = new ArrayList<>();
    listed.forEach(
        (host, keys) -> {
          NavigableMap<String, Report> have = hosts.get(host);
          List<String> sorted = new ArrayList<>(keys);
          Collections.sort(sorted);
          // Only the newest KEEP matter; older ones are another server's not yet pruned.
          for (String k : sorted.subList(Math.max(0, sorted.size() - KEEP), sorted.size())) {
            if (have == null || !have.containsKey(k)) {
              missing.add(new String[] {host, k});
            }
          }
        });
    List<Object[]> loaded =
        missing.parallelStream()
            .map(
                hk -> {
                  try {
                    return new Object[] {
                      hk[0], hk[1], JSON.readValue(backend.get(hk[0], hk[1]), Report.class)
                    };
                  } catch (IOException | RuntimeException e) {
                    LOG.warn("skipping unreadable report {}/{}: {}", hk[0], hk[1], e.getMessage());
                    return null;
                  }
                })
            .filter(o -> o != null)
            .collect(Collectors.toList());
    for (Object[] o : loaded) {
      ConcurrentSkipListMap<String, Report> m =
          hosts.computeIfAbsent((String) o[0], h -> new ConcurrentSkipListMap<>());
      m.put((String) o[1], (Report) o[2]);
      while (m.size() > KEEP) {
        m.pollFirstEntry();
      }
    }
    if (!loaded.isEmpty()) {
      version.incrementAndGet();
    }
    degraded = null;
    return loaded.size();
  }

  /** The newest report of a host. */
  public Optional<Report> last(String host) {
    awaitLoaded();
    ConcurrentSkipListMap<String, Report> m = hosts.get(host);
    if (m == null) {
      return Optional.empty();
    }
    Map.Entry<String, Report> e = m.lastEntry();
    return e == null ? Optional.empty() : Optional.of(e.getValue());
  }

  /** A host's reports, newest first. */
  public List<Report> reports(String host, int limit) {
    awaitLoaded();
    ConcurrentSkipListMap<String, Report> m = hosts.get(host);
    if (m == null) {
      return List.of();
    }
    return m.descendingMap().values().stream().limit(limit).toList();
  }

  /** Changes with every report stored or loaded (for caching what is computed from them). */
  public long version() {
    return version.get();
  }

  /** Why storage last failed, or null when it works. */
  public String degraded() {
    return degraded;
  }

  public String where() {
    return backend.where();
  }

  private static byte[] readToken(Path file) {
    if (file == null) {
      return null;
    }
    try {
      String t = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (t.isEmpty()) {
        throw new IllegalArgumentException("--report-token-file " + file + " is empty");
      }
      return t.getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read --report-token-file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    backend.close();
  }
}
