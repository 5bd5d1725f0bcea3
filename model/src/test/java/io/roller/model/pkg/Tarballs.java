package io.roller.model.pkg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Builds tarballs for tests, hostile ones included (shared with other modules through the
 * test-jar).
 */
public final class Tarballs {
  private final List<TarArchiveEntry> entries = new ArrayList<>();
  private final List<byte[]> contents = new ArrayList<>();

  public static Tarballs create() {
    return new Tarballs();
  }

  public Tarballs file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
  }

  public Tarballs file(String name, byte[] content, int mode) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
    e.setSize(content.length);
    e.setMode(0100000 | mode);
    return entry(e, content);
  }

  public Tarballs dir(String name) {
    TarArchiveEntry e =
        new TarArchiveEntry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, true);
    e.setMode(040755);
    return entry(e, new byte[0]);
  }

  public Tarballs symlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
    e.setLinkName(target);
    return entry(e, new byte[0]);
  }

  public Tarballs hardlink(String name, String target) {
    TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
    e.setLinkName(target);
    return entry(e, new byte[0]);
  }

  public Tarballs special(String name, byte linkFlag) {
    return entry(new TarArchiveEntry(name, linkFlag, true), new byte[0]);
  }

  public Tarballs manifest(String yaml) {
    return file(PackageManifest.PATH, yaml);
  }

  /** Any entry, as built by the caller (names are kept exactly, "../" and "/" included). */
  public Tarballs entry(TarArchiveEntry e, byte[] content) {
    entries.add(e);
    contents.add(content);
    return this;
  }

  /** The plain tar bytes. */
  public byte[] tar() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeTar(out);
    return out.toByteArray();
  }

  /** The .tar.gz bytes. */
  public byte[] gz() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out)) {
      writeTar(gz);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private void writeTar(OutputStream out) {
    try {
      TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (int i = 0; i < entries.size(); i++) {
        tar.putArchiveEntry(entries.get(i));
        tar.write(contents.get(i));
        tar.closeArchiveEntry();
      }
      tar.finish();
      tar.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
