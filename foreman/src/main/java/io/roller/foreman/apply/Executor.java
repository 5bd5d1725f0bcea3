package io.roller.foreman.apply;

import io.roller.foreman.etc.EtcFiles;
import io.roller.foreman.plan.Managed;
import io.roller.foreman.plan.Plan;
import io.roller.foreman.plan.Step;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a plan in order. A failed step is reported and the rest of that user's steps are skipped;
 * other users go on. Users it creates are journalled first and end up in the record.
 */
public class Executor {
  private final Path root;
  private final Tools tools;
  private final HomeFiles homes;
  private final StateDir state;
  private final PrintWriter out;

  /** A step that failed, and why. */
  public record Failure(Step step, String error) {}

  /** What was done: steps applied, failures, and the record to save. */
  public record Result(int applied, List<Failure> failures, Managed managed) {}

  public Executor(Path root, Tools tools, HomeFiles homes, StateDir state, PrintWriter out) {
    this.root = root;
    this.tools = tools;
    this.homes = homes;
    this.state = state;
    this.out = out;
  }

  /** Applies the steps; etc is the state the plan was made from. */
  public Result apply(Plan plan, EtcFiles etc, Managed managed) throws IOException {
    List<Failure> failures = new ArrayList<>();
    Set<String> failed = new HashSet<>();
    boolean etcChanged = false;
    int applied = 0;
    for (Step step : plan.steps()) {
      if (step.login() != null && failed.contains(step.login())) {
        failures.add(new Failure(step, "skipped: an earlier step for " + step.login() + " failed"));
        continue;
      }
      try {
        if (step instanceof Step.WriteFile || step instanceof Step.RemoveFile) {
          if (etcChanged) {
            etc = EtcFiles.read(root); // once, after the user steps: new users' gids are known now
            etcChanged = false;
          }
          applyFile(step, etc);
        } else {
          if (step instanceof Step.CreateUser u) {
            state.journalCreate(u.login(), u.uid());
          }
          tools.run(tools.command(step));
          etcChanged = true;
          if (step instanceof Step.CreateUser u) {
            managed = managed.with(u.login(), u.uid());
          }
        }
        applied++;
        out.println("done: " + step.describe());
      } catch (IOException | RuntimeException e) {
        failures.add(new Failure(step, e.getMessage()));
        if (step.login() != null) {
          failed.add(step.login());
        }
      }
    }
    out.flush();
    return new Result(applied, failures, managed);
  }

  private void applyFile(Step step, EtcFiles etc) throws IOException {
    EtcFiles.Passwd p = etc.passwd().get(step.login());
    if (p == null) {
      throw new IOException("user " + step.login() + " is not in " + root.resolve("etc/passwd"));
    }
    if (step instanceof Step.WriteFile w) {
      homes.write(p.home(), w.path(), w.content(), w.mode(), p.uid(), p.gid(), w.privateParent());
    } else {
      homes.remove(p.home(), ((Step.RemoveFile) step).path());
    }
  }
}
