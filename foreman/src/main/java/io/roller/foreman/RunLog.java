package io.roller.foreman;

import io.roller.foreman.apply.Executor;
import io.roller.foreman.plan.Plan;
import io.roller.foreman.plan.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Appends each sync to {@code <root>/var/log/roller/foreman.log}, beside roll's log: one line per
 * run naming host and revision, then every step done or failed and every refusal. It is the audit
 * trail of who got or lost access when, and lets cron runs stay silent when nothing changed.
 */
final class RunLog {
  private RunLog() {}

  static void append(Path root, String host, String revision, Sync.Outcome o) throws IOException {
    Path log = root.resolve("var/log/roller/foreman.log");
    Files.createDirectories(log.getParent());
    Map<Step, String> failed = new IdentityHashMap<>();
    for (Executor.Failure f : o.result().failures()) {
      failed.put(f.step(), f.error());
    }
    String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    StringBuilder sb = new StringBuilder();
    sb.append(ts)
        .append(" host=")
        .append(host)
        .append(" revision=")
        .append(revision)
        .append(" steps=")
        .append(o.plan().steps().size())
        .append(" applied=")
        .append(o.result().applied())
        .append(" failed=")
        .append(failed.size())
        .append(" refused=")
        .append(o.plan().refused().size())
        .append('\n');
    for (Step s : o.plan().steps()) {
      String error = failed.get(s);
      sb.append(ts)
          .append(
              error == null
                  ? "   done: " + s.describe()
                  : "   failed: " + s.describe() + ": " + error)
          .append('\n');
    }
    for (Plan.Refusal r : o.plan().refused()) {
      sb.append(ts).append("   ").append(r).append('\n');
    }
    Files.writeString(
        log, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}
