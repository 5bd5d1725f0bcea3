package io.roller.roll.core;

import java.util.Map;

/**
 * The environment roll was started with, as {@code Main.run} was given it: subcommands read
 * variables such as {@code ROLLER_SERVER} from here, never from {@code System.getenv}, so tests and
 * callers choose it.
 */
public interface Environment {
  Map<String, String> environment();
}
