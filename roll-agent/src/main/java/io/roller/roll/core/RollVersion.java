package io.roller.roll.core;

import picocli.CommandLine.IVersionProvider;

/** {@code -V}/{@code --version} of roll and of every subcommand: one line, the same everywhere. */
public final class RollVersion implements IVersionProvider {
  /** This build's version, from the jar's manifest (1.0.0 when run from classes). */
  public static String version() {
    String v = RollVersion.class.getPackage().getImplementationVersion();
    return v == null ? "1.0.0" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"roll " + version()};
  }
}
