package io.roller.roll.plan;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One small step of a plan; the executor applies them in order, journaling each. A roll's steps
 * come from {@link Planner#plan}, a rollback's from {@link Planner#rollback}, and the steps that
 * finish or undo an interrupted or failed plan from {@link Planner#finish} and {@link
 * Planner#undo}.
 */
public sealed interface Step {
  /** A line for {@code --dry-run} and the log. */
  String describe();

  /** The step's short name, as timings and a failed roll's trace name it (build, stop, ...). */
  String kind();

  /** The phase the journal must say before this step runs; null: the step does not change it. */
  default Journaled.Phase phase() {
    return null;
  }

  /** Whether the plan is over once this step is done, so the journal goes. */
  default boolean endsJournal() {
    return false;
  }

  /** Hands this step to the method of {@code v} for its kind. */
  void accept(Visitor v);

  /**
   * What applies steps: one method per kind, so adding a kind of step fails to compile until the
   * executor (and any other visitor) says what it does.
   */
  interface Visitor {
    void build(Build step);

    void buildFrom(BuildFrom step);

    void reuse(Reuse step);

    void stop(StopServices step);

    void switchTo(Switch step);

    void cron(WriteCron step);

    void start(StartServices step);

    void commit(Commit step);

    void refresh(Refresh step);

    void prune(Prune step);

    void ensureRunning(EnsureRunning step);

    void stopFailed(StopFailed step);

    void switchBack(SwitchBack step);

    void writeState(WriteState step);

    void abandon(Abandon step);
  }

  /** Extract every package into generation N and write its rendered templates. */
  record Build(int generation) implements Step {
    public String kind() {
      return "build";
    }

    public Journaled.Phase phase() {
      return Journaled.Phase.BUILD;
    }

    public void accept(Visitor v) {
      v.build(this);
    }

    public String describe() {
      return "build generation " + generation;
    }
  }

  /**
   * Build generation N from generation {@code from}, the current one: the files of the packages in
   * {@code reuse} (same name, version and digest in both) are hard-linked from it (generation files
   * are read-only and never written in place), the packages in {@code extract} are extracted, and
   * the {@code render} files are written from their templates as new files.
   */
  record BuildFrom(
      int generation, int from, List<String> reuse, List<String> extract, List<String> render)
      implements Step {
    public String kind() {
      return "build";
    }

    public Journaled.Phase phase() {
      return Journaled.Phase.BUILD;
    }

    public void accept(Visitor v) {
      v.buildFrom(this);
    }

    public String describe() {
      return "build generation "
          + generation
          + " from "
          + from
          + ": reuse "
          + (reuse.isEmpty() ? "no packages" : String.join(", ", reuse))
          + "; extract "
          + (extract.isEmpty() ? "no packages" : String.join(", ", extract))
          + "; render "
          + (render.isEmpty() ? "no templates" : String.join(", ", render));
    }
  }

  /**
   * Switch to generation N, already on disk with exactly the content this roll wants (a rollback
   * left it behind): nothing to build, only its record's revision and params to update.
   */
  record Reuse(int generation) implements Step {
    public String kind() {
      return "reuse";
    }

    public void accept(Visitor v) {
      v.reuse(this);
    }

    public String describe() {
      return "reuse generation " + generation + ", already built with the same content";
    }
  }

  /** Stop the current generation's services, in reverse start order. */
  record StopServices(int generation, List<ServiceSpec> services) implements Step {
    public String kind() {
      return "stop";
    }

    public Journaled.Phase phase() {
      return Journaled.Phase.STOP;
    }

    public void accept(Visitor v) {
      v.stop(this);
    }

    public String describe() {
      return "stop "
          + (services.isEmpty() ? "no services" : labels(services))
          + " (generation "
          + generation
          + ")";
    }
  }

  /** Point /usr/local at another generation with one atomic rename of a symlink. */
  record Switch(int from, int to) implements Step {
    public String kind() {
      return "switch";
    }

    public Journaled.Phase phase() {
      return Journaled.Phase.SWITCH;
    }

    public void accept(Visitor v) {
      v.switchTo(this);
    }

    public String describe() {
      return "switch /usr/local from generation " + from + " to " + to;
    }
  }

  /** Write /etc/cron.d/roller from the generation's manifests. */
  record WriteCron(int generation) implements Step {
    public String kind() {
      return "cron";
    }

    public void accept(Visitor v) {
      v.cron(this);
    }

    public String describe() {
      return "write /etc/cron.d/roller (generation " + generation + ")";
    }
  }

  /** Start the generation's services in order, each checked until its timeout. */
  record StartServices(int generation, List<ServiceSpec> services) implements Step {
    public String kind() {
      return "start";
    }

    public void accept(Visitor v) {
      v.start(this);
    }

    public String describe() {
      return "start "
          + (services.isEmpty() ? "no services" : labels(services))
          + " (generation "
          + generation
          + ")";
    }
  }

  /** Record the generation as current in state.json and drop the journal. */
  record Commit(int generation) implements Step {
    public String kind() {
      return "commit";
    }

    public boolean endsJournal() {
      return true;
    }

    public void accept(Visitor v) {
      v.commit(this);
    }

    public String describe() {
      return "commit generation " + generation;
    }
  }

  /**
   * Nothing to change on disk: record the new revision and params against the current generation.
   */
  record Refresh(int generation) implements Step {
    public String kind() {
      return "refresh";
    }

    public void accept(Visitor v) {
      v.refresh(this);
    }

    public String describe() {
      return "nothing changed: keep generation " + generation + " running, record the new revision";
    }
  }

  /** Keep the newest generations (and the packages they use), delete the rest. */
  record Prune(int keep) implements Step {
    public String kind() {
      return "prune";
    }

    public void accept(Visitor v) {
      v.prune(this);
    }

    public String describe() {
      return "prune to the last " + keep + " generations";
    }
  }

  /**
   * Bring up the generation's services that are not running and healthy, in order: what a commit
   * leaves running, after a crash or a rollback.
   */
  record EnsureRunning(int generation, List<ServiceSpec> services) implements Step {
    public String kind() {
      return "ensure";
    }

    public void accept(Visitor v) {
      v.ensureRunning(this);
    }

    public String describe() {
      return "bring up "
          + (services.isEmpty() ? "no services" : labels(services))
          + " (generation "
          + generation
          + ") unless running";
    }
  }

  /**
   * Stop a failed generation's services, in reverse start order, going on past a stop that fails:
   * the first step of a rollback, which the journal notes before it.
   */
  record StopFailed(int generation, List<ServiceSpec> services) implements Step {
    public String kind() {
      return "rollback-stop";
    }

    public Journaled.Phase phase() {
      return Journaled.Phase.ROLLBACK;
    }

    public void accept(Visitor v) {
      v.stopFailed(this);
    }

    public String describe() {
      return "stop "
          + (services.isEmpty() ? "no services" : labels(services))
          + " (generation "
          + generation
          + "), going on past failures";
    }
  }

  /** Point /usr/local back at the generation a failed plan came from; the journal stays. */
  record SwitchBack(int from, int to) implements Step {
    public String kind() {
      return "rollback-switch";
    }

    public void accept(Visitor v) {
      v.switchBack(this);
    }

    public String describe() {
      return "switch /usr/local back from generation " + from + " to " + to;
    }
  }

  /** Record the generation as current in state.json, the journal kept until the plan ends. */
  record WriteState(int generation) implements Step {
    public String kind() {
      return "state";
    }

    public void accept(Visitor v) {
      v.writeState(this);
    }

    public String describe() {
      return "record generation " + generation + " in state.json";
    }
  }

  /**
   * Give up the plan that was moving to generation N: delete N when the plan built it ({@code
   * delete}), and drop the journal.
   */
  record Abandon(int generation, boolean delete) implements Step {
    public String kind() {
      return "abandon";
    }

    public boolean endsJournal() {
      return true;
    }

    public void accept(Visitor v) {
      v.abandon(this);
    }

    public String describe() {
      return (delete ? "delete generation " + generation + " and " : "") + "drop the journal";
    }
  }

  private static String labels(List<ServiceSpec> services) {
    return services.stream().map(ServiceSpec::label).collect(Collectors.joining(", "));
  }
}
