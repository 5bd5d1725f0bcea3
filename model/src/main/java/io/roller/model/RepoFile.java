package io.roller.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** One file of the config repo, classified by its path and parsed; errors are kept, not thrown. */
public sealed interface RepoFile {
  /** The largest repo file, in bytes: the server refuses bigger ones without reading them. */
  int MAX_BYTES = 4 * 1024 * 1024;

  /** Path relative to the repo root. */
  String path();

  /** The parse error, or null when the file validated. */
  ValidationException error();

  /** {@code colo/<name>.yml}. */
  record ColoFile(String path, String name, Colo colo, ValidationException error)
      implements RepoFile {}

  /** {@code hostclass/<name>/<version>.yml}. */
  record HostclassFile(
      String path,
      String name,
      String version,
      HostclassVersion hostclass,
      ValidationException error)
      implements RepoFile {}

  /** {@code host/<hostname>.yml}. */
  record HostFile(
      String path,
      String hostname,
      Host host,
      Map<String, Integer> keyLines,
      ValidationException error)
      implements RepoFile {}

  /** {@code users/<login>.yml}. */
  record UserFile(String path, String login, User user, ValidationException error)
      implements RepoFile {}

  /** {@code users/<login>/home/<path>}: a dotfile; {@code executable} from the git file mode. */
  record DotFile(
      String path,
      String login,
      String homePath,
      byte[] content,
      boolean executable,
      ValidationException error)
      implements RepoFile {}

  /** A file under colo/, hostclass/, host/ or users/ that does not fit the layout. */
  record Misplaced(String path, ValidationException error) implements RepoFile {}

  /**
   * Classifies and parses a file. Returns null for files outside the four trees (README,
   * .gitignore, ...), which the config repo may hold freely.
   */
  static RepoFile parse(String path, byte[] content, boolean executable) {
    String[] p = path.split("/");
    String top = p[0];
    if (!(top.equals("colo")
        || top.equals("hostclass")
        || top.equals("host")
        || top.equals("users"))) {
      return null;
    }
    if (content.length > MAX_BYTES) {
      return tooLarge(path);
    }
    try {
      if (top.equals("colo") && p.length == 2 && p[1].endsWith(".yml")) {
        String name = strip(p[1]);
        return new ColoFile(path, name, Colo.parse(path, name, text(path, content)), null);
      }
      if (top.equals("hostclass") && p.length == 3 && p[2].endsWith(".yml")) {
        String version = strip(p[2]);
        return new HostclassFile(
            path,
            p[1],
            version,
            HostclassVersion.parse(path, p[1], version, text(path, content)),
            null);
      }
      if (top.equals("host") && p.length == 2 && p[1].endsWith(".yml")) {
        String hostname = strip(p[1]);
        if (!Names.isHostname(hostname)) {
          // not a host at all: listing it would offer a name every host route refuses
          return new Misplaced(
              path,
              new ValidationException(
                  path,
                  0,
                  null,
                  "bad hostname '"
                      + hostname
                      + "': want a DNS name of lowercase labels (host/<hostname>.yml)"));
        }
        YamlNode root = YamlNode.parse(path, text(path, content));
        return new HostFile(
            path, hostname, Host.fromNode(path, hostname, root), Host.keyLines(root), null);
      }
      if (top.equals("users") && p.length == 2 && p[1].endsWith(".yml")) {
        String login = strip(p[1]);
        return new UserFile(path, login, User.parse(path, login, text(path, content)), null);
      }
      if (top.equals("users") && p.length >= 4 && p[2].equals("home")) {
        String home = path.substring(("users/" + p[1] + "/home/").length());
        return new DotFile(path, p[1], home, content, executable, dotfileProblem(path, p[1], home));
      }
    } catch (ValidationException e) {
      return failed(path, p, e);
    }
    return new Misplaced(
        path,
        new ValidationException(
            path,
            0,
            null,
            "does not fit the layout: colo/<colo>.yml, hostclass/<name>/<version>.yml, host/<hostname>.yml, "
                + "users/<login>.yml, users/<login>/home/<dotfile>"));
  }

  /**
   * A file refused for its size without reading it: a host, colo, hostclass or user file keeps its
   * place (so its hosts answer 422 naming it), a dotfile skips its user; null outside the four
   * trees, as {@link #parse}.
   */
  public static RepoFile tooLarge(String path) {
    ValidationException e =
        new ValidationException(path, 0, null, "is larger than " + MAX_BYTES + " bytes");
    String[] p = path.split("/");
    boolean yml = p[p.length - 1].endsWith(".yml");
    boolean fits =
        switch (p[0]) {
          case "colo", "users" -> p.length == 2 && yml;
          case "hostclass" -> p.length == 3 && yml;
          case "host" -> p.length == 2 && yml && Names.isHostname(strip(p[1]));
          default -> false;
        };
    if (!List.of("colo", "hostclass", "host", "users").contains(p[0])) {
      return null;
    }
    return fits ? failed(path, p, e) : refused(path, e.reason());
  }

  /** A file refused for what it is rather than what it says; a refused dotfile skips its user. */
  public static RepoFile refused(String path, String reason) {
    ValidationException e = new ValidationException(path, 0, null, reason);
    String[] p = path.split("/");
    if (p[0].equals("users") && p.length >= 4 && p[2].equals("home")) {
      return new DotFile(
          path, p[1], path.substring(("users/" + p[1] + "/home/").length()), new byte[0], false, e);
    }
    return new Misplaced(path, e);
  }

  private static RepoFile failed(String path, String[] p, ValidationException e) {
    String name = p.length > 1 ? strip(p[1]) : "";
    return switch (p[0]) {
      case "colo" -> new ColoFile(path, name, null, e);
      case "hostclass" -> new HostclassFile(path, p[1], p.length > 2 ? strip(p[2]) : "", null, e);
      case "host" -> new HostFile(path, name, null, Map.of(), e);
      default -> new UserFile(path, name, null, e);
    };
  }

  private static ValidationException dotfileProblem(String path, String login, String home) {
    if (!Names.isLogin(login)) {
      return new ValidationException(path, 0, null, "bad login '" + login + "'");
    }
    for (String seg : home.split("/")) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        return new ValidationException(
            path, 0, null, "dotfile path must stay inside the home directory");
      }
    }
    if (home.startsWith(".ssh/authorized_keys")) {
      return new ValidationException(
          path,
          0,
          null,
          "authorized_keys comes from ssh_keys in users/" + login + ".yml, not from a dotfile");
    }
    return null;
  }

  private static String strip(String fileName) {
    return fileName.endsWith(".yml") ? fileName.substring(0, fileName.length() - 4) : fileName;
  }

  private static String text(String path, byte[] content) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(content))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ValidationException(path, 0, null, "not UTF-8 text");
    }
  }
}
