package io.roller.foreman;

import io.roller.foreman.apply.Executor;
import io.roller.foreman.apply.HomeFiles;
import io.roller.foreman.apply.StateDir;
import io.roller.foreman.apply.Tools;
import io.roller.foreman.etc.EtcFiles;
import io.roller.foreman.plan.Current;
import io.roller.foreman.plan.Managed;
import io.roller.foreman.plan.Plan;
import io.roller.foreman.plan.Planner;
import io.roller.foreman.read.HomeReader;
import io.roller.model.HostUsers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * One sync of a root against a users view: lock, read, plan, show, apply, record. The no-change
 * path reads files only and never starts a process.
 */
final class Sync {
  private final Path root;
  private final boolean dryRun;

  /** The plan and what applying it did. */
  record Outcome(Plan plan, Executor.Result result) {}

  Sync(Path root, boolean dryRun) {
    this.root = root;
    this.dryRun = dryRun;
  }

  /** Plans, hands the plan to show (before anything changes), applies it unless dry-run. */
  Outcome run(HostUsers want, Consumer<Plan> show, PrintWriter progress) throws IOException {
    try (StateDir state = new StateDir(root)) {
      if (!dryRun) {
        state.lock();
      }
      EtcFiles etc = EtcFiles.read(root);
      Managed managed = state.read(etc);
      // everything the planner looks at is read here, so planning itself touches no file
      Current current = new HomeReader(root).current(want, etc, managed);
      Plan plan = Planner.plan(want, current);
      show.accept(plan);
      if (dryRun) {
        return new Outcome(plan, new Executor.Result(0, List.of(), managed));
      }
      Executor.Result result =
          plan.isEmpty()
              ? new Executor.Result(0, List.of(), managed)
              : new Executor(root, new Tools(root), new HomeFiles(root), state, progress)
                  .apply(plan, etc, managed);
      if (!plan.isEmpty() || state.hasJournal()) {
        state.save(result.managed());
      }
      return new Outcome(plan, result);
    }
  }
}
