package io.roller.server.packages;

import io.roller.model.Names;
import io.roller.model.PackageRef;
import io.roller.model.Sha256;
import io.roller.server.core.DomainException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Packages in an S3 bucket, the source of truth shared by every datacenter's server: key {@code
 * <prefix>/<name>/<name>-<version>.tar.gz}, with the sha256 and upload time in the object's
 * metadata. Every S3 failure becomes an UNAVAILABLE {@link DomainException} (503).
 */
final class S3Packages implements AutoCloseable {
  private static final String SHA256 = "sha256";
  private static final String UPLOADED = "uploaded";

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final String where;

  S3Packages(PackageOptions o) {
    this.s3 = S3Clients.of(o);
    this.bucket = o.s3Bucket();
    String p = o.s3Prefix() == null ? "" : o.s3Prefix().replaceAll("^/+|/+$", "");
    this.prefix = p.isEmpty() ? "" : p + "/";
    this.where =
        "s3://" + bucket + "/" + prefix + (o.s3Endpoint() != null ? " at " + o.s3Endpoint() : "");
  }

  private String key(PackageRef ref) {
    return prefix + ref.name() + "/" + ref.fileName();
  }

  Optional<PackageMeta> head(PackageRef ref) {
    return call(
        "look up " + ref,
        () -> {
          try {
            HeadObjectResponse h = s3.headObject(r -> r.bucket(bucket).key(key(ref)));
            return Optional.of(meta(ref, h.metadata(), h.contentLength(), h.lastModified()));
          } catch (NoSuchKeyException e) {
            return Optional.empty();
          } catch (S3Exception e) {
            if (e.statusCode() == 404) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  private static PackageMeta meta(
      PackageRef ref, Map<String, String> md, long size, Instant lastModified) {
    String uploaded = md.get(UPLOADED);
    return new PackageMeta(
        ref.name(),
        ref.version(),
        md.getOrDefault(SHA256, ""),
        size,
        uploaded != null ? Instant.parse(uploaded) : lastModified);
  }

  void put(PackageRef ref, Path file, PackageMeta meta) {
    call(
        "upload " + ref,
        () ->
            s3.putObject(
                r ->
                    r.bucket(bucket)
                        .key(key(ref))
                        .contentType("application/gzip")
                        .metadata(
                            Map.of(SHA256, meta.sha256(), UPLOADED, meta.uploaded().toString())),
                RequestBody.fromFile(file)));
  }

  /** Downloads into {@code target} and returns the sha256 of the bytes received. */
  String download(PackageRef ref, Path target) {
    return call(
        "download " + ref,
        () -> {
          MessageDigest d = Sha256.digest();
          try (ResponseInputStream<GetObjectResponse> in =
                  s3.getObject(r -> r.bucket(bucket).key(key(ref)));
              OutputStream out = new DigestOutputStream(Files.newOutputStream(target), d)) {
            in.transferTo(out);
          } catch (IOException e) {
            throw SdkClientException.create("reading the object failed: " + e.getMessage(), e);
          }
          return Sha256.hex(d);
        });
  }

  List<String> names() {
    return call(
        "list packages",
        () -> {
          List<String> out = new ArrayList<>();
          ListObjectsV2Request req =
              ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter("/").build();
          for (ListObjectsV2Response page : s3.listObjectsV2Paginator(req)) {
            for (CommonPrefix cp : page.commonPrefixes()) {
              String name = cp.prefix().substring(prefix.length()).replaceAll("/+$", "");
              if (Names.isName(name)) {
                out.add(name);
              }
            }
          }
          return out;
        });
  }

  List<String> versions(String name) {
    return call(
        "list versions of " + name,
        () -> {
          List<String> out = new ArrayList<>();
          String p = prefix + name + "/";
          ListObjectsV2Request req =
              ListObjectsV2Request.builder().bucket(bucket).prefix(p).delimiter("/").build();
          for (ListObjectsV2Response page : s3.listObjectsV2Paginator(req)) {
            for (S3Object o : page.contents()) {
              String v = LocalPackages.versionOf(name, o.key().substring(p.length()));
              if (v != null) {
                out.add(v);
              }
            }
          }
          return out;
        });
  }

  /** How long a probe's answer stands before /healthz or a scrape asks the bucket again. */
  private static final Duration PROBE_EVERY = Duration.ofSeconds(2);

  private static final String PROBE = "reach the bucket";

  private volatile S3Health health;
  private final AtomicLong failures = new AtomicLong();
  private final AtomicBoolean probing = new AtomicBoolean();

  /**
   * The bucket's health: the outcome of the last S3 call, or of a fresh HEAD of the bucket when
   * that is older than {@link #PROBE_EVERY} (so a down S3 shows even when no package is asked for).
   */
  S3Health health() {
    S3Health h = health;
    if (h == null) {
      synchronized (this) {
        if (health == null) {
          probe();
        }
      }
    } else if (h.checked().plus(PROBE_EVERY).isBefore(Instant.now())
        && probing.compareAndSet(false, true)) {
      // One probe at a time: while S3 hangs, other callers get the last answer at once.
      try {
        probe();
      } finally {
        probing.set(false);
      }
    }
    return health;
  }

  private void probe() {
    try {
      call(PROBE, () -> s3.headBucket(r -> r.bucket(bucket)));
    } catch (DomainException e) {
      // recorded by call()
    }
  }

  private void up() {
    health = new S3Health(where, true, null, Instant.now(), failures.get());
  }

  private void down(String error) {
    health = new S3Health(where, false, error, Instant.now(), failures.incrementAndGet());
  }

  private <T> T call(String what, Supplier<T> op) {
    try {
      T out = op.get();
      up();
      return out;
    } catch (SdkClientException e) {
      down(e.getMessage());
      throw new DomainException(
          DomainException.Kind.UNAVAILABLE,
          "S3 " + where + " is unreachable (" + what + "): " + e.getMessage(),
          e);
    } catch (S3Exception e) {
      // A missing object is the caller's 404, not S3's trouble; S3's own failures and a refused
      // or missing bucket are.
      if (e.statusCode() >= 500 || e.statusCode() == 403 || what.equals(PROBE)) {
        down("HTTP " + e.statusCode() + " on " + what);
      } else {
        up();
      }
      throw new DomainException(
          DomainException.Kind.UNAVAILABLE,
          "S3 "
              + where
              + " failed to "
              + what
              + ": HTTP "
              + e.statusCode()
              + " "
              + (e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : e.getMessage()),
          e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }

  /** Where the bucket is, for messages. */
  String where() {
    return where;
  }
}
