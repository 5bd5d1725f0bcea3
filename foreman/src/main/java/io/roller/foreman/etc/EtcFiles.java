package io.roller.foreman.etc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The account databases under {@code <root>/etc}: passwd, group and shadow, parsed into maps keyed
 * by name. Read only; every change goes through the system's own tools.
 */
public record EtcFiles(
    Map<String, Passwd> passwd, Map<String, Group> groups, Map<String, Shadow> shadow) {

  /** One line of /etc/passwd. */
  public record Passwd(String login, int uid, int gid, String comment, String home, String shell) {}

  /** One line of /etc/group; members are the supplementary members. */
  public record Group(String name, int gid, List<String> members) {}

  /**
   * The fields of /etc/shadow foreman reads: the password field (for the lock) and the expiry day.
   */
  public record Shadow(String login, String password, String expire) {
    /**
     * Locked the way {@code usermod -L -e 1} leaves an account: '!' password or an expiry date set.
     */
    public boolean locked() {
      return password.startsWith("!") || !expire.isEmpty();
    }
  }

  public EtcFiles {
    passwd = Map.copyOf(passwd);
    groups = Map.copyOf(groups);
    shadow = Map.copyOf(shadow);
  }

  /** Reads {@code root/etc/{passwd,group,shadow}}; a missing shadow reads as empty. */
  public static EtcFiles read(Path root) throws IOException {
    Path etc = root.resolve("etc");
    return new EtcFiles(
        parsePasswd(Files.readAllLines(etc.resolve("passwd"), StandardCharsets.UTF_8)),
        parseGroup(Files.readAllLines(etc.resolve("group"), StandardCharsets.UTF_8)),
        parseShadow(readIfPresent(etc.resolve("shadow"))));
  }

  private static List<String> readIfPresent(Path p) throws IOException {
    try {
      return Files.readAllLines(p, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return List.of();
    }
  }

  static Map<String, Passwd> parsePasswd(List<String> lines) {
    Map<String, Passwd> out = new LinkedHashMap<>();
    for (String[] f : records(lines, 7)) {
      Integer uid = number(f[2]);
      Integer gid = number(f[3]);
      if (uid != null && gid != null) {
        out.putIfAbsent(f[0], new Passwd(f[0], uid, gid, f[4], f[5], f[6]));
      }
    }
    return out;
  }

  static Map<String, Group> parseGroup(List<String> lines) {
    Map<String, Group> out = new LinkedHashMap<>();
    for (String[] f : records(lines, 4)) {
      Integer gid = number(f[2]);
      if (gid != null) {
        List<String> members = new ArrayList<>();
        for (String m : f[3].split(",")) {
          if (!m.isEmpty()) {
            members.add(m);
          }
        }
        out.putIfAbsent(f[0], new Group(f[0], gid, List.copyOf(members)));
      }
    }
    return out;
  }

  static Map<String, Shadow> parseShadow(List<String> lines) {
    Map<String, Shadow> out = new LinkedHashMap<>();
    for (String[] f : records(lines, 8)) {
      out.putIfAbsent(f[0], new Shadow(f[0], f[1], f[7]));
    }
    return out;
  }

  /**
   * Colon-separated records with at least {@code fields} fields; comments, blanks and NIS lines
   * skipped.
   */
  private static List<String[]> records(List<String> lines, int fields) {
    List<String[]> out = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#") || line.startsWith("+") || line.startsWith("-")) {
        continue;
      }
      String[] f = line.split(":", -1);
      if (f.length >= fields && !f[0].isEmpty()) {
        out.add(f);
      }
    }
    return out;
  }

  private static Integer number(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The passwd entry holding this uid, if any. */
  public Passwd byUid(int uid) {
    for (Passwd p : passwd.values()) {
      if (p.uid() == uid) {
        return p;
      }
    }
    return null;
  }
}
