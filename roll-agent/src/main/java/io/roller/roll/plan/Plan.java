package io.roller.roll.plan;

import java.util.List;

/**
 * What a roll will do: the generation it ends on ({@code target}), whether anything changes, a
 * summary of the changes for people, and the steps for the executor.
 */
public record Plan(
    GenerationRecord current,
    GenerationRecord target,
    boolean changed,
    Changes changes,
    List<Step> steps) {

  /** What changes between the current generation and the target, as {@code --dry-run} prints it. */
  public record Changes(
      List<String> packagesAdded,
      List<String> packagesRemoved,
      List<FileChange> files,
      List<ParamChange> params,
      List<String> servicesStopped,
      List<String> servicesStarted) {}

  /** A path added, removed or changed; {@code diff} is a unified diff for rendered templates. */
  public record FileChange(String path, String change, String diff) {}

  /** A param whose merged value changes; from or to is null when added or removed. */
  public record ParamChange(String key, Object from, Object to) {}
}
