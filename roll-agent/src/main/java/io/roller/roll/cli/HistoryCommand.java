package io.roller.roll.cli;

import io.roller.roll.Layout;
import io.roller.roll.install.Generations;
import io.roller.roll.plan.GenerationRecord;
import io.roller.roll.plan.Pin;
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
    Generations generations = new Generations(new Layout(opts().root()));
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
    if (opts().json()) {
      Printer.json(parent.out, entries);
      return 0;
    }
    if (entries.isEmpty()) {
      parent.out.println("no generations yet");
    }
    for (Entry e : entries) {
      parent.out.println(
          (e.current() ? "* " : "  ")
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
                      + String.join(",", e.packages())));
    }
    return 0;
  }
}
