package io.roller.server.packages;

import io.roller.server.core.DomainException;
import io.roller.server.core.TokenFile;
import java.nio.file.Path;

/**
 * The bearer token of {@code --upload-token-file}, read once at start; without one uploads are off.
 */
final class UploadToken {
  private final TokenFile token;

  private UploadToken(TokenFile token) {
    this.token = token;
  }

  static UploadToken from(Path file) {
    return new UploadToken(file == null ? null : TokenFile.read(file, "--upload-token-file"));
  }

  /**
   * Passes for {@code Bearer <token>}; 403 when uploads are off, 401 for a missing or wrong token.
   * The 401 never names the token file: that is the server's business, not the client's.
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
    if (!token.matches(authorization.substring(7))) {
      throw new DomainException(
          DomainException.Kind.UNAUTHORIZED,
          "wrong upload token (want the content of the server's --upload-token-file)");
    }
  }
}
