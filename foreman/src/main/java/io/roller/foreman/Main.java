package io.roller.foreman;

import io.roller.foreman.core.ForemanException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code foreman} command. Exit codes: 0 done, 1 failed, 2 usage, 3 config server unreachable
 * or unavailable (nothing changed), 4 another sync holds the lock (nothing changed).
 */
@Command(
    name = "foreman",
    mixinStandardHelpOptions = true,
    version = "foreman 1.0.0",
    description = "Trues up this host's Unix users, ssh keys and dotfiles with the config repo.",
    subcommands = {SyncCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done (refused users are reported on stderr)",
      "1:a step failed, or a bad answer or state",
      "2:usage error",
      "3:the config server cannot be reached or is unavailable; nothing changed",
      "4:another foreman sync is running; nothing changed"
    })
public final class Main implements Runnable {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  public Main(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  public static void main(String[] args) {
    System.exit(new Main(System.out, System.err, System.getenv()).run(args));
  }

  Map<String, String> env() {
    return env;
  }

  /** Runs one command line; never exits the JVM. */
  public int run(String... args) {
    CommandLine cl = new CommandLine(this);
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler(
        (ex, cmd, parsed) -> {
          boolean trace = cmd.getCommand() instanceof SyncCommand s && s.stacktrace;
          cmd.getErr().println("foreman: " + message(ex));
          if (trace) {
            ex.printStackTrace(cmd.getErr());
          }
          cmd.getErr().flush();
          return ex instanceof ForemanException f ? f.exitCode() : 1;
        });
    int rc = cl.execute(args);
    cl.getOut().flush();
    cl.getErr().flush();
    return rc;
  }

  /** ForemanException says it all; anything else is named so the message is not a bare path. */
  static String message(Exception ex) {
    if (ex instanceof ForemanException) {
      return ex.getMessage();
    }
    if (ex instanceof java.nio.file.NoSuchFileException) {
      return "no such file: " + ex.getMessage();
    }
    if (ex instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + ex.getMessage();
    }
    return ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
  }

  @Override
  public void run() {
    // `foreman` alone: say what to run
    throw new CommandLine.ParameterException(
        new CommandLine(this), "missing command: foreman sync (see foreman --help)");
  }
}
