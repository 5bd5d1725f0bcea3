package io.roller.server.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * A secret read once at start from a {@code --*-token-file} (surrounding whitespace trimmed), and
 * compared in constant time. Its path never reaches an HTTP answer: a client learns only that its
 * token was wrong.
 */
public final class TokenFile {
  private final byte[] token;

  private TokenFile(byte[] token) {
    this.token = token;
  }

  /** Reads {@code file}; an unreadable or empty file is an error at start naming the option. */
  public static TokenFile read(Path file, String option) {
    try {
      String t = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (t.isEmpty()) {
        throw new IllegalArgumentException(option + " " + file + " is empty");
      }
      return new TokenFile(t.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + option + " " + file + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code given} is the token. */
  public boolean matches(String given) {
    return given != null
        && MessageDigest.isEqual(given.trim().getBytes(StandardCharsets.UTF_8), token);
  }

  /** The token as a key, for HMAC signatures made with it. */
  public byte[] bytes() {
    return token.clone();
  }
}
