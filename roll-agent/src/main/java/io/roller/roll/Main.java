package io.roller.roll;

import io.roller.roll.cli.RollCommand;
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
    RollCommand root = new RollCommand(env, out, err);
    CommandLine cl = new CommandLine(root);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof RollException) {
            err.println("roll: " + ex.getMessage().replace('\n', ' '));
          } else {
            err.println("roll: internal error: " + ex);
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
}
