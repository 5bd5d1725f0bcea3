package io.roller.roll.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Options that count seconds or generations: a negative number is a usage error (exit 2) naming the
 * value, not a wait that ends at once or a generation that cannot exist.
 */
final class Count implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    int n;
    try {
      n = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number");
    }
    if (n < 0) {
      throw new TypeConversionException("'" + value + "' is negative; want 0 or more");
    }
    return n;
  }

  /** For --timeout: 0 would mean no time at all. */
  static final class Positive implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int n = new Count().convert(value);
      if (n == 0) {
        throw new TypeConversionException("'" + value + "' is not positive; want 1 or more");
      }
      return n;
    }
  }
}
