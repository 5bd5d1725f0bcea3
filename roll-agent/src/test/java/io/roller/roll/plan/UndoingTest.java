package io.roller.roll.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The plans that are not a roll's, step by step: rollback, and what finishes or undoes a plan the
 * journal says was killed or whose step failed. The crash tests drive the same steps on a host.
 */
class UndoingTest {
  static final ServiceSpec WEB = new ServiceSpec("web", "web", "bin/web", null, "bin/check", 1000);
  static final ServiceSpec DB = new ServiceSpec("db", "db", "bin/db", null, null, 1000);

  static GenerationRecord record(int n, ServiceSpec... services) {
    return new GenerationRecord(
        n,
        "web01",
        "nyc1",
        "web",
        "1",
        "r" + n,
        false,
        List.of(),
        Map.of(),
        List.of(),
        Map.of(),
        List.of(services),
        "",
        "f" + n,
        "2026-01-01T00:00:00Z",
        List.of(),
        null,
        Map.of());
  }

  static final Map<Integer, GenerationRecord> ON_DISK =
      Map.of(1, record(1, DB, WEB), 2, record(2, DB, WEB));
  static final IntFunction<GenerationRecord> RECORDS = ON_DISK::get;

  static Journaled roll(Journaled.Phase phase) {
    return new Journaled(Journaled.ROLL, 1, 2, phase, "t");
  }

  static final List<Step> ROLLING_BACK =
      List.of(
          new Step.StopFailed(2, List.of(WEB, DB)),
          new Step.SwitchBack(2, 1),
          new Step.WriteCron(1),
          new Step.EnsureRunning(1, List.of(DB, WEB)),
          new Step.WriteState(1),
          new Step.Abandon(2, true));

  @Test
  void rollbackStopsSwitchesStartsAndCommitsLikeARollWithoutBuildingOrPruning() {
    Plan p = Planner.rollback(ON_DISK.get(2), ON_DISK.get(1));

    assertEquals(
        List.of(
            new Step.StopServices(2, List.of(WEB, DB)),
            new Step.Switch(2, 1),
            new Step.WriteCron(1),
            new Step.StartServices(1, List.of(DB, WEB)),
            new Step.Commit(1)),
        p.steps());
    assertEquals(
        new Journaled(Journaled.ROLLBACK, 2, 1, Journaled.Phase.STOP, "t"), p.journaled("t"));
  }

  @Test
  void aPlanKilledPastTheSwitchBringsUpAndCommitsItsTarget() {
    assertEquals(
        List.of(
            new Step.WriteCron(2), new Step.EnsureRunning(2, List.of(DB, WEB)), new Step.Commit(2)),
        Planner.finish(roll(Journaled.Phase.SWITCH), 2, RECORDS));
  }

  @Test
  void aPlanKilledWhileRollingBackRollsBackAgain() {
    assertEquals(ROLLING_BACK, Planner.finish(roll(Journaled.Phase.ROLLBACK), 2, RECORDS));
  }

  @Test
  void aPlanKilledBeforeTheSwitchGoesBackToTheLiveGenerationAndDeletesOnlyWhatItBuilt() {
    assertEquals(
        List.of(new Step.WriteState(1), new Step.Abandon(2, true)),
        Planner.finish(roll(Journaled.Phase.BUILD), 1, RECORDS),
        "nothing was stopped during the build");
    assertEquals(
        List.of(
            new Step.WriteCron(1),
            new Step.EnsureRunning(1, List.of(DB, WEB)),
            new Step.WriteState(1),
            new Step.Abandon(2, false)),
        Planner.finish(new Journaled(Journaled.REUSE, 1, 2, Journaled.Phase.STOP, "t"), 1, RECORDS),
        "a reused generation is kept");
  }

  @Test
  void aFailedStepIsUndoneByWhatItsKindLeaves() {
    assertEquals(
        new Undo(List.of(new Step.Abandon(2, true)), ""),
        Planner.undo(roll(Journaled.Phase.BUILD), new Step.Build(2), List.of(), RECORDS));
    assertEquals(
        new Undo(
            List.of(new Step.EnsureRunning(1, List.of(WEB)), new Step.Abandon(2, true)),
            "; generation 1 kept running"),
        Planner.undo(
            roll(Journaled.Phase.STOP),
            new Step.StopServices(1, List.of(WEB, DB)),
            List.of(WEB),
            RECORDS),
        "only what was stopped is brought back");
    assertEquals(
        new Undo(ROLLING_BACK, "; rolled back to generation 1"),
        Planner.undo(
            roll(Journaled.Phase.SWITCH),
            new Step.StartServices(2, List.of(DB, WEB)),
            List.of(DB),
            RECORDS));
    assertEquals(
        new Undo(ROLLING_BACK, "; rolled back to generation 1"),
        Planner.undo(
            roll(Journaled.Phase.SWITCH),
            new Step.EnsureRunning(2, List.of(DB, WEB)),
            List.of(),
            RECORDS),
        "a recovery that cannot start the target rolls back as a roll does");
  }

  @Test
  void whatFailsWhileRollingBackOrAfterTheSwitchIsLeftToTheNextRoll() {
    assertNull(
        Planner.undo(
            roll(Journaled.Phase.ROLLBACK),
            new Step.EnsureRunning(1, List.of(DB, WEB)),
            List.of(),
            RECORDS));
    assertNull(
        Planner.undo(roll(Journaled.Phase.SWITCH), new Step.WriteCron(2), List.of(), RECORDS));
  }
}
