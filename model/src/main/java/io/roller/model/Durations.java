package io.roller.model;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations the way operators write them in options and manifests: 250ms, 30s, 5m, 1h. */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)?");

  private Durations() {}

  /**
   * Parses a whole number with a unit; without {@code unitRequired} a bare number is seconds.
   *
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static Duration parse(String text, boolean unitRequired) {
    Matcher m = DURATION.matcher(text == null ? "" : text.trim());
    if (!m.matches() || (unitRequired && m.group(2) == null)) {
      throw new IllegalArgumentException(
          "bad duration '" + text + "': want a number and a unit, like 30s, 5m or 1h");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofSeconds(n);
    };
  }
}
