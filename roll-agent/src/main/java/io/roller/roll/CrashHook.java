package io.roller.roll;

/**
 * Test-only: halts the JVM at a named step (as kill -9 would) when {@code ROLLER_TEST_DIE_AT} or
 * the system property {@code roller.test.dieAt} names it, so crash recovery is tested at every
 * step.
 */
public final class CrashHook {
  private static final String DIE_AT = dieAt();

  private CrashHook() {}

  private static String dieAt() {
    String p = System.getProperty("roller.test.dieAt");
    return p != null ? p : System.getenv("ROLLER_TEST_DIE_AT");
  }

  public static void point(String step) {
    if (step.equals(DIE_AT)) {
      Runtime.getRuntime().halt(137);
    }
  }
}
