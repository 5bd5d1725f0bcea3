package io.roller.roll.install;

import io.roller.model.pkg.AssembledLinks;
import io.roller.model.pkg.Limits;
import io.roller.model.pkg.PackageEntry;
import io.roller.model.pkg.PackageException;
import io.roller.model.pkg.PackageReader;
import io.roller.roll.core.CrashHook;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import io.roller.roll.plan.FileEntry;
import io.roller.roll.plan.GenerationRecord;
import io.roller.roll.plan.Pin;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds a generation: extracts every package (in parallel: the planner has already proved their
 * paths disjoint) into a hidden partial dir, writes the rendered templates, applies directory modes
 * last, then renames it into place and writes its record. Until then nothing can point at it.
 */
final class GenerationBuilder {
  private final Layout layout;

  GenerationBuilder(Layout layout) {
    this.layout = layout;
  }

  void build(GenerationRecord target) throws IOException {
    checkLinks(target);
    Path dir = layout.partial(target.generation());
    Files.deleteIfExists(layout.record(target.generation()));
    Trees.delete(dir);
    Trees.delete(layout.generation(target.generation()));
    Files.createDirectories(dir);
    extractAll(target.packages(), dir);
    CrashHook.point("build");
    for (FileEntry f : target.files()) {
      String text = target.rendered().get(f.path());
      boolean secret = text == null && target.sealed() != null;
      if (secret) {
        text = target.sealed().get(f.path());
      }
      if (text != null) {
        Path p = dir.resolve(f.path());
        Files.createDirectories(p.getParent());
        if (secret) {
          // owner-only from its first byte; the chmod below sets the package's mode minus world
          Files.createFile(
              p,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(p, text, StandardCharsets.UTF_8);
        Trees.chmod(p, f.mode());
      }
    }
    // Directory modes last, deepest first, so a read-only directory does not stop its own filling.
    target.files().stream()
        .filter(f -> f.kind() == FileEntry.Kind.DIR)
        .sorted(Comparator.comparing(FileEntry::path).reversed())
        .forEach(f -> Trees.chmod(dir.resolve(f.path()), f.mode()));
    Files.move(
        dir, layout.generation(target.generation()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    Drift.writeInventory(layout, target.generation());
    Generations.writeRecord(layout, target);
  }

  /** Each package keeps its links inside; together, through each other's links, they may not. */
  private static void checkLinks(GenerationRecord target) {
    Map<String, String> links = new TreeMap<>();
    for (FileEntry f : target.files()) {
      if (f.kind() == FileEntry.Kind.LINK) {
        links.put(f.path(), f.digest());
      }
    }
    String bad = AssembledLinks.problem(links);
    if (bad != null) {
      throw new RollException(
          "packages "
              + target.packages().stream().map(Pin::ref).toList()
              + " together are unsafe: "
              + bad);
    }
  }

  private void extractAll(List<Pin> pins, Path dir) throws IOException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(pins.size(), Runtime.getRuntime().availableProcessors())));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Pin pin : pins) {
        futures.add(
            pool.submit(
                () -> {
                  extract(pin, dir);
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RollException("interrupted while extracting packages");
    } finally {
      pool.shutdownNow();
    }
  }

  private void extract(Pin pin, Path dir) throws IOException {
    Path tarball = layout.tarball(new io.roller.model.PackageRef(pin.name(), pin.version()));
    try (InputStream in = Files.newInputStream(tarball)) {
      PackageReader.read(in, Limits.DEFAULT, (e, content) -> write(dir, e, content));
    } catch (PackageException e) {
      throw new RollException("package " + pin.ref() + " is unsafe: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new RollException(
          "package " + pin.ref() + ": extracting failed: " + e.getCause().getMessage(), e);
    }
  }

  private static void write(Path dir, PackageEntry e, InputStream content) throws IOException {
    Path p = dir.resolve(e.path()).normalize();
    if (!p.startsWith(dir)) {
      // The reader's rules already forbid this; a second fence costs nothing.
      throw new PackageException(e.path(), "path leaves the tree");
    }
    switch (e.type()) {
      case DIRECTORY -> Files.createDirectories(p);
      case SYMLINK -> {
        Files.createDirectories(p.getParent());
        Files.createSymbolicLink(p, Path.of(e.linkTarget()));
      }
      case FILE -> {
        if (e.path().endsWith(".tmpl")) {
          return; // replaced by its rendering
        }
        Files.createDirectories(p.getParent());
        Files.copy(content, p);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Trees.rwx(e.mode())));
      }
    }
  }
}
