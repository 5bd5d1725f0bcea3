package io.roller.roll.secret;

import io.roller.common.AtomicFiles;
import io.roller.roll.core.RollException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * An age identity file as age-keygen writes it ({@code # comments}, then {@code
 * AGE-SECRET-KEY-1...} lines). Loading refuses a file that anyone but its owner can read. Errors
 * name the file, never its content.
 */
public record Identity(Path file, List<String> keys) {
  /** Where a host keeps its identity, under {@code --root}. */
  public static Path hostFile(Path root) {
    return root.resolve("etc/roller/identity");
  }

  public static Identity load(Path file) {
    if (!Files.exists(file)) {
      throw new RollException(
          "no age identity at " + file + " (make one with: roll secret keygen)");
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      for (PosixFilePermission p : perms) {
        if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
          throw new RollException(
              "refusing age identity "
                  + file
                  + ": it is readable by others (mode "
                  + PosixFilePermissions.toString(perms)
                  + "); chmod 600 "
                  + file);
        }
      }
      List<String> keys =
          Files.readAllLines(file, StandardCharsets.UTF_8).stream()
              .map(String::strip)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .toList();
      if (keys.isEmpty()
          || keys.stream().anyMatch(k -> !k.toUpperCase().startsWith("AGE-SECRET-KEY-1"))) {
        throw new RollException(
            "age identity "
                + file
                + " is not an age X25519 identity file (want AGE-SECRET-KEY-1... lines, as "
                + "roll secret keygen or age-keygen write them)");
      }
      for (String k : keys) {
        try {
          Age.recipientOf(k);
        } catch (Age.AgeException e) {
          throw new RollException("age identity " + file + " holds a malformed key");
        }
      }
      return new Identity(file, keys);
    } catch (IOException e) {
      throw new RollException("cannot read age identity " + file + ": " + e.getMessage(), e);
    }
  }

  /** The recipient of the file's first key. */
  public String recipient() {
    try {
      return Age.recipientOf(keys.get(0));
    } catch (Age.AgeException e) {
      throw new RollException("age identity " + file + " holds a malformed key");
    }
  }

  /**
   * Writes a new identity, owner-only from its first byte (a temp file made 0600, then renamed);
   * refuses to replace an existing one.
   */
  public static Age.Keys create(Path file) {
    Age.Keys k = Age.generate();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (Files.exists(file)) {
        throw new FileAlreadyExistsException(file.toString());
      }
      AtomicFiles.replace(
          file,
          tmp ->
              Files.writeString(
                  Files.createFile(
                      tmp,
                      PosixFilePermissions.asFileAttribute(
                          PosixFilePermissions.fromString("rw-------"))),
                  "# created: "
                      + Instant.now()
                      + "\n# public key: "
                      + k.recipient()
                      + "\n"
                      + k.identity()
                      + "\n"));
      return k;
    } catch (FileAlreadyExistsException e) {
      throw new RollException(
          file + " already exists; its recipient: roll secret keygen --show (or age-keygen -y)");
    } catch (IOException e) {
      throw new RollException("cannot write age identity " + file + ": " + e.getMessage(), e);
    }
  }
}
