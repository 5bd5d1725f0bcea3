package io.roller.roll.install;

import io.roller.common.Modes;
import io.roller.model.Sha256;
import io.roller.roll.core.Json;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import io.roller.roll.plan.FileEntry;
import io.roller.roll.plan.GenerationRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Drift: how the live /usr/local differs from what roll built. Each generation gets an inventory
 * ({@code /var/lib/roller/inventory/<n>}: type, mode, size and mtime of every path, taken right
 * after the build), so the check is one walk of lstat calls, no reads; {@code full} also compares
 * file contents with the record's digests.
 */
public final class Drift {
  private Drift() {}

  /** What differs, as paths relative to /usr/local, each list sorted. */
  public record Result(
      Integer generation, List<String> modified, List<String> added, List<String> removed) {
    public boolean clean() {
      return modified.isEmpty() && added.isEmpty() && removed.isEmpty();
    }

    /** Every drifted path as the host sees it ({@code /usr/local/...}), for the roll's report. */
    public List<String> paths() {
      List<String> out = new ArrayList<>();
      modified.forEach(p -> out.add("/usr/local/" + p));
      added.forEach(p -> out.add("/usr/local/" + p));
      removed.forEach(p -> out.add("/usr/local/" + p));
      Collections.sort(out);
      return out;
    }
  }

  record Stat(String type, int mode, long size, long mtime) {
    String line(String path) {
      return escape(path) + "\t" + type + "\t" + mode + "\t" + size + "\t" + mtime;
    }
  }

  static Path inventory(Layout layout, int n) {
    return layout.lib().resolve("inventory").resolve(Integer.toString(n));
  }

  /** Takes the inventory of a just-built generation. */
  static void writeInventory(Layout layout, int n) throws IOException {
    StringBuilder sb = new StringBuilder();
    walk(layout.generation(n)).forEach((p, s) -> sb.append(s.line(p)).append('\n'));
    Json.writeAtomically(inventory(layout, n), sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The cheap check of a plain roll: generation {@code n}'s live tree against its inventory,
   * without reading (JSON-binding) its record when the inventory is there. Null for the adopted
   * generation 0 or a generation that is not complete.
   */
  public static Result check(Layout layout, int n, Generations generations) {
    if (n == 0) {
      return null;
    }
    if (!Files.exists(inventory(layout, n))) {
      return check(layout, generations.record(n), false);
    }
    try {
      return compare(n, readInventory(inventory(layout, n)), walk(layout.generation(n)), null);
    } catch (IOException e) {
      throw new RollException("cannot check " + layout.usrLocal() + " for drift: " + e, e);
    }
  }

  /**
   * Compares generation {@code r}'s live tree with its inventory (or, for a generation built before
   * inventories, with its record, without mtimes); null for the adopted generation 0.
   */
  public static Result check(Layout layout, GenerationRecord r, boolean full) {
    if (r == null || r.files() == null) {
      return null;
    }
    try {
      Map<String, Stat> live = walk(layout.generation(r.generation()));
      Map<String, Stat> want = readInventory(layout, r);
      Map<String, FileEntry> record = new HashMap<>();
      for (FileEntry f : r.files()) {
        record.put(f.path().replaceAll("\\.tmpl$", ""), f);
      }
      ContentCheck content =
          full ? (path, now) -> sameContent(layout, r, record.get(path), path, now) : null;
      return compare(r.generation(), want, live, content);
    } catch (IOException e) {
      throw new RollException("cannot check " + layout.usrLocal() + " for drift: " + e, e);
    }
  }

  private interface ContentCheck {
    boolean same(String path, Stat now) throws IOException;
  }

  private static Result compare(
      int generation, Map<String, Stat> want, Map<String, Stat> live, ContentCheck content)
      throws IOException {
    List<String> modified = new ArrayList<>();
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (Map.Entry<String, Stat> e : want.entrySet()) {
      Stat now = live.get(e.getKey());
      if (now == null) {
        removed.add(e.getKey());
      } else if (!same(e.getValue(), now) || content != null && !content.same(e.getKey(), now)) {
        modified.add(e.getKey());
      }
    }
    for (String p : live.keySet()) {
      if (!want.containsKey(p)) {
        added.add(p);
      }
    }
    return new Result(generation, modified, added, removed);
  }

  private static boolean same(Stat want, Stat now) {
    return want.type().equals(now.type())
        && want.mode() == now.mode()
        && (want.type().equals("dir") || want.size() == now.size())
        && (want.mtime() < 0 || want.type().equals("dir") || want.mtime() == now.mtime());
  }

  private static boolean sameContent(
      Layout layout, GenerationRecord r, FileEntry entry, String path, Stat now)
      throws IOException {
    if (entry == null || !now.type().equals("file")) {
      return true;
    }
    Path p = layout.generation(r.generation()).resolve(path);
    String rendered = r.rendered() == null ? null : r.rendered().get(path);
    if (rendered == null && entry.path().endsWith(".tmpl")) {
      return true;
    }
    String digest;
    try (InputStream in = Files.newInputStream(p)) {
      digest = Sha256.of(in);
    }
    if (rendered != null) {
      return digest.equals(Sha256.of(rendered.getBytes(StandardCharsets.UTF_8)));
    }
    return digest.equals(entry.digest());
  }

  private static Map<String, Stat> readInventory(Path inv) throws IOException {
    Map<String, Stat> out = new HashMap<>();
    for (String line : Files.readAllLines(inv, StandardCharsets.UTF_8)) {
      String[] f = line.split("\t");
      if (f.length == 5) {
        out.put(
            unescape(f[0]),
            new Stat(f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4])));
      }
    }
    return out;
  }

