package io.roller.roll.plan;

import java.util.Map;
import java.util.regex.Pattern;

/** Tells which rendered files hold a secret, so they get no world-read bit and no diff. */
final class SecretFiles {
  /** What --dry-run shows instead of the diff of a file rendered from a secret. */
  static final String NO_DIFF = "(rendered from a secret: secret changed, no diff shown)\n";

  private SecretFiles() {}

  /**
   * A template that names a secret param, or whose output holds a secret's plaintext. Erring
   * towards yes costs a world-read bit and a diff; erring towards no would leak.
   */
  static boolean holdsSecret(String source, String text, Map<String, String> secrets) {
    for (Map.Entry<String, String> s : secrets.entrySet()) {
      if (Pattern.compile("\\b" + Pattern.quote(s.getKey()) + "\\b").matcher(source).find()
          || !s.getValue().isEmpty() && text.contains(s.getValue())) {
        return true;
      }
    }
    return false;
  }
}
