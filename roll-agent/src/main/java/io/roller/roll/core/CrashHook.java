package io.roller.roll.core;

/**
 * Test-only: halts the JVM at a named step (as kill -9 would) when the system property {@code
 * roller.test.dieAt} names it, so crash recovery is tested at every step. Deliberately not an
 * environment variable: a host's environment can leak into roll (cron, sudo, a login shell), a
 * {@code -D} on the test's own command line cannot.
 */
public final class CrashHook {
  private static final String DIE_AT = System.getProperty("roller.test.dieAt");

  private CrashHook() {}

  public static void point(String step) {
    if (step.equals(DIE_AT)) {
      Runtime.getRuntime().halt(137);
    }
  }
}
