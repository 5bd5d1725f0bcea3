package io.roller.roll.plan;

import java.util.List;

/**
 * What a roll (or rollback) will do: the generation it ends on ({@code target}), whether anything
 * changes, a summary of the changes for people, the steps for the executor, and the kind the
 * journal names it by ({@link Journaled#ROLL}, {@link Journaled#REUSE}, {@link Journaled#ROLLBACK};
 * null when nothing changes and nothing is journaled).
 */
public record Plan(
    GenerationRecord current,
    GenerationRecord target,
    boolean changed,
    Changes changes,
    List<Step> steps,
    String kind) {

  /**
   * The journal entry the executor writes before the first step: the phase of that step, or STOP
   * for a switch to a kept generation (nothing is built, services are about to stop).
   */
  public Journaled journaled(String started) {
    Journaled.Phase first = steps.get(0).phase();
    return new Journaled(
        kind,
        current.generation(),
        target.generation(),
        first == null ? Journaled.Phase.STOP : first,
        started);
  }

  /** What changes between the current generation and the target, as {@code --dry-run} prints it. */
  public record Changes(
      List<String> packagesAdded,
      List<String> packagesRemoved,
      List<FileChange> files,
      List<ParamChange> params,
      List<String> servicesStopped,
      List<String> servicesStarted) {
    /** Nothing changes: the answer of a roll that stopped at a 304. */
    public static final Changes NONE =
        new Changes(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
  }

  /** A path added, removed or changed; {@code diff} is a unified diff for rendered templates. */
  public record FileChange(String path, String change, String diff) {}

  /** A param whose merged value changes; from or to is null when added or removed. */
  public record ParamChange(String key, Object from, Object to) {}
}
