package io.roller.roll.agent;

import io.roller.roll.core.Json;
import io.roller.roll.core.Layout;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A roll that failed, kept under /var/lib/roller so that {@code roll status} and {@code roll
 * history} show it after the rollback erased its generation: when, at which step, why, what it was
 * rolling to, and the generation the host was left on. {@code outcome} is {@code rolled-back} when
 * new services had started and were stopped again, {@code failed} otherwise.
 */
public record RollFailure(
    String time,
    String outcome,
    String step,
    String reason,
    String revision,
    String hostclass,
    String version,
    Integer generation,
    Integer leftOn) {

  /** How many failures history keeps. */
  static final int KEEP = 10;

  /**
   * Records a failure: appended to the kept list, and the host's latest outcome until a roll
   * succeeds.
   */
  static void record(Layout layout, RollFailure f) {
    try {
      List<RollFailure> all = new ArrayList<>(all(layout));
      all.add(f);
      Json.writeAtomically(
          layout.failures(), all.subList(Math.max(0, all.size() - KEEP), all.size()));
      Json.writeAtomically(layout.lastFailure(), f);
    } catch (IOException | RuntimeException e) {
      // The trace is for people; it never changes the roll's own outcome.
    }
  }

  /** A roll succeeded: the last failure is history, no longer the host's state. */
  static void cleared(Layout layout) {
    try {
      Files.deleteIfExists(layout.lastFailure());
    } catch (IOException e) {
      // status goes on showing an old failure; the next roll tries again
    }
  }

  /** The kept failures, oldest first; empty when there are none or the file is unreadable. */
  public static List<RollFailure> all(Layout layout) {
    try {
      return Files.exists(layout.failures())
          ? Arrays.asList(Json.read(layout.failures(), RollFailure[].class))
          : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The failure of the latest roll, or null when it succeeded. */
  public static RollFailure last(Layout layout) {
    try {
      return Files.exists(layout.lastFailure())
          ? Json.read(layout.lastFailure(), RollFailure.class)
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** One line for people: {@code rolled back at step start (generation 2, back on 1): reason}. */
  public String describe() {
    return (outcome.equals("rolled-back") ? "rolled back" : "failed")
        + " at step "
        + step
        + (generation == null && leftOn == null
            ? ""
            : " ("
                + (generation == null ? "" : "generation " + generation)
                + (generation != null && leftOn != null ? ", " : "")
                + (leftOn == null ? "" : "left on " + leftOn)
                + ")")
        + (hostclass == null
            ? ""
            : ", hostclass " + hostclass + " " + version + ", revision " + revision)
        + ": "
        + reason;
  }
}
