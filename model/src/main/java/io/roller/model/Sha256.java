package io.roller.model;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256, the hash that names package contents everywhere; hex is lowercase, as sha256sum prints
 * it.
 */
public final class Sha256 {
  private Sha256() {}

  /**
   * A fresh digest; every JVM has SHA-256, so its absence is a broken runtime, not an error to
   * handle.
   */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The digest's value as lowercase hex (this finishes the digest). */
  public static String hex(MessageDigest d) {
    return HexFormat.of().formatHex(d.digest());
  }

  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(digest().digest(bytes));
  }

  /** Hashes the rest of the stream (it is not closed). */
  public static String of(InputStream in) throws IOException {
    MessageDigest d = digest();
    byte[] buf = new byte[64 * 1024];
    int n;
    while ((n = in.read(buf)) != -1) {
      d.update(buf, 0, n);
    }
    return hex(d);
  }
}
