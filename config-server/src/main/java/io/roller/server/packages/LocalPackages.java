package io.roller.server.packages;

import io.roller.common.AtomicFiles;
import io.roller.model.Names;
import io.roller.model.PackageRef;
import io.roller.model.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The packages of {@code --packages-dir}: {@code <dir>/<name>/<name>-<version>.tar.gz} beside a
 * sha256sum-style {@code .sha256} file; the tarball's mtime is its upload time. Files are never
 * changed once published (a rename from {@code <dir>/.tmp/}), so readers need no locks.
 */
final class LocalPackages {
  private static final String SUFFIX = ".tar.gz";
  private final Path dir;
  private final Path tmp;
  private final Map<PackageRef, PackageMeta> metas = new ConcurrentHashMap<>();

  /**
   * Refs found absent. Every {@code /host/{h}/resolved} looks up each of the host's packages, and a
   * miss on disk is a failed stat plus an exception; a tarball only appears through {@link
   * #publish}, which fills {@link #metas}, read first. Capped, as clients can ask for any version.
   */
  private final Set<PackageRef> absent = ConcurrentHashMap.newKeySet();

  private static final int ABSENT_LIMIT = 10_000;

  LocalPackages(Path dir) throws IOException {
    this.dir = dir.toAbsolutePath().normalize();
    this.tmp = this.dir.resolve(".tmp");
    Files.createDirectories(tmp);
    // leftovers of uploads or downloads cut short by a crash
    try (Stream<Path> old = Files.list(tmp)) {
      for (Path p : old.toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  Path dir() {
    return dir;
  }

  Path tarball(PackageRef ref) {
    return dir.resolve(ref.name()).resolve(ref.fileName());
  }

  private Path shaFile(PackageRef ref) {
    return dir.resolve(ref.name()).resolve(ref.fileName() + ".sha256");
  }

  /** A new empty file in the store's temp dir (same file system, so publishing is a rename). */
  Path newTemp(String what) throws IOException {
    return Files.createTempFile(tmp, what + "-", ".part");
  }

  Optional<PackageMeta> find(PackageRef ref) {
    PackageMeta m = metas.get(ref);
    if (m != null) {
      return Optional.of(m);
    }
    if (absent.contains(ref)) {
      return Optional.empty();
    }
    Path file = tarball(ref);
    try {
      long size = Files.size(file);
      Instant uploaded = Files.getLastModifiedTime(file).toInstant();
      m = new PackageMeta(ref.name(), ref.version(), sha256(ref, file), size, uploaded);
      metas.put(ref, m);
      return Optional.of(m);
    } catch (NoSuchFileException e) {
      if (absent.size() >= ABSENT_LIMIT) {
        absent.clear();
      }
      absent.add(ref);
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String sha256(PackageRef ref, Path file) throws IOException {
    Path sha = shaFile(ref);
    if (Files.exists(sha)) {
      String line = Files.readString(sha, StandardCharsets.UTF_8).trim();
      return line.split("\\s+")[0];
    }
    // published by a run that stopped before writing the .sha256: compute it once
    try (InputStream in = Files.newInputStream(file)) {
      String hex = Sha256.of(in);
      writeSha(ref, hex);
      return hex;
    }
  }

  private void writeSha(PackageRef ref, String hex) throws IOException {
    AtomicFiles.write(
        shaFile(ref), (hex + "  " + ref.fileName() + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Moves a verified temp file into place; the caller holds the ref's lock and knows it is absent.
   */
  PackageMeta publish(PackageRef ref, Path temp, PackageMeta meta) throws IOException {
    Files.createDirectories(tarball(ref).getParent());
    writeSha(ref, meta.sha256());
    Files.setLastModifiedTime(temp, FileTime.from(meta.uploaded()));
    Files.move(temp, tarball(ref), StandardCopyOption.ATOMIC_MOVE);
    metas.put(ref, meta);
    absent.remove(ref);
    return meta;
  }

  List<String> names() throws IOException {
    List<String> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (Names.isName(name) && !versions(name).isEmpty()) {
          out.add(name);
        }
      }
    }
    return out;
  }

  List<String> versions(String name) throws IOException {
    Path d = dir.resolve(name);
    List<String> out = new ArrayList<>();
    if (!Names.isName(name) || !Files.isDirectory(d)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(d, name + "-*" + SUFFIX)) {
      for (Path p : ds) {
        String version = versionOf(name, p.getFileName().toString());
        if (version != null) {
          out.add(version);
        }
      }
    }
    return out;
  }

  /** The version of {@code fileName} if it is {@code <name>-<version>.tar.gz}, else null. */
  static String versionOf(String name, String fileName) {
    String prefix = name + "-";
    if (!fileName.startsWith(prefix) || !fileName.endsWith(SUFFIX)) {
      return null;
    }
    String v = fileName.substring(prefix.length(), fileName.length() - SUFFIX.length());
    return Names.isVersion(v) ? v : null;
  }
}
