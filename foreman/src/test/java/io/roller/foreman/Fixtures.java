package io.roller.foreman;

import io.roller.model.HostUsers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Temp roots whose etc/ starts as a real Debian one, and hand-written users views. */
public final class Fixtures {
  private Fixtures() {}

  /** Makes root/etc from the Debian fixture copies, and root/home. */
  public static Path debianRoot(Path root) throws IOException {
    Path etc = Files.createDirectories(root.resolve("etc"));
    for (String f : List.of("passwd", "group", "shadow", "gshadow", "login.defs")) {
      try (InputStream in = Fixtures.class.getResourceAsStream("/debian-etc/" + f)) {
        Files.copy(in, etc.resolve(f));
      }
      boolean secret = f.equals("shadow") || f.equals("gshadow");
      Files.setPosixFilePermissions(
          etc.resolve(f), PosixFilePermissions.fromString(secret ? "rw-r-----" : "rw-r--r--"));
    }
    Files.createDirectories(root.resolve("home"));
    return root;
  }

  /** A well-formed ssh-ed25519 public key line whose 32 key bytes are derived from seed. */
  public static String key(String seed) {
    byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
    byte[] pub = new byte[32];
    byte[] s = seed.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < pub.length; i++) {
      pub[i] = s[i % s.length];
    }
    ByteBuffer b = ByteBuffer.allocate(4 + type.length + 4 + pub.length);
    b.putInt(type.length).put(type).putInt(pub.length).put(pub);
    return "ssh-ed25519 " + Base64.getEncoder().encodeToString(b.array()) + " " + seed + "@laptop";
  }

  public static HostUsers.Dotfile dotfile(String path, String mode, String content) {
    return new HostUsers.Dotfile(
        path, mode, Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
  }

  public static HostUsers.Account account(
      String login,
      int uid,
      List<String> groups,
      List<String> keys,
      List<HostUsers.Dotfile> dotfiles) {
    return new HostUsers.Account(login, uid, login + " user", "/bin/bash", groups, keys, dotfiles);
  }

  public static HostUsers.Account jane() {
    return account(
        "jane",
        2001,
        List.of("ops", "adm"),
        List.of(key("jane")),
        List.of(
            dotfile(".bashrc", "0644", "alias ll='ls -l'\n"),
            dotfile(".config/git/config", "0600", "[user]\n")));
  }

  public static HostUsers view(HostUsers.Account... accounts) {
    return new HostUsers("web01.nyc1", "0123abcd", new ArrayList<>(List.of(accounts)), List.of());
  }
}
