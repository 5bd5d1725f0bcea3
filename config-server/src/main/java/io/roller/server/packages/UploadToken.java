package io.roller.server.packages;

import io.roller.server.DomainException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * The bearer token of {@code --upload-token-file}, read once at start; without one uploads are off.
 */
final class UploadToken {
  private final byte[] token;
  private final Path file;

  private UploadToken(Path file, byte[] token) {
    this.file = file;
    this.token = token;
  }

  static UploadToken from(Path file) {
    if (file == null) {
      return new UploadToken(null, null);
    }
    try {
      String t = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (t.isEmpty()) {
        throw new IllegalArgumentException("--upload-token-file " + file + " is empty");
      }
      return new UploadToken(file, t.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read --upload-token-file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Passes for {@code Bearer <token>}; 403 when uploads are off, 401 for a missing or wrong token.
   */
  void check(String authorization) {
    if (token == null) {
      throw new DomainException(
          DomainException.Kind.FORBIDDEN,
          "uploads are off on this server (start it with --upload-token-file)");
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new DomainException(
          DomainException.Kind.UNAUTHORIZED, "missing 'Authorization: Bearer <token>'");
    }
    byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token)) {
      throw new DomainException(
          DomainException.Kind.UNAUTHORIZED, "wrong upload token (see " + file + ")");
    }
  }
}
