package io.roller.foreman;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses durations the way operators write them: 0, 250ms, 30s, 5m, 1h. */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern P = Pattern.compile("([0-9]{1,9})(ms|s|m|h)?");

  @Override
  public Duration convert(String s) {
    Matcher m = P.matcher(s.trim());
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException("'" + s + "' is not a duration (like 30s, 5m, 1h)");
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
