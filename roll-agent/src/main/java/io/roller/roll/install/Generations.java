package io.roller.roll.install;

import io.roller.roll.core.CrashHook;
import io.roller.roll.core.Json;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import io.roller.roll.plan.GenerationRecord;
import io.roller.roll.plan.Pin;
import io.roller.roll.service.ServiceRunner;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/** The generations on a host: which one /usr/local points at, their records, switching, pruning. */
public final class Generations {
  /** The number of the generation adopted from a blank host's /usr/local; never pruned. */
  public static final int ADOPTED = 0;

  private final Layout layout;

  public Generations(Layout layout) {
    this.layout = layout;
  }

  /** The generation /usr/local points at; empty when it is not roll's symlink (a blank host). */
  public OptionalInt current() {
    Path link = layout.usrLocal();
    if (!Files.isSymbolicLink(link)) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(
          Integer.parseInt(Files.readSymbolicLink(link).getFileName().toString()));
    } catch (IOException | NumberFormatException e) {
      throw new RollException(link + " is a symlink roll did not make: " + e.getMessage());
    }
  }

  public GenerationRecord record(int n) {
    return read(n, GenerationRecord.class);
  }

  /** Generation {@code n}'s record without its files and rendered text; null when none. */
  public GenerationRecord.Head head(int n) {
    return read(n, GenerationRecord.Head.class);
  }

  private <T> T read(int n, Class<T> type) {
    Path file = layout.record(n);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return Json.read(file, type);
    } catch (IOException e) {
      throw new RollException(
          "cannot read generation record "
              + file
              + ": "
              + io.roller.roll.core.Errors.reason(e, file),
          e);
    }
  }

  public GenerationRecord currentRecord() {
    OptionalInt n = current();
    return n.isPresent() ? record(n.getAsInt()) : null;
  }

  static void writeRecord(Layout layout, GenerationRecord r) throws IOException {
    Json.writeAtomically(layout.record(r.generation()), r);
  }

  /** Complete generations (tree and record), oldest first. */
  public List<Integer> complete() {
    List<Integer> out = new ArrayList<>();
    for (int n : numbers()) {
      if (Files.exists(layout.record(n)) && Files.isDirectory(layout.generation(n))) {
        out.add(n);
      }
    }
    return out;
  }

  /** The number for a new generation: above any number ever used on disk. */
  public int next() {
    TreeSet<Integer> all = numbers();
    return all.isEmpty() ? 1 : Math.max(1, all.last() + 1);
  }

  private TreeSet<Integer> numbers() {
    TreeSet<Integer> out = new TreeSet<>();
    if (!Files.isDirectory(layout.generations())) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.generations())) {
      for (Path p : ds) {
        String name = p.getFileName().toString().replaceAll("^\\.|\\.partial$|\\.json$", "");
        if (name.matches("[0-9]{1,9}")) {
          out.add(Integer.parseInt(name));
        }
      }
    } catch (IOException e) {
      throw new RollException(
          "cannot list "
              + layout.generations()
              + ": "
              + io.roller.roll.core.Errors.reason(e, layout.generations()),
          e);
    }
    return out;
  }

  /**
   * Makes /usr/local roll's symlink: a blank host's real /usr/local directory (or an empty one)
   * becomes generation 0. Idempotent, so a roll killed half-way through it finishes it next time.
   */
  public void adopt(String now) throws IOException {
    Path local = layout.usrLocal();
    if (Files.isSymbolicLink(local)) {
      return;
    }
    Files.createDirectories(layout.generations());
    Path zero = layout.generation(0);
    if (!Files.exists(layout.record(0))) {
      writeRecord(layout, GenerationRecord.adopted(now));
    }
    if (Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS)) {
      if (Files.exists(zero, LinkOption.NOFOLLOW_LINKS)) {
        throw new RollException(
            local + " is a directory but generation 0 exists already; move one aside");
      }
      Files.move(local, zero, StandardCopyOption.ATOMIC_MOVE);
      CrashHook.point("adopt");
    } else if (!Files.exists(zero)) {
      Files.createDirectories(zero);
    }
    switchTo(0);
  }

  /**
   * What {@link #adopt} would do to a real /usr/local directory, for --dry-run: its files leave the
   * live tree. Null when /usr/local is roll's symlink already or absent.
   */
  public String adoption() {
    Path local = layout.usrLocal();
    if (Files.isSymbolicLink(local) || !Files.isDirectory(local, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    long n;
    try (var walk = Files.walk(local)) {
      n = walk.count() - 1;
    } catch (IOException | java.io.UncheckedIOException e) {
      n = -1;
    }
    if (n == 0) {
      return "adopt the empty " + local + " as generation 0";
    }
    return "adopt "
        + local
        + " as generation 0: its "
        + (n < 0 ? "" : n + " ")
        + "files and directories leave the live tree, kept in "
        + layout.generation(ADOPTED)
        + " (roll rollback --to 0 brings them back)";
  }

  /**
   * Points /usr/local at generation n by renaming a fresh symlink over it: atomic, never absent.
   */
  public void switchTo(int n) throws IOException {
    Path local = layout.usrLocal();
    Files.createDirectories(local.getParent());
    Path tmp = local.resolveSibling(".local." + ProcessHandle.current().pid() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, local.getParent().relativize(layout.generation(n)));
    Files.move(tmp, local, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Deletes a generation's tree, partial tree and record. */
  public void delete(int n) throws IOException {
    Trees.delete(layout.partial(n));
    Trees.delete(layout.generation(n));
    Files.deleteIfExists(layout.record(n));
    Files.deleteIfExists(Drift.inventory(layout, n));
  }

  /** Removes partial trees left by a killed build. */
  public void dropPartials() throws IOException {
    for (int n : numbers()) {
      Trees.delete(layout.partial(n));
      // A tree without a record died between its rename and its record; 0 is an adopted /usr/local,
      // never dropped.
      if (n > 0 && !Files.exists(layout.record(n))) {
        Trees.delete(layout.generation(n));
      }
    }
  }

  /**
   * Keeps the newest {@code keep} complete generations (always the current one, generation 0, the
   * host's own /usr/local, which nothing else holds a copy of, and any a running service was
   * started from) and the tarballs they use; deletes the rest.
   */
  public void prune(int keep, int current) throws IOException {
    List<Integer> complete = complete();
    Set<Integer> kept =
        new HashSet<>(complete.subList(Math.max(0, complete.size() - keep), complete.size()));
    kept.add(current);
    kept.add(ADOPTED);
    // a service a roll did not restart still runs from the generation it was started in
    kept.addAll(ServiceRunner.runningFrom(layout));
    Set<String> files = new HashSet<>();
    for (int n : complete) {
      if (kept.contains(n)) {
        GenerationRecord r = record(n);
        for (Pin p : r.packages()) {
          files.add(p.ref() + ".tar.gz");
          files.add(p.ref() + ".index.json");
        }
      } else {
        delete(n);
      }
    }
    if (!Files.isDirectory(layout.packages())) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.packages())) {
      for (Path p : ds) {
        if (!files.contains(p.getFileName().toString())) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
