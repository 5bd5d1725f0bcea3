package io.roller.server.http;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.roller.server.core.DomainException;
import io.roller.server.core.TokenFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may {@code POST /refresh} with {@code --refresh-token-file} (DESIGN §2): the bearer token, or
 * a git host's push webhook made with it as its secret: GitHub's {@code X-Hub-Signature-256}
 * (HMAC-SHA256 of the body) or GitLab's {@code X-Gitlab-Token} (the secret itself).
 */
public final class RefreshAuth {
  static final String GITHUB_SIGNATURE = "X-Hub-Signature-256";
  static final String GITLAB_TOKEN = "X-Gitlab-Token";

  private final TokenFile token;

  private RefreshAuth(TokenFile token) {
    this.token = token;
  }

  /** Guards /refresh when {@code tokenFile} is set; without one anyone may refresh. */
  public static void register(Javalin app, Path tokenFile) {
    if (tokenFile == null) {
      return;
    }
    RefreshAuth auth = new RefreshAuth(TokenFile.read(tokenFile, "--refresh-token-file"));
    app.beforeMatched("/refresh", auth::check);
  }

  void check(Context ctx) {
    String authorization = ctx.header(Header.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      require(token.matches(authorization.substring(7)), "wrong refresh token");
      return;
    }
    String gitlab = ctx.header(GITLAB_TOKEN);
    if (gitlab != null) {
      require(token.matches(gitlab), "wrong " + GITLAB_TOKEN);
      return;
    }
    String github = ctx.header(GITHUB_SIGNATURE);
    if (github != null) {
      String want = "sha256=" + hmacSha256(ctx.bodyAsBytes());
      require(
          MessageDigest.isEqual(
              want.getBytes(StandardCharsets.US_ASCII),
              github.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII)),
          GITHUB_SIGNATURE
              + " does not match the body (is the webhook's secret the refresh token?)");
      return;
    }
    ctx.header(Header.WWW_AUTHENTICATE, "Bearer");
    throw new DomainException(
        DomainException.Kind.UNAUTHORIZED,
        "POST /refresh needs 'Authorization: Bearer <token>', or a webhook made with the token as"
            + " its secret ("
            + GITHUB_SIGNATURE
            + " or "
            + GITLAB_TOKEN
            + ")");
  }

  private static void require(boolean ok, String detail) {
    if (!ok) {
      throw new DomainException(DomainException.Kind.UNAUTHORIZED, detail);
    }
  }

  private String hmacSha256(byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.bytes(), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
