package io.roller.roll.cli;

import io.roller.roll.agent.RollFailure;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollVersion;
import io.roller.roll.install.Generations;
import io.roller.roll.plan.GenerationRecord;
import io.roller.roll.plan.Pin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code roll history}: the generations kept on this host, newest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    versionProvider = RollVersion.class,
    description = "List the generations kept on this host (newest first; * marks the current one).")
final class HistoryCommand extends HostSubcommand implements Callable<Integer> {
  /** The --json form of one generation. */
  record Entry(
      int generation,
      boolean current,
      String builtAt,
      String hostclass,
      String version,
      String revision,
      boolean failsafe,
      List<String> packages,
      boolean adopted) {}

  /** What history says of generation 0; prune never deletes it. */
  static final String ADOPTED = "adopted from the host's /usr/local; kept, never pruned";

  @Override
  public Integer call() {
    Layout layout = new Layout(opts().root());
    Generations generations = new Generations(layout);
    OptionalInt current = generations.current();
    List<Entry> entries = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>(generations.complete());
    java.util.Collections.reverse(numbers);
    for (int n : numbers) {
      GenerationRecord r = generations.record(n);
      entries.add(
          new Entry(
              n,
              current.isPresent() && current.getAsInt() == n,
              r.builtAt(),
              r.hostclass(),
              r.version(),
              r.revision(),
              r.failsafe(),
              r.packages().stream().map(Pin::ref).toList(),
              n == Generations.ADOPTED && r.hostclass() == null));
    }
    // Failed rolls left no generation; they go in by time among the generations, newest first.
    List<Object> all = new ArrayList<>(entries);
    List<RollFailure> failures = new ArrayList<>(RollFailure.all(layout));
    java.util.Collections.reverse(failures);
    for (RollFailure f : failures) {
      int at = 0;
      while (at < all.size() && !newer(f.time(), all.get(at))) {
        at++;
      }
      all.add(at, f);
    }
    if (opts().json()) {
      Printer.json(parent.out, all);
      return 0;
    }
    if (all.isEmpty()) {
      parent.out.println("no generations yet");
    }
    for (Object o : all) {
      parent.out.println(o instanceof Entry e ? line(e) : line((RollFailure) o));
    }
    return 0;
  }

  private static boolean newer(String time, Object than) {
    String other = than instanceof Entry e ? e.builtAt() : ((RollFailure) than).time();
    try {
      return Instant.parse(time).isAfter(Instant.parse(other));
    } catch (RuntimeException ex) {
      return false;
    }
  }

  private static String line(RollFailure f) {
    return "  !  " + f.time() + "  roll " + f.describe();
  }

  private static String line(Entry e) {
    return (e.current() ? "* " : "  ")
        + e.generation()
        + "  "
        + e.builtAt()
        + "  "
        + (e.hostclass() == null
            ? "(" + ADOPTED + ")"
            : e.hostclass()
                + " "
                + e.version()
                + "  "
                + e.revision()
                + (e.failsafe() ? "  failsafe" : "")
                + "  "
                + String.join(",", e.packages()));
  }
}
