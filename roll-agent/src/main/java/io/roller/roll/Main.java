package io.roller.roll;

import io.roller.roll.cli.RollCommand;
import io.roller.roll.core.Json;
import io.roller.roll.core.RollException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of {@code roll.jar}; only {@link #main} exits. */
public final class Main {
  private Main() {}

  public static void main(String... args) {
    System.exit(run(System.out, System.err, System.getenv(), args));
  }

  public static int run(PrintStream out, PrintStream err, String... args) {
    return run(out, err, System.getenv(), args);
  }

  /** Runs roll with the given streams and environment; returns 0 converged, 1 failed, 2 usage. */
  public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
    CommandLine cl = RollCommand.commandLine(() -> new RollCommand(env, out, err), args);
    RollCommand root = cl.getCommand();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    CommandLine.IParameterExceptionHandler usage = cl.getParameterExceptionHandler();
    cl.setParameterExceptionHandler(
        (ex, argv) -> {
          int rc = usage.handleParseException(ex, argv);
          if (java.util.Arrays.asList(argv).contains("--json")) {
            out.println(Json.line(Map.of("error", ex.getMessage(), "exit_code", rc)));
          }
          return rc;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          String message =
              ex instanceof RollException
                  ? ex.getMessage().replace('\n', ' ')
                  : "internal error: " + ex;
          err.println("roll: " + message);
          if (json(parseResult)) {
            // A script reading --json gets an answer on stdout even when roll fails.
            out.println(Json.line(Map.of("error", message, "exit_code", 1)));
          }
          if (root.stacktrace() || !(ex instanceof RollException)) {
            ex.printStackTrace(err);
          }
          err.flush();
          return 1;
        });
    int rc = cl.execute(args);
    out.flush();
    err.flush();
    return rc;
  }

  /** Whether --json was given to roll or to the subcommand that ran. */
  private static boolean json(CommandLine.ParseResult pr) {
    for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--json")) {
        return true;
      }
    }
    return false;
  }
}
