package io.roller.foreman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.pkg.Limits;
import io.roller.model.pkg.PackageManifest;
import io.roller.model.pkg.PackageReader;
import io.roller.server.testing.RunningServer;
import io.roller.server.testing.TestRepo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** The built artifacts: the roller package's layout and manifest, its launcher, and the fat jar. */
class ForemanPackageIT {
  static final Path TARBALL = Path.of("target/foreman-1.0.0.tar.gz");
  static final Path JAR = Path.of("target/foreman.jar");
  @TempDir Path tmp;

  /** Path to mode, and extracts into dir. */
  private static Map<String, Integer> extract(Path dir) throws IOException {
    Map<String, Integer> modes = new TreeMap<>();
    try (InputStream in = Files.newInputStream(TARBALL);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.isDirectory()) {
          continue;
        }
        assertTrue(e.isFile(), e.getName() + " is a plain file");
        modes.put(e.getName(), e.getMode() & 07777);
        Path to = dir.resolve(e.getName());
        Files.createDirectories(to.getParent());
        Files.copy(tar, to);
        if ((e.getMode() & 0100) != 0) {
          to.toFile().setExecutable(true, false);
        }
      }
    }
    return modes;
  }

  private static String run(List<String> command, int wantExit)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(wantExit, p.exitValue(), out);
    return out;
  }

  @Test
  void thePackageHoldsTheLauncherTheJarAndACronEntryWithASplay() throws IOException {
    Map<String, Integer> modes = extract(tmp);
    assertEquals(
        Map.of("bin/foreman", 0755, "lib/foreman.jar", 0644, ".roller/package.yml", 0644), modes);
    Map<String, Object> manifest =
        new Yaml().load(Files.readString(tmp.resolve(".roller/package.yml")));
    assertEquals(
        Map.of(
            "cron",
            List.of(
                Map.of(
                    "name",
                    "foreman-sync",
                    "schedule",
                    "*/10 * * * *",
                    "command",
                    "/usr/local/bin/foreman sync --splay 5m"))),
        manifest);
  }

  @Test
  void thePackagePassesTheRollerPackageRules() throws IOException {
    Map<String, Integer> seen = new TreeMap<>();
    PackageManifest manifest;
    try (InputStream in = Files.newInputStream(TARBALL)) {
      manifest =
          PackageReader.read(
              in, Limits.DEFAULT, (entry, content) -> seen.put(entry.path(), entry.mode()));
    }
    assertEquals(Map.of("bin/foreman", 0755, "lib/foreman.jar", 0644), seen);
    assertEquals(
        List.of(
            new PackageManifest.Cron(
                "foreman-sync", "*/10 * * * *", "/usr/local/bin/foreman sync --splay 5m", null)),
        manifest.cron());
    assertEquals(List.of(), manifest.services());
  }

  @Test
  void theLauncherRunsTheJarThroughASymlinkedUsrLocal() throws IOException, InterruptedException {
    Path generation = Files.createDirectories(tmp.resolve("var/lib/roller/generations/1"));
    extract(generation);
    // where the java-runtime-17 package puts its JVM; this JDK stands in for it
    Files.createSymbolicLink(
        generation.resolve("lib/java-runtime-17"), Path.of(System.getProperty("java.home")));
    Path usrLocal = Files.createDirectories(tmp.resolve("usr")).resolve("local");
    Files.createSymbolicLink(usrLocal, generation);
    String out = run(List.of(usrLocal.resolve("bin/foreman").toString(), "sync", "--help"), 0);
    assertTrue(out.contains("--splay=DURATION"), out);
    assertTrue(out.contains("3   the config server cannot be reached"), out);
  }

  @Test
  void theLauncherWithoutTheRuntimePackageSaysWhatToListAndUsesNoJavaFromPath()
      throws IOException, InterruptedException {
    Path generation = Files.createDirectories(tmp.resolve("var/lib/roller/generations/1"));
    extract(generation);

    String out = run(List.of(generation.resolve("bin/foreman").toString(), "sync", "--help"), 1);

    assertTrue(
        out.contains(
            "foreman: no Java runtime at "
                + generation.toRealPath()
                + "/lib/java-runtime-17: list java-runtime-17 in the hostclass's packages"),
        out);
  }

  @Test
  void theFatJarSyncsAHostAgainstTheRealServer() throws IOException, InterruptedException {
    Path root = Fixtures.debianRoot(tmp.resolve("root"));
    try (TestRepo repo = TestRepo.exampleFleet(tmp.resolve("repo"));
        RunningServer server = RunningServer.start(repo)) {
      List<String> sync =
          List.of(
              "java",
              "-jar",
              JAR.toAbsolutePath().toString(),
              "sync",
              "--server",
              server.url(),
              "--hostname",
              "web02.nyc1",
              "--root",
              root.toString());
      String out = run(sync, 0);
      assertTrue(out.contains("done: create user jane (uid 2001"), out);
      assertTrue(
          Files.readString(root.resolve("etc/passwd"))
              .contains("\nraj:x:2002:2002:Raj Patel:/home/raj:/bin/bash\n"));
      assertEquals("", run(sync, 0));
      assertTrue(
          Files.readString(root.resolve("var/log/roller/foreman.log"))
              .contains(
                  " host=web02.nyc1 revision="
                      + repo.head()
                      + " steps=0 applied=0 failed=0 refused=0\n"));
    }
  }
}
