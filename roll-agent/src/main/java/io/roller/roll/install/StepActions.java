package io.roller.roll.install;

import io.roller.roll.core.CrashHook;
import io.roller.roll.core.Errors;
import io.roller.roll.core.Json;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import io.roller.roll.plan.GenerationRecord;
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
import java.util.List;

/**
 * What each kind of step does to the host (trees, symlink, services, cron, state): the one
 * dispatcher of step kinds. The journal, the order and the timing are {@link Executor}'s.
 */
final class StepActions implements Step.Visitor {
  private final Layout layout;
  private final Generations generations;
  private final ServiceRunner services;
  private final PrintStream log;
  // The plan's own records, in memory: the target's may be newer than the one on disk.
  private final GenerationRecord current;
  private final GenerationRecord target;
  private final List<ServiceSpec> done = new ArrayList<>();
  private boolean rolledBack;

  StepActions(
      Layout layout,
      Generations generations,
      ServiceRunner services,
      PrintStream log,
      GenerationRecord current,
      GenerationRecord target) {
    this.layout = layout;
    this.generations = generations;
    this.services = services;
    this.log = log;
    this.current = current;
    this.target = target;
  }

  /** The services the last stop or start step got through, in its order. */
  List<ServiceSpec> done() {
    return List.copyOf(done);
  }

  /** Whether a rollback's stop ran: the host is being switched back. */
  boolean rolledBack() {
    return rolledBack;
  }

  @Override
  public void build(Step.Build step) {
    io(() -> new GenerationBuilder(layout, log).build(target, null, current));
  }

  @Override
  public void buildFrom(Step.BuildFrom step) {
    io(() -> new GenerationBuilder(layout, log).build(target, step, current));
  }

  @Override
  public void reuse(Step.Reuse step) {
    io(() -> Generations.writeRecord(layout, target));
  }

  @Override
  public void stop(Step.StopServices stop) {
    done.clear();
    for (ServiceSpec s : stop.services()) {
      services.stop(s, stop.generation());
      done.add(s);
      log.println("roll: stopped " + s.label() + " (generation " + stop.generation() + ")");
      CrashHook.point("stop-one");
    }
  }

  @Override
  public void switchTo(Step.Switch step) {
    io(() -> generations.switchTo(step.to()));
  }

  @Override
  public void cron(Step.WriteCron step) {
    GenerationRecord r = record(step.generation());
    io(
        () -> {
          if (r.cron() == null || r.cron().isEmpty()) {
            Files.deleteIfExists(layout.cron());
          } else {
            Json.writeAtomically(layout.cron(), r.cron().getBytes(StandardCharsets.UTF_8));
          }
        });
  }

  @Override
  public void start(Step.StartServices start) {
    done.clear();
    for (ServiceSpec s : start.services()) {
      services.start(s, start.generation());
      CrashHook.point("start-one");
      services.awaitHealthy(s, start.generation());
      done.add(s);
      log.println("roll: started " + s.label() + " (generation " + start.generation() + ")");
    }
  }

  @Override
  public void commit(Step.Commit step) {
    writeState(record(step.generation()));
  }

  @Override
  public void refresh(Step.Refresh step) {
    io(() -> Generations.writeRecord(layout, target));
    writeState(target);
  }

  @Override
  public void prune(Step.Prune prune) {
    io(() -> generations.prune(prune.keep(), target.generation()));
  }

  @Override
  public void ensureRunning(Step.EnsureRunning step) {
    done.clear();
    for (ServiceSpec s : step.services()) {
      services.ensureRunning(s, step.generation());
      done.add(s);
    }
  }

  @Override
  public void stopFailed(Step.StopFailed step) {
    rolledBack = true;
    for (ServiceSpec s : step.services()) {
      try {
        services.stop(s, step.generation());
      } catch (RollException e) {
        log.println("roll: " + e.getMessage() + " (during rollback; going on)");
      }
    }
  }

  @Override
  public void switchBack(Step.SwitchBack step) {
    io(() -> generations.switchTo(step.to()));
  }

  @Override
  public void writeState(Step.WriteState step) {
    writeState(record(step.generation()));
  }

  @Override
  public void abandon(Step.Abandon step) {
    if (step.delete()) {
      io(() -> generations.delete(step.generation()));
    }
  }

  private GenerationRecord record(int n) {
    return target != null && n == target.generation() ? target : generations.record(n);
  }

  private void writeState(GenerationRecord r) {
    io(
        () ->
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
                    Instant.now().toString())));
  }

  /** An action whose I/O failure is the step's failure. */
  interface IoAction {
    void run() throws IOException;
  }

  static void io(IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new StepIo(e, false);
    } catch (UncheckedIOException e) {
      throw new StepIo(e.getCause(), true);
    }
  }

  /** An action outside any step, whose I/O failure is a {@link RollException}. */
  static void orFail(IoAction action) {
    try {
      io(action);
    } catch (StepIo e) {
      throw new RollException(e.message(), e.cause);
    }
  }

  /**
   * An I/O failure inside a step, unwrapped by the executor into the message the step's kind gives
   * it (a roll's steps name themselves: "build: ...").
   */
  static final class StepIo extends RuntimeException {
    final IOException cause;
    // thrown unchecked (from a stream's lambda): named as it is rather than by Errors.reason
    final boolean unchecked;

    StepIo(IOException cause, boolean unchecked) {
      super(cause);
      this.cause = cause;
      this.unchecked = unchecked;
    }

    /** The failure, as a timed step's message names it after the step's kind. */
    String reason() {
      return unchecked ? cause.toString() : Errors.reason(cause);
    }

    /** The failure, as the message of a step that finishes or undoes a plan. */
    String message() {
      return unchecked ? cause.getMessage() : Errors.reason(cause);
    }
  }
}
