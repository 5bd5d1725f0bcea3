package io.roller.model.pkg;

import java.util.List;
import java.util.Locale;

/**
 * Checks a five-field cron schedule (minute hour day-of-month month day-of-week) as cron(8) reads
 * it.
 */
final class CronSchedule {
  private static final String[] FIELDS = {"minute", "hour", "day of month", "month", "day of week"};
  private static final int[][] RANGES = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
  private static final List<String> MONTHS =
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
  private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");

  private CronSchedule() {}

  /** Null when the schedule is valid, else what is wrong with it. */
  static String problem(String schedule) {
    String[] f = schedule.trim().split("\\s+");
    if (f.length != 5) {
      return "bad schedule '"
          + schedule
          + "': want 5 fields (minute hour day-of-month month day-of-week), found "
          + f.length;
    }
    for (int i = 0; i < 5; i++) {
      String bad = field(f[i], i);
      if (bad != null) {
        return "bad schedule '" + schedule + "': " + FIELDS[i] + " '" + f[i] + "' " + bad;
      }
    }
    return null;
  }

  private static String field(String field, int i) {
    for (String part : field.split(",", -1)) {
      String bad = part(part, i);
      if (bad != null) {
        return bad;
      }
    }
    return null;
  }

  private static String part(String part, int i) {
    String range = part;
    int slash = part.indexOf('/');
    if (slash >= 0) {
      range = part.substring(0, slash);
      Integer step = number(part.substring(slash + 1), -1);
      if (step == null || step < 1) {
        return "has a bad step";
      }
    }
    if (range.equals("*")) {
      return null;
    }
    String[] ends = range.split("-", -1);
    if (ends.length > 2) {
      return "is not a number, range or list";
    }
    Integer lo = number(ends[0], i);
    Integer hi = ends.length == 2 ? number(ends[1], i) : lo;
    int min = RANGES[i][0];
    int max = RANGES[i][1];
    if (lo == null || hi == null) {
      return "is not a number, range or list";
    }
    if (lo < min || hi > max || lo > hi) {
      return "is out of range " + min + "-" + max;
    }
    return null;
  }

  private static Integer number(String s, int field) {
    String l = s.toLowerCase(Locale.ROOT);
    if (field == 3 && MONTHS.contains(l)) {
      return MONTHS.indexOf(l) + 1;
    }
    if (field == 4 && DAYS.contains(l)) {
      return DAYS.indexOf(l);
    }
    if (!s.matches("[0-9]{1,2}")) {
      return null;
    }
    return Integer.parseInt(s);
  }
}
