package io.roller.roll.install;

import io.roller.common.Modes;
import io.roller.common.Parallel;
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
import io.roller.roll.plan.Step;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds a generation: extracts every package (in parallel: the planner has already proved their
 * paths disjoint) into a hidden partial dir, writes the rendered templates, applies directory modes
 * last, then renames it into place and writes its record. Until then nothing can point at it.
 *
 * <p>Built from the current generation ({@link Step.BuildFrom}), only the changed packages are
 * extracted; every other package file is a hard link to the current generation's. That is safe
 * because nothing roll does writes into an existing file: package files are read-only (their mode
 * minus the write bits, in every generation), extraction and rendered files create new files and
 * fail on an existing one, and directories are each generation's own. A source file that does not
 * look as the build left it (mode, size, type) makes the build start over in full.
 */
final class GenerationBuilder {
  private final Layout layout;
  private final PrintStream log;

  GenerationBuilder(Layout layout) {
    this(layout, System.err);
  }

  GenerationBuilder(Layout layout, PrintStream log) {
    this.layout = layout;
    this.log = log;
  }

  void build(GenerationRecord target) throws IOException {
    build(target, null, null);
  }

  /**
   * @param from null for a full build; else the step naming the packages to extract, the others
   *     being linked from generation {@code from.from()}, whose record is {@code source}
   */
  void build(GenerationRecord target, Step.BuildFrom from, GenerationRecord source)
      throws IOException {
    checkLinks(target);
    Path dir = layout.partial(target.generation());
    Files.deleteIfExists(layout.record(target.generation()));
    Trees.delete(dir);
    Trees.delete(layout.generation(target.generation()));
    Files.createDirectories(dir);
    // directories known to exist: most files share their parent with the file before them, and
    // asking the kernel to make an existing directory again costs a failed mkdir and an exception
    Set<Path> made = ConcurrentHashMap.newKeySet();
    if (from == null) {
      extractAll(target.packages(), dir, made);
    } else {
      extractAll(
          target.packages().stream().filter(p -> from.extract().contains(p.ref())).toList(),
          dir,
          made);
      try {
        linkAll(target, source, dir, made);
      } catch (SourceChanged e) {
        log.println(
            "roll: "
                + e.getMessage()
                + " in generation "
                + source.generation()
                + "; building generation "
                + target.generation()
                + " in full");
        build(target, null, null);
        return;
      }
    }
    CrashHook.point("build");
    for (FileEntry f : target.files()) {
      String text = target.rendered().get(f.path());
      boolean secret = text == null && target.sealed() != null;
      if (secret) {
        text = target.sealed().get(f.path());
      }
      if (text != null) {
        writeNew(dir.resolve(f.path()), text, secret, f.mode());
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

  /**
   * Writes a rendered file as a new file: a path that exists already (a file linked from another
   * generation, say) fails the build rather than being written through.
   */
  static void writeNew(Path p, String text, boolean secret, int mode) throws IOException {
    Files.createDirectories(p.getParent());
    // a secret is owner-only from its first byte; the chmod sets the package's mode minus world
    Files.createFile(
        p,
        PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
    Files.writeString(p, text, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    Trees.chmod(p, mode);
  }

  /** The mode of a package file in a generation: the package's, read-only. */
  static int readOnly(int mode) {
    return mode & 0555;
  }

  /** A file of the source generation is not as its build left it. */
  private static final class SourceChanged extends Exception {
    SourceChanged(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Links (or, for symlinks, recreates) every file of {@code target} that {@code source} holds with
   * the same entry and did not render; a path the extracted packages made already is theirs.
   */
  private void linkAll(GenerationRecord target, GenerationRecord source, Path dir, Set<Path> made)
      throws IOException, SourceChanged {
    Path old = layout.generation(source.generation());
    Map<String, FileEntry> before = new HashMap<>();
    source.files().forEach(f -> before.put(f.path(), f));
    Set<String> renderedBefore = new HashSet<>(source.secretFiles());
    if (source.rendered() != null) {
      renderedBefore.addAll(source.rendered().keySet());
    }
    for (FileEntry f : target.files()) {
      if (f.kind() == FileEntry.Kind.DIR || rendered(target, f.path())) {
        continue; // directories come with their files; rendered files are written below
      }
      Path p = dir.resolve(f.path());
      if (!f.equals(before.get(f.path())) || renderedBefore.contains(f.path())) {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
          throw new RollException(
              "building generation "
                  + target.generation()
                  + " from "
                  + source.generation()
                  + ": "
                  + f.path()
                  + " is in no extracted package");
        }
        continue;
      }
      directory(p.getParent(), made);
      try {
        if (f.kind() == FileEntry.Kind.LINK) {
          Files.createSymbolicLink(p, Path.of(f.digest()));
        } else {
          Path src = old.resolve(f.path());
          PosixFileAttributes a;
          try {
            a = Files.readAttributes(src, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
          } catch (NoSuchFileException e) {
            throw new SourceChanged(f.path() + " is gone");
          }
          if (!a.isRegularFile()
              || a.size() != f.size()
              || !a.permissions().equals(Modes.permissions(readOnly(f.mode())))) {
            // an edit, or a generation built before package files were read-only
            throw new SourceChanged(f.path() + " is not a read-only file of its recorded size");
          }
          Files.createLink(p, src);
        }
      } catch (FileAlreadyExistsException e) {
        // an extracted package's file, identical to the source's
      }
    }
  }

  private static boolean rendered(GenerationRecord target, String path) {
    return target.rendered().containsKey(path)
        || target.sealed() != null && target.sealed().containsKey(path);
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

  private void extractAll(List<Pin> pins, Path dir, Set<Path> made) throws IOException {
    try {
      Parallel.map(
          pins,
          Parallel.cores(),
          "roll-extract",
          pin -> {
            extract(pin, dir, made);
            return null;
          });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RollException("interrupted while extracting packages");
    }
  }

  private void extract(Pin pin, Path dir, Set<Path> made) throws IOException {
    Path tarball = layout.tarball(new io.roller.model.PackageRef(pin.name(), pin.version()));
    try (InputStream in = Files.newInputStream(tarball)) {
      PackageReader.read(in, Limits.DEFAULT, (e, content) -> write(dir, e, content, made));
    } catch (PackageException e) {
      throw new RollException("package " + pin.ref() + " is unsafe: " + e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new RollException(
          "package " + pin.ref() + ": extracting failed: " + e.getCause().getMessage(), e);
    }
  }

  static void write(Path dir, PackageEntry e, InputStream content) throws IOException {
    write(dir, e, content, new HashSet<>());
  }

  private static void write(Path dir, PackageEntry e, InputStream content, Set<Path> made)
      throws IOException {
    Path p = dir.resolve(e.path()).normalize();
    if (!p.startsWith(dir)) {
      // The reader's rules already forbid this; a second fence costs nothing.
      throw new PackageException(e.path(), "path leaves the tree");
    }
    switch (e.type()) {
      case DIRECTORY -> directory(p, made);
      case SYMLINK -> {
        directory(p.getParent(), made);
        Files.createSymbolicLink(p, Path.of(e.linkTarget()));
      }
      case FILE -> {
        if (e.path().endsWith(".tmpl")) {
          return; // replaced by its rendering
        }
        directory(p.getParent(), made);
        Files.copy(content, p);
        Files.setPosixFilePermissions(p, Modes.permissions(readOnly(e.mode())));
      }
    }
  }

  private static void directory(Path dir, Set<Path> made) throws IOException {
    if (!made.contains(dir)) {
      Files.createDirectories(dir);
      made.add(dir);
    }
  }
}
