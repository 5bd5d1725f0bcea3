package io.roller.roll.pkg;

import io.roller.common.AtomicFiles;
import io.roller.model.Sha256;
import io.roller.model.pkg.Limits;
import io.roller.model.pkg.PackageException;
import io.roller.model.pkg.PackageManifest;
import io.roller.model.pkg.PackageReader;
import io.roller.roll.core.RollException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Builds a reproducible package from a directory: entries sorted by path, a fixed mtime, owner
 * root:root (0:0), modes normalized to 0755/0644 (keeping only the owner's exec bit), no timestamp
 * in the gzip header; so the same tree always gives the same sha256. The result is validated with
 * {@link PackageReader} before it is moved into place.
 */
public final class PackageBuilder {
  /** Every entry's mtime: 2000-01-01T00:00:00Z. */
  public static final Instant MTIME = Instant.parse("2000-01-01T00:00:00Z");

  /**
   * A built package: where it is, its size and sha256 (hex), its manifest, and the entries whose
   * setuid or setgid bit was dropped (roll never installs one; the caller warns).
   */
  public record Built(
      Path file, long size, String sha256, PackageManifest manifest, List<String> stripped) {}

  private PackageBuilder() {}

  /** Builds {@code dir} into {@code out} (written atomically; replaced if present). */
  public static Built build(Path dir, Path out) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new RollException("package source " + dir + " is not a directory");
    }
    Path target = out.toAbsolutePath().normalize();
    List<Path> entries = list(dir.toAbsolutePath().normalize(), target);
    Files.createDirectories(target.getParent());
    // Not Files.createTempFile, which makes it 0600 whatever the umask: the package is opened
    // (CREATE_NEW) with the mode any file gets, 0666 less the umask, as tar or cp would.
    return AtomicFiles.replace(
        target,
        tmp -> {
          List<String> stripped = new ArrayList<>();
          String sha256 = write(dir.toAbsolutePath().normalize(), entries, tmp, stripped);
          PackageManifest manifest = validate(dir, tmp);
          return new Built(target, Files.size(tmp), sha256, manifest, List.copyOf(stripped));
        });
  }

  /**
   * Relative paths under {@code root} in a fixed order (parents before children), minus the output.
   */
  private static List<Path> list(Path root, Path exclude) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> !p.equals(root) && !p.equals(exclude))
          .forEach(p -> out.add(root.relativize(p)));
    }
    out.sort((a, b) -> unix(a).compareTo(unix(b)));
    return out;
  }

  private static String unix(Path rel) {
    return rel.toString().replace(rel.getFileSystem().getSeparator(), "/");
  }

  private static String write(Path root, List<Path> entries, Path tmp, List<String> stripped)
      throws IOException {
    MessageDigest sha = Sha256.digest();
    GzipParameters gz = new GzipParameters();
    gz.setModificationTime(0);
    try (OutputStream file =
            Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        DigestOutputStream digest = new DigestOutputStream(file, sha);
        GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(digest, gz);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Path rel : entries) {
        Path source = root.resolve(rel);
        if (setId(source)) {
          stripped.add(unix(rel));
        }
        writeEntry(tar, source, unix(rel));
      }
      tar.finish();
    }
    return Sha256.hex(sha);
  }

  /** Whether the entry has a setuid or setgid bit, which the normalized modes drop. */
  private static boolean setId(Path file) throws IOException {
    if (Files.isSymbolicLink(file)) {
      return false;
    }
    try {
      int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return (mode & 06000) != 0;
    } catch (UnsupportedOperationException e) {
      return false; // no unix view: no such bits either
    }
  }

  private static void writeEntry(TarArchiveOutputStream tar, Path file, String name)
      throws IOException {
    TarArchiveEntry e;
    if (Files.isSymbolicLink(file)) {
      e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
      e.setLinkName(Files.readSymbolicLink(file).toString());
      e.setMode(0120777);
    } else if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      e = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
      e.setMode(040755);
    } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
      e.setMode(Files.isExecutable(file) ? 0100755 : 0100644);
      e.setSize(Files.size(file));
    } else {
      throw new RollException(
          "package source entry '" + name + "' is not a file, directory or symlink");
    }
    e.setModTime(FileTime.from(MTIME));
    e.setIds(0, 0);
    e.setNames("root", "root");
    tar.putArchiveEntry(e);
    if (e.getLinkFlag() == TarConstants.LF_NORMAL) {
      try (InputStream in = Files.newInputStream(file)) {
        in.transferTo(tar);
      }
    }
    tar.closeArchiveEntry();
  }

  private static PackageManifest validate(Path dir, Path tmp) throws IOException {
    try (InputStream in = Files.newInputStream(tmp)) {
      return PackageReader.read(in, Limits.DEFAULT, (entry, content) -> {});
    } catch (PackageException e) {
      throw new RollException("package " + dir + " does not validate: " + e.getMessage(), e);
    }
  }
}
