package io.roller.foreman;

import java.time.Duration;
import picocli.CommandLine;

/** The --splay option's converter: 0, 250ms, 30s, 5m, 1h (a bare number is seconds). */
final class Durations implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String s) {
    try {
      return io.roller.model.Durations.parse(s, false);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
