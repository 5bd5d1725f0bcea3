package io.roller.model.pkg;

import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * One entry's bytes as the visitor sees them: counted against the budget as they are actually read
 * (never trusting the header's size), archive errors turned into {@link PackageException}s naming
 * the entry, and a close() that leaves the archive open.
 */
final class EntryContent extends InputStream {
  private final TarArchiveInputStream tar;
  private final String name;
  private final PackageReader.Budget budget;
  private long read;

  EntryContent(TarArchiveInputStream tar, String name, PackageReader.Budget budget) {
    this.tar = tar;
    this.name = name;
    this.budget = budget;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    int n;
    try {
      n = tar.read(b, off, len);
    } catch (IOException | RuntimeException ex) {
      throw PackageReader.corrupt(name, ex);
    }
    if (n > 0) {
      read += n;
      budget.bytes(name, n);
    }
    return n;
  }

  @Override
  public long skip(long n) {
    byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
    long done = 0;
    while (done < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - done));
      if (r == -1) {
        break;
      }
      done += r;
    }
    return done;
  }

  @Override
  public void close() {
    // the archive stays open for the next entry
  }

  /** Reads what the visitor left and checks the entry was as long as its header said. */
  void finish(long expected) {
    skip(Long.MAX_VALUE);
    if (read != expected) {
      throw new PackageException(
          name, "archive is truncated: entry has " + read + " of " + expected + " bytes");
    }
  }
}
