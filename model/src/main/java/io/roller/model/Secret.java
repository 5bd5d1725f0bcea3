package io.roller.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A param value tagged {@code !secret}: age ciphertext in ASCII armor that only its recipients can
 * read. Nothing here can decrypt it; every view shows it as {@code {secret: <sha256 of the
 * armor>}}, so no serializer can leak even the ciphertext by accident.
 */
public record Secret(String armor) {
  /** The YAML tag that marks a param value as a secret. */
  public static final String TAG = "!secret";

  public static final String BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
  public static final String END = "-----END AGE ENCRYPTED FILE-----";

  /** The key of the map a secret shows as in views: {@code {secret: <sha256>}}. */
  public static final String VIEW_KEY = "secret";

  public Secret {
    if (armor == null || !isArmor(armor)) {
      throw new IllegalArgumentException(
          "a !secret value must be an age ASCII armor (" + BEGIN + " ... " + END + ")");
    }
  }

  /** Whether text has the armor's shape; whether it decrypts is for its recipients to find out. */
  public static boolean isArmor(String text) {
    String t = text.strip();
    return t.startsWith(BEGIN) && t.endsWith(END) && t.length() > BEGIN.length() + END.length();
  }

  /** The sha256 of the armor as stored: the secret's name in views, diffs and logs. */
  public String sha256() {
    return Sha256.of(armor.getBytes(StandardCharsets.UTF_8));
  }

  /** How views show a secret. */
  @JsonValue
  public Map<String, String> view() {
    return Map.of(VIEW_KEY, sha256());
  }

  /** True for the view form of a secret, {@code {secret: <sha256>}}, as a client reads it back. */
  public static boolean isView(Object value) {
    return value instanceof Map<?, ?> m
        && m.size() == 1
        && m.get(VIEW_KEY) instanceof String s
        && s.matches("[0-9a-f]{64}");
  }

  @Override
  public String toString() {
    return "{secret: " + sha256() + "}";
  }
}
