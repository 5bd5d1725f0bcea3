package io.roller.server.packages;

import io.roller.model.Names;
import io.roller.model.PackageRef;
import io.roller.model.Sha256;
import io.roller.model.pkg.Limits;
import io.roller.model.pkg.PackageException;
import io.roller.model.pkg.PackageReader;
import io.roller.server.core.DomainException;
import io.roller.server.core.DomainException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's packages: {@code --packages-dir} alone, or with S3 as the truth and the directory as
 * its cache. Uploads stream to a temp file, are validated and hashed, then published atomically (S3
 * first, then the cache); a package missing here is pulled from S3 and its sha256 checked.
 *
 * <p>About 300 lines: an upload's stream, validate, hash and publish steps and the per-ref locks
 * they hold are one transaction.
 */
public final class PackageStore implements PackageCatalog, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PackageStore.class);

  private final LocalPackages local;
  private final S3Packages s3;
  private final UploadToken token;
  private final Limits limits;
  private final Map<PackageRef, Object> locks = new ConcurrentHashMap<>();

  /** A package as this server holds it: its file in the local store and its metadata. */
  public record Held(Path file, PackageMeta meta) {}

  /**
   * The result of an upload: its metadata, and whether it is new (false: the same bytes were
   * there).
   */
  public record Stored(PackageMeta meta, boolean created) {}

  private PackageStore(LocalPackages local, S3Packages s3, UploadToken token, Limits limits) {
    this.local = local;
    this.s3 = s3;
    this.token = token;
    this.limits = limits;
  }

  /** Opens the store the options describe (creating the directory); S3 is not contacted yet. */
  public static PackageStore open(PackageOptions o) {
    return open(o, Limits.DEFAULT);
  }

  public static PackageStore open(PackageOptions o, Limits limits) {
    if (o.packagesDir() == null) {
      throw new IllegalArgumentException("no --packages-dir given");
    }
    UploadToken token = UploadToken.from(o.uploadTokenFile());
    try {
      LocalPackages local = new LocalPackages(o.packagesDir());
      S3Packages s3 = o.s3Enabled() ? new S3Packages(o) : null;
      LOG.info("packages in {}{}", local.dir(), s3 != null ? ", truth in " + s3.where() : "");
      return new PackageStore(local, s3, token, limits);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open --packages-dir " + o.packagesDir() + ": " + e.getMessage(), e);
    }
  }

  /** The bucket's health when S3 is on (probed at most every few seconds); empty without S3. */
  public Optional<S3Health> s3Health() {
    return s3 == null ? Optional.empty() : Optional.of(s3.health());
  }

  /** Package names, here and in S3, sorted. */
  public List<String> names() {
    TreeSet<String> all = new TreeSet<>(io(local::names));
    if (s3 != null) {
      all.addAll(s3.names());
    }
    return List.copyOf(all);
  }

  /** Versions of one package, oldest first; NOT_FOUND when it has none. */
  public List<String> versions(String name) {
    checkName(name);
    TreeSet<String> all = new TreeSet<>(Names::compareVersions);
    all.addAll(io(() -> local.versions(name)));
    if (s3 != null) {
      all.addAll(s3.versions(name));
    }
    if (all.isEmpty()) {
      throw DomainException.notFound("no package named '" + name + "'");
    }
    return List.copyOf(all);
  }

  /**
   * Metadata of one version, from the local store or else S3 (UNAVAILABLE when S3 cannot answer).
   */
  @Override
  public Optional<PackageMeta> find(PackageRef ref) {
    Optional<PackageMeta> m = local.find(ref);
    if (m.isPresent() || s3 == null) {
      return m;
    }
    return s3.head(ref);
  }

  /** The package's local file, pulled from S3 (sha256 checked) when this server lacks it. */
  public Held hold(PackageRef ref) {
    Optional<PackageMeta> m = local.find(ref);
    if (m.isPresent()) {
      return new Held(local.tarball(ref), m.get());
    }
    if (s3 == null) {
      throw notFound(ref);
    }
    synchronized (lock(ref)) {
      m = local.find(ref);
      if (m.isEmpty()) {
        m = Optional.of(pull(ref));
      }
    }
    return new Held(local.tarball(ref), m.get());
  }

  private PackageMeta pull(PackageRef ref) {
    PackageMeta meta = s3.head(ref).orElseThrow(() -> notFound(ref));
    Path temp = io(() -> local.newTemp("pull"));
    try {
      long t0 = System.nanoTime();
      String sha = s3.download(ref, temp);
      if (!sha.equals(meta.sha256())) {
        throw new DomainException(
            Kind.UNAVAILABLE,
            "package "
                + ref
                + " from S3 has sha256 "
                + sha
                + " but its metadata says "
                + meta.sha256()
                + "; not cached");
      }
      PackageMeta m = io(() -> local.publish(ref, temp, meta));
      LOG.info(
          "package {} pulled from S3 sha256={} size={} in {} ms",
          ref,
          sha,
          meta.size(),
          (System.nanoTime() - t0) / 1_000_000);
      return m;
    } finally {
      io(() -> Files.deleteIfExists(temp));
    }
  }

  /**
   * Checks an upload's {@code Authorization} header: FORBIDDEN when uploads are off, else
   * UNAUTHORIZED.
   */
  public void checkUploadToken(String authorization) {
    token.check(authorization);
  }

  /**
   * Stores an upload: streamed to a temp file, validated, hashed, then published; the same bytes
   * again are fine, other bytes for an existing version are a CONFLICT. Nothing is left behind when
   * the body is cut short or refused.
   */
  public Stored upload(PackageRef ref, InputStream body) throws IOException {
    Path temp = local.newTemp("upload");
    try {
      String sha = receive(body, temp);
      validate(ref, temp);
      synchronized (lock(ref)) {
        return publish(ref, temp, sha, Files.size(temp));
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private String receive(InputStream body, Path temp) throws IOException {
    MessageDigest d = Sha256.digest();
    byte[] buf = new byte[256 * 1024];
    long total = 0;
    try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), d)) {
      int n;
      while ((n = readBody(body, buf, total)) != -1) {
        total += n;
        if (total > limits.maxExpandedBytes()) {
          throw new DomainException(
              Kind.TOO_LARGE, "upload is larger than " + limits.maxExpandedBytes() + " bytes");
        }
        out.write(buf, 0, n);
      }
    }
    return Sha256.hex(d);
  }

  /**
   * Reads the upload body; a body that ends before its Content-Length (or its last chunk) is the
   * client's fault, a 400, not an I/O failure of the server.
   */
  private static int readBody(InputStream body, byte[] buf, long sofar) {
    try {
      return body.read(buf);
    } catch (IOException e) {
      throw DomainException.badRequest(
          "upload cut short after " + sofar + " bytes (" + e.getMessage() + "); nothing stored");
    }
  }

  private void validate(PackageRef ref, Path temp) throws IOException {
    try (InputStream in = Files.newInputStream(temp)) {
      PackageReader.validate(in, limits);
    } catch (PackageException e) {
      throw new DomainException(Kind.INVALID, "package " + ref + ": " + e.getMessage(), e);
    }
  }

  private Stored publish(PackageRef ref, Path temp, String sha, long size) throws IOException {
    Optional<PackageMeta> here = local.find(ref);
    Optional<PackageMeta> there = s3 == null ? Optional.empty() : s3.head(ref);
    Optional<PackageMeta> existing = there.isPresent() ? there : here;
    if (existing.isPresent()) {
      PackageMeta m = existing.get();
      if (!m.sha256().equals(sha)) {
        throw new DomainException(
            Kind.CONFLICT,
            "package "
                + ref
                + " exists with other bytes (sha256 "
                + m.sha256()
                + ", upload has "
                + sha
                + "); versions are immutable, upload a new version");
      }
      if (s3 != null && there.isEmpty()) {
        s3.put(ref, local.tarball(ref), m); // stored before S3 was configured: share it now
      }
      if (here.isEmpty()) {
        local.publish(ref, temp, m);
      }
      return new Stored(m, false);
    }
    PackageMeta meta =
        new PackageMeta(
            ref.name(), ref.version(), sha, size, Instant.now().truncatedTo(ChronoUnit.MILLIS));
    if (s3 != null) {
      s3.put(ref, temp, meta);
    }
    local.publish(ref, temp, meta);
    LOG.info("package {} uploaded sha256={} size={}", ref, sha, size);
    return new Stored(meta, true);
  }

  private Object lock(PackageRef ref) {
    return locks.computeIfAbsent(ref, r -> new Object());
  }

  private static void checkName(String name) {
    if (!Names.isName(name)) {
      throw DomainException.badRequest(
          "bad package name '" + name + "': want [a-z0-9][a-z0-9._-]*");
    }
  }

  private static DomainException notFound(PackageRef ref) {
    return DomainException.notFound("no package " + ref);
  }

  @Override
  public void close() {
    if (s3 != null) {
      s3.close();
    }
  }

  private interface IoSupplier<T> {
    T get() throws IOException;
  }

  private static <T> T io(IoSupplier<T> op) {
    try {
      return op.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
