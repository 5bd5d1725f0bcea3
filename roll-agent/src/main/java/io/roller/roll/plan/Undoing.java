package io.roller.roll.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The plans that are not a roll's: {@code roll rollback}, and the steps that finish or undo a plan
 * that failed or was killed. Each is read off the journal's {@link Journaled} and the records on
 * disk, so a plan interrupted anywhere (a rollback included) is finished the same way.
 */
final class Undoing {
  private Undoing() {}

  static Plan rollback(GenerationRecord current, GenerationRecord target) {
    int from = current.generation();
    int to = target.generation();
    List<String> none = List.of();
    List<ServiceSpec> stop = reversed(current.services());
    Plan.Changes changes =
        new Plan.Changes(
            none,
            none,
            List.of(),
            List.of(),
            stop.stream().map(ServiceSpec::label).toList(),
            target.services().stream().map(ServiceSpec::label).toList());
    return new Plan(
        current,
        target,
        true,
        changes,
        List.of(
            new Step.StopServices(from, stop),
            new Step.Switch(from, to),
            new Step.WriteCron(to),
            new Step.StartServices(to, target.services()),
            new Step.Commit(to)),
        Journaled.ROLLBACK);
  }

  static List<Step> finish(Journaled e, int live, IntFunction<GenerationRecord> records) {
    if (live == e.to() && e.phase() == Journaled.Phase.ROLLBACK) {
      return rollingBack(e, records);
    }
    if (live == e.to()) {
      GenerationRecord target = records.apply(e.to());
      return List.of(
          new Step.WriteCron(e.to()),
          new Step.EnsureRunning(e.to(), target.services()),
          new Step.Commit(e.to()));
    }
    List<Step> steps = new ArrayList<>();
    if (e.phase() != Journaled.Phase.BUILD) {
      // services may have been stopped: the generation /usr/local is on gets them back
      steps.add(new Step.WriteCron(live));
      steps.add(new Step.EnsureRunning(live, records.apply(live).services()));
    }
    steps.add(new Step.WriteState(live));
    steps.add(new Step.Abandon(e.to(), e.buildsTarget()));
    return steps;
  }

  static Undo undo(
      Journaled at, Step failed, List<ServiceSpec> done, IntFunction<GenerationRecord> records) {
    if (failed instanceof Step.Build || failed instanceof Step.BuildFrom) {
      return new Undo(List.of(new Step.Abandon(at.to(), at.buildsTarget())), "");
    }
    if (failed instanceof Step.StopServices stop) {
      // nothing switched yet: what was stopped comes back, in start order
      return new Undo(
          List.of(
              new Step.EnsureRunning(stop.generation(), reversed(done)),
              new Step.Abandon(at.to(), at.buildsTarget())),
          "; generation " + stop.generation() + " kept running");
    }
    boolean starting =
        failed instanceof Step.StartServices s && s.generation() == at.to()
            || failed instanceof Step.EnsureRunning r && r.generation() == at.to();
    if (starting && at.phase() != Journaled.Phase.ROLLBACK) {
      return new Undo(rollingBack(at, records), "; rolled back to generation " + at.from());
    }
    return null;
  }

  /** Stop the new services, switch back, start the old ones, forget the failed generation. */
  private static List<Step> rollingBack(Journaled e, IntFunction<GenerationRecord> records) {
    GenerationRecord failed = records.apply(e.to());
    GenerationRecord old = records.apply(e.from());
    return List.of(
        new Step.StopFailed(e.to(), failed == null ? List.of() : reversed(failed.services())),
        new Step.SwitchBack(e.to(), e.from()),
        new Step.WriteCron(e.from()),
        new Step.EnsureRunning(e.from(), old.services()),
        new Step.WriteState(e.from()),
        new Step.Abandon(e.to(), e.buildsTarget()));
  }

  static List<Step> bringUp(GenerationRecord r) {
    return List.of(
        new Step.WriteCron(r.generation()),
        new Step.EnsureRunning(r.generation(), r.services()),
        new Step.WriteState(r.generation()));
  }

  private static List<ServiceSpec> reversed(List<ServiceSpec> services) {
    List<ServiceSpec> out = new ArrayList<>(services);
    Collections.reverse(out);
    return out;
  }
}
