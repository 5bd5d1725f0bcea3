package io.roller.model.pkg;

import io.roller.model.ValidationException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Streams a package (.tar.gz), validating each entry before the visitor sees it. Entries under
 * {@code .roller/} never reach the visitor; the manifest among them is parsed and returned.
 */
public final class PackageReader {
  /** Bytes after the tar end marker that we still read, to reach and check the gzip trailer. */
  private static final long MAX_TRAILER = 16L * 1024 * 1024;

  private static final int MAX_MANIFEST = 1024 * 1024;

  private PackageReader() {}

  /**
   * Reads and validates a whole package; throws {@link PackageException} naming the entry and the
   * rule it broke. IOExceptions come only from the visitor or from the underlying stream's source.
   */
  public static PackageManifest read(InputStream tarGz, Limits limits, EntryVisitor visitor)
      throws IOException {
    Budget budget = new Budget(limits);
    BufferedInputStream raw = new BufferedInputStream(tarGz, 64 * 1024);
    InputStream gz = openGzip(raw);
    TarArchiveInputStream tar = new TarArchiveInputStream(gz);
    TreeRules rules = new TreeRules();
    PackageManifest manifest = PackageManifest.EMPTY;
    String last = null;
    TarArchiveEntry e;
    while ((e = next(tar, last)) != null) {
      last = e.getName();
      budget.entry(last);
      PackageEntry entry = rules.admit(e);
      EntryContent content = new EntryContent(tar, last, budget);
      if (entry != null) {
        if (entry.path().equals(PackageManifest.PATH)) {
          manifest = manifest(entry, last, content);
        } else if (!isRoller(entry.path())) {
          visitor.visit(entry, content);
        }
      }
      content.finish(entry == null ? 0 : entry.size());
    }
    drainTrailer(gz, last);
    nothingAfter(raw);
    return manifest;
  }

  /** Validates a package without looking at its content. */
  public static PackageManifest validate(InputStream tarGz, Limits limits) throws IOException {
    return read(tarGz, limits, EntryVisitor.NONE);
  }

  private static boolean isRoller(String path) {
    return path.equals(".roller") || path.startsWith(".roller/");
  }

  private static InputStream openGzip(BufferedInputStream b) throws IOException {
    b.mark(2);
    int m1 = b.read();
    int m2 = b.read();
    b.reset();
    if (m1 == -1) {
      throw new PackageException(null, "not a gzip archive: the file is empty");
    }
    if (m1 != 0x1f || m2 != 0x8b) {
      throw new PackageException(null, "not a gzip archive (want a .tar.gz)");
    }
    try {
      return new GzipCompressorInputStream(b, false);
    } catch (IOException ex) {
      throw new PackageException(null, "not a gzip archive: " + ex.getMessage(), ex);
    }
  }

  private static TarArchiveEntry next(TarArchiveInputStream tar, String last) {
    try {
      return tar.getNextEntry();
    } catch (IOException | RuntimeException ex) {
      throw corrupt(last, ex);
    }
  }

  private static void drainTrailer(InputStream gz, String last) {
    // reading to the end makes gzip check its CRC and length: a cut-off archive fails here
    byte[] buf = new byte[8192];
    long total = 0;
    try {
      int n;
      while ((n = gz.read(buf)) != -1) {
        total += n;
        if (total > MAX_TRAILER) {
          throw new PackageException(
              null, "more than " + MAX_TRAILER + " bytes after the end of the tar archive");
        }
      }
    } catch (IOException ex) {
      throw corrupt(last, ex);
    }
  }

  /**
   * The gzip stream must be the whole file: the reader stops after its first member, so a second
   * member or trailing bytes would be data no check ever looked at.
   */
  private static void nothingAfter(BufferedInputStream raw) {
    int m1;
    int m2;
    try {
      m1 = raw.read();
      m2 = m1 == -1 ? -1 : raw.read();
    } catch (IOException ex) {
      throw corrupt(null, ex);
    }
    if (m1 == 0x1f && m2 == 0x8b) {
      throw new PackageException(
          null, "a second gzip member follows the first; want one gzip stream");
    }
    if (m1 != -1) {
      throw new PackageException(null, "trailing bytes after the end of the gzip stream");
    }
  }

  static PackageException corrupt(String last, Throwable ex) {
    String what = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    if (last == null) {
      return new PackageException(null, "archive is truncated or corrupt: " + what, ex);
    }
    return new PackageException(
        last, "archive is truncated or corrupt at or after this entry: " + what, ex);
  }

  private static PackageManifest manifest(PackageEntry entry, String raw, EntryContent content)
      throws IOException {
    if (entry.type() != PackageEntry.Type.FILE) {
      throw new PackageException(raw, "the manifest must be a regular file");
    }
    if (entry.size() > MAX_MANIFEST) {
      throw new PackageException(raw, "the manifest is larger than " + MAX_MANIFEST + " bytes");
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    content.transferTo(bytes);
    try {
      return PackageManifest.parse(PackageManifest.PATH, bytes.toString(StandardCharsets.UTF_8));
    } catch (ValidationException ex) {
      String where = ex.line() > 0 ? "line " + ex.line() + ": " : "";
      String key = ex.key() != null ? "key '" + ex.key() + "': " : "";
      throw new PackageException(raw, "invalid manifest: " + where + key + ex.reason(), ex);
    }
  }

  /** Counts entries and bytes actually read against the limits. */
  static final class Budget {
    private final Limits limits;
    private long entries;
    private long bytes;

    Budget(Limits limits) {
      this.limits = limits;
    }

    void entry(String name) {
      if (++entries > limits.maxEntries()) {
        throw new PackageException(name, "more than " + limits.maxEntries() + " entries");
      }
    }

    void bytes(String name, long n) {
      bytes += n;
      if (bytes > limits.maxExpandedBytes()) {
        throw new PackageException(
            name, "expands to more than " + limits.maxExpandedBytes() + " bytes");
      }
    }
  }
}
