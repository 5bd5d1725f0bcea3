package io.roller.roll.install;

import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import io.roller.roll.plan.GenerationRecord;
import io.roller.roll.plan.Journaled;
import io.roller.roll.plan.Planner;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a roll does first, under the lock: drop partial generations, point a /usr/local whose
 * generation is gone at one that is there, and finish or undo the plan the journal says was
 * interrupted (a roll, a reuse or a rollback alike) with the steps the planner gives for it. The
 * symlink says which side of the switch the plan died on: past it, the new generation is started
 * (and rolled back if it fails); before it, the new tree is dropped and the old services are
 * brought back up.
 */
final class Recovery {
  private final Layout layout;
  private final Generations generations;
  private final Journal journal;
  private final PrintStream log;
  private final Executor executor;

  Recovery(
      Layout layout, Generations generations, Journal journal, PrintStream log, Executor executor) {
    this.layout = layout;
    this.generations = generations;
    this.journal = journal;
    this.log = log;
    this.executor = executor;
  }

  void run() {
    StepActions.orFail(generations::dropPartials);
    healDangling();
    Optional<Journaled> pending;
    try {
      pending = journal.read();
    } catch (Journal.Broken b) {
      withoutJournal(b.getMessage());
      return;
    }
    if (pending.isEmpty()) {
      return;
    }
    Journaled e = pending.get();
    if (e.phase() == null) {
      // Hand-edited or written by another version: assume the worst safe case, services stopped.
      log.println("roll: journal " + layout.journal() + " names no phase; taking it as 'stop'");
      e = e.at(Journaled.Phase.STOP);
    }
    int live = generations.current().orElse(e.from());
    log.println(
        "roll: recovering an interrupted "
            + e.kind()
            + " from generation "
            + e.from()
            + " to "
            + e.to()
            + " ("
            + e.phase().name().toLowerCase()
            + ", /usr/local on generation "
            + live
            + ")");
    executor.resume(e, Planner.finish(e, live, generations::record));
  }

  /**
   * A journal that cannot be read says nothing /usr/local does not: the generation it points at is
   * the one to keep, with its services up. A newer generation the roll may have built is left for
   * pruning.
   */
  private void withoutJournal(String why) {
    OptionalInt live = generations.current();
    log.println(
        "roll: "
            + why
            + "; going by /usr/local"
            + (live.isPresent() ? " (generation " + live.getAsInt() + ")" : "")
            + " and removing it");
    // cleared first: should a service not come up, the next roll starts clean, not here again
    journal.clear();
    if (live.isPresent()) {
      bringUp(live.getAsInt());
    }
  }

  /**
   * /usr/local pointing at a generation whose tree or record is gone (deleted by hand, a disk
   * restored from backup) is pointed at the newest complete one; with none left it is removed, and
   * the roll adopts an empty /usr/local as generation 0.
   */
  private void healDangling() {
    OptionalInt live = generations.current();
    if (live.isEmpty()) {
      return;
    }
    int n = live.getAsInt();
    List<Integer> complete = generations.complete();
    if (complete.contains(n) && readable(n)) {
      return;
    }
    String gone = complete.contains(n) ? "whose record cannot be read" : "which is gone";
    if (complete.contains(n)) {
      // kept for a look, out of the way: a generation without a record is dropped like a partial
      StepActions.orFail(
          () ->
              Files.move(
                  layout.record(n),
                  layout.record(n).resolveSibling(n + ".json.broken"),
                  StandardCopyOption.REPLACE_EXISTING));
    }
    List<Integer> usable = complete.stream().filter(g -> g != n && readable(g)).toList();
    if (usable.isEmpty()) {
      log.println(
          "roll: /usr/local pointed at generation "
              + n
              + ", "
              + gone
              + ", and no complete generation is left; starting from an empty one");
      StepActions.orFail(() -> Files.delete(layout.usrLocal()));
      return;
    }
    int to = usable.get(usable.size() - 1);
    log.println(
        "roll: /usr/local pointed at generation "
            + n
            + ", "
            + gone
            + "; switched to generation "
            + to);
    StepActions.orFail(() -> generations.switchTo(to));
    bringUp(to);
  }

  private boolean readable(int n) {
    try {
      return generations.record(n) != null;
    } catch (RollException e) {
      return false;
    }
  }

  private void bringUp(int n) {
    GenerationRecord r = generations.record(n);
    if (r != null) {
      executor.repair(Planner.bringUp(r));
    }
  }
}
