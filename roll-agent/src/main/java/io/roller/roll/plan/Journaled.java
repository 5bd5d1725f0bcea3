package io.roller.roll.plan;

/**
 * What the journal holds of a plan being applied: its kind and the generations it moves between
 * (from which, with the records on disk, {@link Planner#finish} rebuilds the steps that finish or
 * undo it), and how far it got. The fields are the journal's JSON, unchanged since the journal
 * first had a phase, so a journal left by an older roll is read the same way.
 */
public record Journaled(String kind, int from, int to, Phase phase, String started) {
  /** A roll that builds {@code to}. */
  public static final String ROLL = "roll";

  /** A roll that switches to a kept generation already holding what it wants. */
  public static final String REUSE = "reuse";

  /** {@code roll rollback}: a switch to a kept older generation. */
  public static final String ROLLBACK = "rollback";

  /** How far a plan got; the symlink itself says which side of the switch we are on. */
  public enum Phase {
    BUILD,
    STOP,
    SWITCH,
    ROLLBACK
  }

  /** The same plan, further on. */
  public Journaled at(Phase p) {
    return new Journaled(kind, from, to, p, started);
  }

  /**
   * Whether undoing the plan deletes {@code to}: only a generation the plan built is its own; a
   * reused or rolled-back-to one is kept.
   */
  public boolean buildsTarget() {
    return ROLL.equals(kind);
  }

  /** Whether {@code kind} is one this roll writes (and so knows how to finish). */
  public static boolean known(String kind) {
    return ROLL.equals(kind) || REUSE.equals(kind) || ROLLBACK.equals(kind);
  }
}