  private static Map<String, Stat> readInventory(Layout layout, GenerationRecord r)
      throws IOException {
    Path inv = inventory(layout, r.generation());
    Map<String, Stat> out = new TreeMap<>();
    if (Files.exists(inv)) {
      out.putAll(readInventory(inv));
      return out;
    }
    // An older generation: its record's inventory, without mtimes (rendered sizes from the text).
    for (FileEntry f : r.files()) {
      String path = f.path().replaceAll("\\.tmpl$", "");
      String text = r.rendered() == null ? null : r.rendered().get(path);
      long size = text != null ? text.getBytes(StandardCharsets.UTF_8).length : f.size();
      String type =
          switch (f.kind()) {
            case DIR -> "dir";
            case LINK -> "link";
            case FILE -> "file";
          };
      out.put(path, new Stat(type, type.equals("link") ? -1 : f.mode() & 0777, size, -1));
    }
    return out;
  }

  /** Every path under {@code dir} (relative), without following links: one lstat per path. */
  static Map<String, Stat> walk(Path dir) throws IOException {
    Map<String, Stat> out = new TreeMap<>();
    if (Files.isDirectory(dir)) {
      walk(dir, "", out);
    }
    return out;
  }

  private static void walk(Path dir, String prefix, Map<String, Stat> out) throws IOException {
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String rel = prefix + p.getFileName();
        PosixFileAttributes a;
        try {
          a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
          continue;
        }
        Stat s = stat(a);
        out.put(rel, s);
        if (s.type().equals("dir")) {
          walk(p, rel + "/", out);
        }
      }
    } catch (NoSuchFileException e) {
      // gone while we looked: its entries are missing, which is what they are
    }
  }

  private static Stat stat(PosixFileAttributes a) {
    String type =
        a.isSymbolicLink()
            ? "link"
            : a.isDirectory() ? "dir" : a.isRegularFile() ? "file" : "other";
    return new Stat(
        type,
        type.equals("link") ? -1 : Modes.bits(a.permissions()),
        type.equals("file") ? a.size() : 0,
        a.lastModifiedTime().toMillis());
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
  }

  private static String unescape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        sb.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
