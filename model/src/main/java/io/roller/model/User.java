package io.roller.model;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One Unix user managed by foreman, from {@code users/<login>.yml}. */
public record User(
    String login,
    int uid,
    String comment,
    String shell,
    List<String> groups,
    List<String> sshKeys,
    Access access) {
  public static final int MIN_UID = 1000;
  public static final int MAX_UID = 60000;
  public static final Set<String> SHELLS =
      Set.of(
          "/bin/bash",
          "/usr/bin/bash",
          "/bin/sh",
          "/usr/bin/sh",
          "/bin/dash",
          "/usr/bin/dash",
          "/bin/zsh",
          "/usr/bin/zsh",
          "/usr/bin/fish",
          "/usr/sbin/nologin",
          "/sbin/nologin",
          "/bin/false",
          "/usr/bin/false");
  public static final Set<String> KEY_TYPES =
      Set.of(
          "ssh-ed25519",
          "ssh-rsa",
          "ecdsa-sha2-nistp256",
          "ecdsa-sha2-nistp384",
          "ecdsa-sha2-nistp521",
          "sk-ssh-ed25519@openssh.com",
          "sk-ecdsa-sha2-nistp256@openssh.com");
  private static final Set<String> KEYS =
      Set.of("uid", "comment", "shell", "groups", "ssh_keys", "access");
  private static final Set<String> ACCESS_KEYS = Set.of("all", "hostclasses", "colos", "hosts");

  public User {
    groups = List.copyOf(groups);
    sshKeys = List.copyOf(sshKeys);
  }

  /** Who may log in where: everywhere, or on the listed hostclasses, colos and hosts. */
  public record Access(
      boolean all, List<String> hostclasses, List<String> colos, List<String> hosts) {
    public Access {
      hostclasses = List.copyOf(hostclasses);
      colos = List.copyOf(colos);
      hosts = List.copyOf(hosts);
    }

    /** True when a host with this name, colo and hostclass grants the user. */
    public boolean grants(String hostname, String colo, String hostclass) {
      return all
          || hosts.contains(hostname)
          || colos.contains(colo)
          || hostclasses.contains(hostclass);
    }
  }

  /** Parses {@code users/<login>.yml}. */
  public static User parse(String file, String login, String text) {
    if (!Names.isLogin(login)) {
      throw new ValidationException(
          file, 0, null, "bad login '" + login + "': want [a-z_][a-z0-9_-]{0,31}");
    }
    YamlNode root = YamlNode.parse(file, text);
    Map<String, YamlNode> e = root.entries(KEYS);
    YamlNode uidNode = e.get("uid");
    if (uidNode == null) {
      throw root.error("missing key 'uid'");
    }
    long uid = uidNode.integer();
    if (uid < MIN_UID || uid > MAX_UID) {
      throw uidNode.error(
          "uid "
              + uid
              + " is outside "
              + MIN_UID
              + ".."
              + MAX_UID
              + " (system and root uids are never managed)");
    }
    String comment = e.containsKey("comment") ? e.get("comment").text() : "";
    if (comment.contains(":") || comment.contains("\n")) {
      throw e.get("comment").error("comment may not contain ':' or a newline (passwd fields)");
    }
    String shell = e.containsKey("shell") ? e.get("shell").text() : "/bin/bash";
    if (!SHELLS.contains(shell)) {
      throw e.get("shell")
          .error(
              "shell '"
                  + shell
                  + "' is not allowed; allowed: "
                  + String.join(", ", SHELLS.stream().sorted().toList()));
    }
    List<String> groups = new ArrayList<>();
    if (e.containsKey("groups")) {
      for (YamlNode g : e.get("groups").items()) {
        String name = g.text();
        if (!Names.isLogin(name)) {
          throw g.error("bad group name '" + name + "': want [a-z_][a-z0-9_-]{0,31}");
        }
        if (groups.contains(name)) {
          throw g.error("group '" + name + "' listed twice");
        }
        groups.add(name);
      }
    }
    List<String> keys = new ArrayList<>();
    if (e.containsKey("ssh_keys")) {
      for (YamlNode k : e.get("ssh_keys").items()) {
        String reason = sshKeyProblem(k.text());
        if (reason != null) {
          throw k.error(reason);
        }
        keys.add(k.text().trim());
      }
    }
    YamlNode accessNode = e.get("access");
    if (accessNode == null) {
      throw root.error(
          "missing key 'access' ({all: true} or {hostclasses: [...], colos: [...], hosts: [...]})");
    }
    return new User(login, (int) uid, comment, shell, groups, keys, access(accessNode));
  }

  private static Access access(YamlNode node) {
    Map<String, YamlNode> a = node.entries(ACCESS_KEYS);
    boolean all = a.containsKey("all") && a.get("all").bool();
    List<String> hostclasses = names(a.get("hostclasses"), false);
    List<String> colos = names(a.get("colos"), false);
    List<String> hosts = names(a.get("hosts"), true);
    return new Access(all, hostclasses, colos, hosts);
  }

  private static List<String> names(YamlNode list, boolean hostnames) {
    if (list == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (YamlNode n : list.items()) {
      String s = n.text();
      if (hostnames ? !Names.isHostname(s) : !Names.isName(s)) {
        throw n.error("bad name '" + s + "'");
      }
      out.add(s);
    }
    return out;
  }

  /** Why an authorized_keys line is refused, or null when it parses: type, base64 blob, comment. */
  public static String sshKeyProblem(String key) {
    if (key == null || key.isBlank()) {
      return "empty ssh key";
    }
    for (char c : key.toCharArray()) {
      // a tab too: authorized_keys readers split on it, and the docs refuse control characters
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        return "ssh key contains a control character or newline";
      }
    }
    String[] parts = key.trim().split("\\s+", 3);
    if (parts.length < 2) {
      return "ssh key needs '<type> <base64> [comment]'";
    }
    if (!KEY_TYPES.contains(parts[0])) {
      return "ssh key type '"
          + parts[0]
          + "' is not one of "
          + String.join(", ", KEY_TYPES.stream().sorted().toList());
    }
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(parts[1]);
    } catch (IllegalArgumentException ex) {
      return "ssh key body is not base64";
    }
    if (blob.length < 4) {
      return "ssh key body is too short";
    }
    int len =
        ((blob[0] & 0xff) << 24)
            | ((blob[1] & 0xff) << 16)
            | ((blob[2] & 0xff) << 8)
            | (blob[3] & 0xff);
    if (len <= 0 || len > blob.length - 4) {
      return "ssh key body does not hold a key";
    }
    String inner = new String(blob, 4, len, StandardCharsets.US_ASCII);
    if (!inner.equals(parts[0])) {
      return "ssh key body is a '" + inner + "' key but the line says '" + parts[0] + "'";
    }
    return null;
  }
}
