package io.roller.server.reports;

import io.roller.model.Names;
import io.roller.server.core.DomainException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Reports in {@code --reports-dir}: {@code <dir>/<host>/<name>.json}, each written atomically. */
final class LocalReports implements ReportBackend {
  private final Path dir;
  // Host directories known to exist: Files.createDirectories costs a failed mkdir, a stat and an
  // exception per call, a large share of a report's cost in a burst.
  private final Set<String> made = ConcurrentHashMap.newKeySet();

  LocalReports(Path dir) {
    this.dir = dir;
  }

  @Override
  public void put(String host, String key, byte[] json) {
    try {
      write(host, key, json);
    } catch (NoSuchFileException e) {
      // the host's directory went away under us (removed by hand): make it again, once
      made.remove(host);
      try {
        write(host, key, json);
      } catch (IOException again) {
        throw unavailable("store a report of " + host, again);
      }
    } catch (IOException e) {
      throw unavailable("store a report of " + host, e);
    }
  }

  private void write(String host, String key, byte[] json) throws IOException {
    Path target = dir.resolve(host).resolve(key);
    if (!made.contains(host)) {
      Files.createDirectories(target.getParent());
      made.add(host);
    }
    // Renamed but not fsynced, unlike AtomicFiles: a report is rewritten by the host's next roll,
    // and an fsync per report would bound a burst of a thousand hosts by the disk's flush rate.
    Path tmp = target.resolveSibling("." + key + ".tmp");
    Files.write(tmp, json);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public byte[] get(String host, String key) {
    try {
      return Files.readAllBytes(dir.resolve(host).resolve(key));
    } catch (IOException e) {
      throw unavailable("read report " + host + "/" + key, e);
    }
  }

  @Override
  public void delete(String host, String key) {
    try {
      Files.deleteIfExists(dir.resolve(host).resolve(key));
    } catch (IOException e) {
      throw unavailable("delete report " + host + "/" + key, e);
    }
  }

  @Override
  public Map<String, List<String>> list() {
    Map<String, List<String>> out = new HashMap<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> hosts = Files.newDirectoryStream(dir)) {
      for (Path h : hosts) {
        String host = h.getFileName().toString();
        if (!Names.isHostname(host) || !Files.isDirectory(h)) {
          continue;
        }
        List<String> keys = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(h, "*.json")) {
          for (Path f : files) {
            String k = f.getFileName().toString();
            if (ReportStore.isKey(k)) {
              keys.add(k);
            }
          }
        } catch (NoSuchFileException e) {
          continue;
        }
        out.put(host, keys);
      }
    } catch (IOException e) {
      throw unavailable("list reports", e);
    }
    return out;
  }

  @Override
  public String where() {
    return dir.toString();
  }

  private DomainException unavailable(String what, IOException e) {
    return new DomainException(
        DomainException.Kind.UNAVAILABLE, "reports dir " + dir + ": cannot " + what + ": " + e, e);
  }
}
