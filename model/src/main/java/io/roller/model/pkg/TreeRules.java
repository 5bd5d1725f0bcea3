package io.roller.model.pkg;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * The path rules of one archive, applied entry by entry as it streams: normalized relative paths,
 * no '..', no duplicates, links that stay in the tree. All path work is segment-wise, never by
 * string prefix. A symlink target may not pass through another symlink of the package (whichever
 * comes first), so a link's lexical check is also its real one.
 */
final class TreeRules {
  private final Set<String> paths = new HashSet<>();
  private final Set<String> files = new HashSet<>();
  private final Set<String> symlinks = new HashSet<>();

  /** Every directory some entry lives under. */
  private final Set<String> parents = new HashSet<>();

  /** Every path a symlink target walks through as a directory, and which link walked it. */
  private final Map<String, String> traversed = new HashMap<>();

  /**
   * Validates one entry; null for the archive's root directory entry ("./"), which carries nothing.
   */
  PackageEntry admit(TarArchiveEntry e) {
    String raw = e.getName();
    PackageEntry.Type type = type(e);
    int mode = e.getMode();
    if ((mode & 06000) != 0) {
      throw new PackageException(
          raw, String.format("setuid/setgid bits are not allowed (mode %04o)", mode & 07777));
    }
    String path = normalize(raw);
    if (path.isEmpty()) {
      if (type == PackageEntry.Type.DIRECTORY) {
        return null;
      }
      throw new PackageException(raw, "entry has no name");
    }
    checkPlace(raw, path, type);
    String target = null;
    if (type == PackageEntry.Type.SYMLINK) {
      target = e.getLinkName();
      checkLink(raw, path, target);
      symlinks.add(path);
    } else if (type == PackageEntry.Type.FILE) {
      files.add(path);
    }
    paths.add(path);
    long size = type == PackageEntry.Type.FILE ? e.getSize() : 0;
    return new PackageEntry(path, type, perm(type, mode), size, target);
  }

  /**
   * The bits a package may install: never writable by others (a 0777 bin/ would let any user put
   * commands on root's PATH), so o+w is cleared; a directory keeps its sticky bit (1777 becomes
   * 1775).
   */
  static int perm(PackageEntry.Type type, int mode) {
    return switch (type) {
      case SYMLINK -> 0777;
      case DIRECTORY -> mode & 01775;
      case FILE -> mode & 0775;
    };
  }

  private static PackageEntry.Type type(TarArchiveEntry e) {
    String raw = e.getName();
    if (e.isLink()) {
      throw new PackageException(
          raw, "hard links are not allowed (link to '" + e.getLinkName() + "')");
    }
    if (e.isCharacterDevice() || e.isBlockDevice()) {
      throw new PackageException(raw, "device files are not allowed");
    }
    if (e.isFIFO()) {
      throw new PackageException(raw, "fifos are not allowed");
    }
    if (e.isSymbolicLink()) {
      return PackageEntry.Type.SYMLINK;
    }
    if (e.isDirectory()) {
      return PackageEntry.Type.DIRECTORY;
    }
    byte flag = e.getLinkFlag();
    // isFile() calls any unknown type a file; only these three are
    if (flag == TarConstants.LF_NORMAL
        || flag == TarConstants.LF_OLDNORM
        || flag == TarConstants.LF_CONTIG) {
      return PackageEntry.Type.FILE;
    }
    throw new PackageException(raw, "unsupported entry type '" + (char) e.getLinkFlag() + "'");
  }

  /**
   * The path without "./", empty or "." segments and trailing "/"; refuses absolute paths and "..".
   */
  static String normalize(String raw) {
    if (raw.indexOf('\0') >= 0) {
      throw new PackageException(raw, "name contains a NUL byte");
    }
    int c = control(raw);
    if (c >= 0) {
      throw new PackageException(
          raw, String.format("name contains the control character U+%04X", c));
    }
    if (raw.startsWith("/")) {
      throw new PackageException(raw, "absolute path");
    }
    StringBuilder out = new StringBuilder();
    for (String seg : raw.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        throw new PackageException(raw, "path leaves the package (..)");
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(seg);
    }
    return out.toString();
  }

  /**
   * The first control character (C0, DEL, C1) in s, or -1: a newline in a name breaks every
   * line-based tool that lists the tree.
   */
  static int control(String s) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch < 0x20 || (ch >= 0x7f && ch <= 0x9f)) {
        return ch;
      }
    }
    return -1;
  }

  private void checkPlace(String raw, String path, PackageEntry.Type type) {
    if (paths.contains(path)) {
      throw new PackageException(raw, "duplicate path '" + path + "'");
    }
    if (type != PackageEntry.Type.DIRECTORY && parents.contains(path)) {
      throw new PackageException(raw, "replaces the directory '" + path + "' of earlier entries");
    }
    if (type == PackageEntry.Type.SYMLINK && traversed.containsKey(path)) {
      throw new PackageException(
          raw,
          "symlink would redirect the target of the earlier symlink '" + traversed.get(path) + "'");
    }
    int slash = path.indexOf('/');
    while (slash >= 0) {
      String dir = path.substring(0, slash);
      if (symlinks.contains(dir)) {
        throw new PackageException(raw, "path goes through the symlink '" + dir + "'");
      }
      if (files.contains(dir)) {
        throw new PackageException(raw, "path goes under the file '" + dir + "'");
      }
      parents.add(dir);
      slash = path.indexOf('/', slash + 1);
    }
  }

  private void checkLink(String raw, String path, String target) {
    if (target == null || target.isEmpty()) {
      throw new PackageException(raw, "symlink has an empty target");
    }
    if (target.indexOf('\0') >= 0) {
      throw new PackageException(raw, "symlink target contains a NUL byte");
    }
    int c = control(target);
    if (c >= 0) {
      throw new PackageException(
          raw, String.format("symlink target contains the control character U+%04X", c));
    }
    if (target.startsWith("/")) {
      throw new PackageException(raw, "symlink target '" + target + "' is absolute");
    }
    Deque<String> at = new ArrayDeque<>();
    String[] own = path.split("/");
    for (int i = 0; i < own.length - 1; i++) {
      at.addLast(own[i]);
    }
    for (String seg : target.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      // whatever we stand on now is walked through as a directory
      if (!at.isEmpty()) {
        String here = String.join("/", at);
        if (symlinks.contains(here)) {
          throw new PackageException(
              raw, "symlink target '" + target + "' goes through the symlink '" + here + "'");
        }
        traversed.putIfAbsent(here, path);
      }
      if (seg.equals("..")) {
        if (at.isEmpty()) {
          throw new PackageException(raw, "symlink target '" + target + "' leaves the package");
        }
        at.removeLast();
      } else {
        at.addLast(seg);
      }
    }
  }
}
