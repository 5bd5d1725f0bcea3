package io.roller.foreman;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DurationsTest {
  private final Durations d = new Durations();

  @Test
  void splaysReadTheWayOperatorsWriteThem() {
    assertEquals(Duration.ZERO, d.convert("0"));
    assertEquals(Duration.ofMillis(250), d.convert("250ms"));
    assertEquals(Duration.ofSeconds(30), d.convert("30s"));
    assertEquals(Duration.ofMinutes(5), d.convert("5m"));
    assertEquals(Duration.ofHours(1), d.convert("1h"));
    assertThrows(CommandLine.TypeConversionException.class, () -> d.convert("5 minutes"));
    assertThrows(CommandLine.TypeConversionException.class, () -> d.convert("-5m"));
  }
}
