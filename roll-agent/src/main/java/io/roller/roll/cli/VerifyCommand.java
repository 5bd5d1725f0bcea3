package io.roller.roll.cli;

import io.roller.roll.core.Layout;
import io.roller.roll.install.Drift;
import io.roller.roll.install.Generations;
import io.roller.roll.plan.GenerationRecord;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code roll verify}: does the live /usr/local still match what roll built? */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Compare the live /usr/local with the current generation's record (type, mode, size, mtime;"
            + " contents with --full) and list modified, added and removed paths.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:clean (or not rolled yet)", "1:drift", "2:usage error"})
final class VerifyCommand extends HostSubcommand implements Callable<Integer> {
  @Option(names = "--full", description = "Also compare file contents with their digests.")
  boolean full;

  /** The --json form. */
  record Verified(
      Integer generation,
      boolean clean,
      List<String> modified,
      List<String> added,
      List<String> removed) {}

  @Override
  public Integer call() {
    Layout layout = new Layout(opts().root());
    Generations generations = new Generations(layout);
    GenerationRecord r = generations.current().isPresent() ? generations.currentRecord() : null;
    Drift.Result d = Drift.check(layout, r, full);
    if (d == null) {
      if (opts().json()) {
        Printer.json(parent.out, new Verified(null, true, List.of(), List.of(), List.of()));
      } else {
        parent.out.println(
            "nothing to verify: "
                + layout.usrLocal()
                + (r == null ? " is not a roll generation" : " is the adopted generation 0"));
      }
      return 0;
    }
    if (opts().json()) {
      Printer.json(
          parent.out,
          new Verified(d.generation(), d.clean(), d.modified(), d.added(), d.removed()));
    } else if (d.clean()) {
      parent.out.println("clean: /usr/local matches generation " + d.generation());
    } else {
      d.modified().forEach(p -> parent.out.println("modified /usr/local/" + p));
      d.added().forEach(p -> parent.out.println("added    /usr/local/" + p));
      d.removed().forEach(p -> parent.out.println("removed  /usr/local/" + p));
    }
    if (!d.clean()) {
      parent.err.println(
          "roll: /usr/local drifted from generation "
              + d.generation()
              + ": "
              + d.paths().size()
              + " path(s); a plain roll repairs it");
      return 1;
    }
    return 0;
  }
}
