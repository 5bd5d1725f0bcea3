package io.roller.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 for tests: S3Proxy (copied by the build to target/s3proxy/s3proxy.jar) as a child
 * process on a random 127.0.0.1 port, filesystem backend in a temp dir, AWS v4 auth with a fixed
 * test identity. The store under test finds the same identity through the SDK's default chain (the
 * aws.accessKeyId / aws.secretAccessKey system properties this sets).
 */
public final class S3ProxyProcess implements AutoCloseable {
  public static final String IDENTITY = "roller-test";
  public static final String CREDENTIAL = "roller-test-secret";
  public static final String REGION = "us-east-1";

  private final Process process;
  private final int port;
  private final Path log;

  private S3ProxyProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts S3Proxy with its data and log under {@code dir}, and waits until it answers. */
  public static S3ProxyProcess start(Path dir) throws IOException, InterruptedException {
    System.setProperty("aws.accessKeyId", IDENTITY);
    System.setProperty("aws.secretAccessKey", CREDENTIAL);
    Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
    if (!Files.exists(jar)) {
      throw new IllegalStateException(jar + " is missing: it is copied by the build (mvn test)");
    }
    Files.createDirectories(dir.resolve("data"));
    int port = freePort();
    Path props = dir.resolve("s3proxy.conf");
    Files.writeString(
        props,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + IDENTITY,
            "s3proxy.credential=" + CREDENTIAL,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + dir.resolve("data"),
            ""),
        StandardCharsets.UTF_8);
    Path log = dir.resolve("s3proxy.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar.toString(),
                "--properties",
                props.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3ProxyProcess s = new S3ProxyProcess(p, port, log);
    s.awaitListening();
    return s;
  }

  /**
   * {@link #start} and {@link #createBucket}, for fixtures that cannot throw checked exceptions.
   */
  static S3ProxyProcess startWithBucket(Path dir, String bucket) {
    try {
      S3ProxyProcess s3 = start(dir);
      try {
        s3.createBucket(bucket);
      } catch (RuntimeException e) {
        s3.close();
        throw e;
      }
      return s3;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void awaitListening() {
    try {
      Poll.until(Duration.ofSeconds(60), this::listening, "S3Proxy to listen on port " + port);
    } catch (AssertionError e) {
      close();
      throw e;
    }
  }

  private boolean listening() {
    if (!process.isAlive()) {
      throw new AssertionError("S3Proxy exited: " + logText());
    }
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** An S3 client for arranging and inspecting the bucket from a test. */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, CREDENTIAL)))
        .build();
  }

  /** Creates a bucket and returns its name. */
  public String createBucket(String name) {
    try (S3Client c = client()) {
      c.createBucket(b -> b.bucket(name));
    }
    return name;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
