package io.roller.roll.install;

import io.roller.roll.core.CrashHook;
import io.roller.roll.core.Json;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import io.roller.roll.plan.GenerationRecord;
import io.roller.roll.plan.Plan;
import io.roller.roll.plan.ServiceSpec;
import io.roller.roll.plan.Step;
import io.roller.roll.service.ServiceRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Applies a plan step by step, journaling before each risky one so that a roll killed anywhere
 * leaves /usr/local on a complete generation and the next roll ({@link #recover}) finishes or
 * undoes it. A service that fails to start or check rolls the host back to the generation it came
 * from.
 *
 * <p>Over 300 lines: applying a step, undoing it and finishing it after a crash read and write the
 * same journal entry and must agree phase by phase, so apply, rollback and recover stay together
 * until recovery is a plan of its own (see docs/ARCHITECTURE.md).
 */
public final class Executor {
  private final Layout layout;
  private final Generations generations;
  private final ServiceRunner services;
  private final Journal journal;
  private final PrintStream log;
  private final Map<String, Long> timings = new LinkedHashMap<>();
  private String step = "recover";
  private boolean rolledBack;

  /**
   * @param log where to say what is happening, one line per step (stderr of the command)
   */
  public Executor(Layout layout, ServiceRunner services, PrintStream log) {
    this.layout = layout;
    this.generations = new Generations(layout);
    this.services = services;
    this.journal = new Journal(layout);
    this.log = log;
  }

  /** Milliseconds per step of the last {@link #apply}, for roll.log and the bench. */
  public Map<String, Long> timings() {
    return timings;
  }

  /** The step applied last (build, stop, switch, start, ...): where a failed roll stopped. */
  public String step() {
    return step;
  }

  /** Whether a failure switched the host back to the generation it came from. */
  public boolean rolledBack() {
    return rolledBack;
  }

  public void apply(Plan plan) {
    GenerationRecord target = plan.target();
    if (!plan.changed()) {
      // nothing on disk changes, so nothing to journal: the plan's one step is a Refresh
      Apply refresh = new Apply(plan, null);
      plan.steps().forEach(s -> s.accept(refresh));
      return;
    }
    int from = plan.current().generation();
    int to = target.generation();
    boolean reuse = plan.steps().get(0) instanceof Step.Reuse;
    // A reused generation is not this roll's to delete when it fails: journal it as a switch.
    Journal.Entry entry =
        new Journal.Entry(
            reuse ? "reuse" : "roll",
            from,
            to,
            reuse ? Journal.Phase.STOP : Journal.Phase.BUILD,
            Instant.now().toString());
    journal.write(entry);
    Apply steps = new Apply(plan, entry);
    for (Step step : plan.steps()) {
      step.accept(steps);
    }
  }

  /** Applies one roll's steps in the plan's order: the one dispatcher of step kinds. */
  private final class Apply implements Step.Visitor {
    private final Plan plan;
    private final GenerationRecord target;
    private final Journal.Entry entry;

    Apply(Plan plan, Journal.Entry entry) {
      this.plan = plan;
      this.target = plan.target();
      this.entry = entry;
    }

    @Override
    public void build(Step.Build step) {
      buildGeneration(null);
    }

    @Override
    public void buildFrom(Step.BuildFrom step) {
      buildGeneration(step);
    }

    private void buildGeneration(Step.BuildFrom from) {
      try {
        timed(
            "build", () -> new GenerationBuilder(layout, log).build(target, from, plan.current()));
      } catch (RollException e) {
        undoBuild(entry);
        throw e;
      }
      CrashHook.point("built");
    }

    @Override
    public void reuse(Step.Reuse step) {
      timed("reuse", () -> Generations.writeRecord(layout, target));
      CrashHook.point("built");
    }

    @Override
    public void stop(Step.StopServices stop) {
      journal.write(entry.at(Journal.Phase.STOP));
      timed("stop", () -> stopOld(stop));
      CrashHook.point("stopped");
    }

    @Override
    public void switchTo(Step.Switch step) {
      journal.write(entry.at(Journal.Phase.SWITCH));
      timed("switch", () -> generations.switchTo(step.to()));
      CrashHook.point("switched");
    }

    @Override
    public void cron(Step.WriteCron step) {
      timed("cron", () -> writeCron(target));
      CrashHook.point("cron");
    }

    @Override
    public void start(Step.StartServices start) {
      timed("start", () -> startNew(entry, start));
      CrashHook.point("started");
    }

    @Override
    public void commit(Step.Commit step) {
      timed("commit", () -> Executor.this.commit(target));
      CrashHook.point("committed");
    }

    @Override
    public void refresh(Step.Refresh step) {
      timed(
          "refresh",
          () -> {
            Generations.writeRecord(layout, target);
            writeState(target);
          });
    }

    @Override
    public void prune(Step.Prune prune) {
      timed("prune", () -> generations.prune(prune.keep(), target.generation()));
    }
  }

  private void stopOld(Step.StopServices stop) {
    List<ServiceSpec> stopped = new ArrayList<>();
    for (ServiceSpec s : stop.services()) {
      try {
        services.stop(s, stop.generation());
      } catch (RollException e) {
        // Nothing switched yet: bring back what we stopped, drop the new generation, report.
        Collections.reverse(stopped);
        stopped.forEach(x -> services.ensureRunning(x, stop.generation()));
        undoBuild(journal.read().orElseThrow());
        throw new RollException(
            e.getMessage() + "; generation " + stop.generation() + " kept running", e);
      }
      stopped.add(s);
      log.println("roll: stopped " + s.label() + " (generation " + stop.generation() + ")");
      CrashHook.point("stop-one");
    }
  }

  private void startNew(Journal.Entry entry, Step.StartServices start) {
    try {
      for (ServiceSpec s : start.services()) {
        services.start(s, start.generation());
        CrashHook.point("start-one");
        services.awaitHealthy(s, start.generation());
        log.println("roll: started " + s.label() + " (generation " + start.generation() + ")");
      }
    } catch (RollException e) {
      rollBack(entry);
      throw new RollException(e.getMessage() + "; rolled back to generation " + entry.from(), e);
    }
  }

  /** Stop the new services, switch back, start the old ones, forget the failed generation. */
  private void rollBack(Journal.Entry entry) {
    rolledBack = true;
    journal.write(entry.at(Journal.Phase.ROLLBACK));
    GenerationRecord failed = generations.record(entry.to());
    if (failed != null) {
      List<ServiceSpec> stop = new ArrayList<>(failed.services());
      Collections.reverse(stop);
      for (ServiceSpec s : stop) {
        try {
          services.stop(s, entry.to());
        } catch (RollException e) {
          log.println("roll: " + e.getMessage() + " (during rollback; going on)");
        }
      }
    }
    CrashHook.point("rollback-stopped");
    io(() -> generations.switchTo(entry.from()));
    CrashHook.point("rollback-switched");
    GenerationRecord old = generations.record(entry.from());
    io(() -> writeCron(old));
    old.services().forEach(s -> services.ensureRunning(s, entry.from()));
    io(() -> writeState(old));
    io(
        () -> {
          if (entry.kind().equals("roll")) {
            generations.delete(entry.to());
          }
        });
    journal.clear();
  }

  private void undoBuild(Journal.Entry entry) {
    io(
        () -> {
          if (entry.kind().equals("roll")) {
            generations.delete(entry.to());
          }
        });
    journal.clear();
  }

  /**
   * Finishes or undoes a roll that was killed. The symlink says which side of the switch it died
   * on: past it, the new generation is started (and rolled back if it fails); before it, the new
   * tree is dropped and the old services are brought back up.
   */
  public void recover() {
    io(generations::dropPartials);
    healDangling();
    Optional<Journal.Entry> pending;
    try {
      pending = journal.read();
    } catch (Journal.Broken b) {
      withoutJournal(b.getMessage());
      return;
    }
    if (pending.isEmpty()) {
      return;
    }
    Journal.Entry e = pending.get();
    if (e.phase() == null) {
      // Hand-edited or written by another version: assume the worst safe case, services stopped.
      log.println("roll: journal " + layout.journal() + " names no phase; taking it as 'stop'");
      e = e.at(Journal.Phase.STOP);
    }
    recover(e);
  }

  private void recover(Journal.Entry e) {
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
    if (live == e.to() && e.phase() == Journal.Phase.ROLLBACK) {
      rollBack(e);
    } else if (live == e.to()) {
      GenerationRecord target = generations.record(e.to());
      io(() -> writeCron(target));
      try {
        target.services().forEach(s -> services.ensureRunning(s, e.to()));
      } catch (RollException ex) {
        rollBack(e);
        throw new RollException(ex.getMessage() + "; rolled back to generation " + e.from(), ex);
      }
      io(() -> commit(target));
    } else {
      GenerationRecord old = generations.record(live);
      if (e.phase() != Journal.Phase.BUILD) {
        io(() -> writeCron(old));
        old.services().forEach(s -> services.ensureRunning(s, live));
      }
      io(() -> writeState(old));
      undoBuild(e);
    }
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
      io(
          () ->
              Files.move(
                  layout.record(n),
                  layout.record(n).resolveSibling(n + ".json.broken"),
                  java.nio.file.StandardCopyOption.REPLACE_EXISTING));
    }
    List<Integer> usable = complete.stream().filter(g -> g != n && readable(g)).toList();
    if (usable.isEmpty()) {
      log.println(
          "roll: /usr/local pointed at generation "
              + n
              + ", "
              + gone
              + ", and no complete generation is left; starting from an empty one");
      io(() -> Files.delete(layout.usrLocal()));
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
    io(() -> generations.switchTo(to));
    bringUp(to);
  }

  private boolean readable(int n) {
    try {
      return generations.record(n) != null;
    } catch (RollException e) {
      return false;
    }
  }

  /** Cron, services and state of the generation /usr/local points at, as a commit leaves them. */
  private void bringUp(int n) {
    GenerationRecord r = generations.record(n);
    if (r == null) {
      return;
    }
    io(() -> writeCron(r));
    r.services().forEach(s -> services.ensureRunning(s, n));
    io(() -> writeState(r));
  }

  /**
   * Switches to an older complete generation with the same stop/start/check discipline as a roll.
   */
  public void rollbackTo(int to) {
    int from =
        generations
            .current()
            .orElseThrow(() -> new RollException("nothing to roll back: no generation"));
    GenerationRecord current = generations.record(from);
    GenerationRecord target = generations.record(to);
    Journal.Entry entry =
        new Journal.Entry("rollback", from, to, Journal.Phase.STOP, Instant.now().toString());
    journal.write(entry);
    List<ServiceSpec> stop = new ArrayList<>(current.services());
    Collections.reverse(stop);
    timed("stop", () -> stopOld(new Step.StopServices(from, stop)));
    journal.write(entry.at(Journal.Phase.SWITCH));
    timed("switch", () -> generations.switchTo(to));
    timed("cron", () -> writeCron(target));
    timed("start", () -> startNew(entry, new Step.StartServices(to, target.services())));
    timed("commit", () -> commit(target));
  }

  private void commit(GenerationRecord target) throws IOException {
    writeState(target);
    journal.clear();
  }

  private void writeState(GenerationRecord r) throws IOException {
    Json.writeAtomically(
        layout.state(),
        new State(
            r.generation(),
            r.hostname(),
            r.hostclass(),
            r.version(),
            r.revision(),
            r.failsafe(),
            r.packages(),
            Instant.now().toString()));
  }

  private void writeCron(GenerationRecord r) throws IOException {
    if (r.cron() == null || r.cron().isEmpty()) {
      Files.deleteIfExists(layout.cron());
    } else {
      Json.writeAtomically(layout.cron(), r.cron().getBytes(StandardCharsets.UTF_8));
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private void timed(String name, IoAction action) {
    step = name;
    long t0 = System.nanoTime();
    try {
      action.run();
    } catch (IOException e) {
      throw new RollException(name + ": " + io.roller.roll.core.Errors.reason(e), e);
    } catch (UncheckedIOException e) {
      throw new RollException(name + ": " + e.getCause(), e);
    }
    timings.merge(name, (System.nanoTime() - t0) / 1_000_000, Long::sum);
  }

  private static void io(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new RollException(io.roller.roll.core.Errors.reason(e), e);
    } catch (UncheckedIOException e) {
      throw new RollException(e.getCause().getMessage(), e);
    }
  }
}
