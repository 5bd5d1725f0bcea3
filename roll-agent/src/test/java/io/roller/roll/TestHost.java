package io.roller.roll;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A temp --root to roll into, with helpers to run roll in-process or as a child JVM, and to clean
 * up services.
 */
public final class TestHost implements AutoCloseable {
  public final Path root;

  public TestHost(Path root) {
    this.root = root;
  }

  /** The outcome of one roll invocation. */
  public record Result(int code, String out, String err) {
    /** The last line on stderr: roll's one-line reason for failing. */
    public String reason() {
      List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
  }

  public Result roll(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            withRoot(args));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs roll in a child JVM (so a test hook can really halt it), with extra system properties. */
  public Result rollInChild(Map<String, String> props, String... args)
      throws IOException, InterruptedException {
    return rollInChild(props, Map.of(), args);
  }

  /** As {@link #rollInChild(Map, String...)}, with {@code env} added to the child's environment. */
  public Result rollInChild(Map<String, String> props, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-Xshare:auto");
    props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(withRoot(args)));
    Path outFile = Files.createTempFile(root.getParent(), "out", ".txt");
    Path errFile = Files.createTempFile(root.getParent(), "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    int code = p.waitFor();
    return new Result(code, Files.readString(outFile), Files.readString(errFile));
  }

  private String[] withRoot(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--root");
    all.add(root.toString());
    return all.toArray(String[]::new);
  }

  /** Lines of {@code <root>/events} (each service start and stop). */
  public List<String> events() throws IOException {
    Path f = root.resolve("events");
    return Files.exists(f) ? Files.readAllLines(f) : List.of();
  }

  public boolean running(String service) throws IOException, InterruptedException {
    Path pid = root.resolve("var/run/" + service + ".pid");
    if (!Files.exists(pid)) {
      return false;
    }
    return ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
        .map(ProcessHandle::isAlive)
        .orElse(false);
  }

  public String readLocal(String path) throws IOException {
    return Files.readString(root.resolve("usr/local").resolve(path));
  }

  /** Kills the test services' processes this host started (by their pid files). */
  @Override
  public void close() throws IOException {
    Path run = root.resolve("var/run");
    if (!Files.isDirectory(run)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(run, "*.pid")) {
      for (Path p : ds) {
        try {
          ProcessHandle.of(Long.parseLong(Files.readString(p).trim()))
              .ifPresent(ProcessHandle::destroyForcibly);
        } catch (NumberFormatException e) {
          // half-written pid file of a killed roll
        }
      }
    }
  }
}
