package io.roller.roll.service;

import io.roller.common.AtomicFiles;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import io.roller.roll.plan.ServiceSpec;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a service's start, stop and check commands the way DESIGN section 3 says: {@code /bin/sh
 * -c}, cwd {@code <root>/usr/local}, PATH starting with its bin, ROLLER_ROOT/HOSTNAME/GENERATION
 * set, output appended to {@code /var/log/roller/<package>.<service>.log} (so a daemon holding it
 * open never blocks us).
 */
public final class ServiceRunner {
  private static final long FIRST_POLL_MS = 5;
  // Each check is a fork of sh (and whatever it runs): a cap of 40 ms keeps a service that comes
  // up in ~100 ms from waiting most of another 100 ms for its next check.
  private static final long MAX_POLL_MS = 40;

  /** setsid(1) puts each command in a session of its own, so a timeout can kill all of it. */
  private static final boolean SETSID = Files.isExecutable(Path.of("/usr/bin/setsid"));

  private final Layout layout;
  private final String hostname;
  private PrintStream forceLog;

  public ServiceRunner(Layout layout, String hostname) {
    this.layout = layout;
    this.hostname = hostname;
  }

  /**
   * {@code roll --force}: a stop that times out is not a failure; the service's processes (the
   * session its start ran in) are killed with SIGKILL instead, said on {@code log}.
   */
  public ServiceRunner forceStops(PrintStream log) {
    this.forceLog = log;
    return this;
  }

  public void start(ServiceSpec s, int generation) {
    startedIn(s, generation);
    long[] session = new long[1];
    int rc = run(s, s.start(), generation, s.timeoutMillis(), session);
    if (rc != 0) {
      throw new RollException(
          "service " + s.label() + ": start failed (" + exit(rc) + ", log " + log(s) + ")");
    }
    remember(s, session[0]);
  }

  public void stop(ServiceSpec s, int generation) {
    int rc = run(s, s.stop(), generation, s.timeoutMillis(), new long[1]);
    if (rc == -1 && forceLog != null) {
      int killed = Sessions.kill(startSession(s));
      forceLog.println(
          "roll: service "
              + s.label()
              + ": stop timed out after "
              + s.timeoutMillis()
              + " ms; killed "
              + killed
              + " of its processes with SIGKILL (--force)");
      forget(s);
      return;
    }
    if (rc == -1) {
      throw new RollException(
          "service "
              + s.label()
              + ": stop timed out after "
              + s.timeoutMillis()
              + " ms (its processes were killed; log "
              + log(s)
              + "); 'roll --force' kills the service with SIGKILL instead");
    }
    if (rc != 0) {
      throw new RollException(
          "service " + s.label() + ": stop failed (" + exit(rc) + ", log " + log(s) + ")");
    }
    forget(s);
  }

  /** Where the session id of a service's last start is kept, for a forced stop. */
  Path sessionFile(ServiceSpec s) {
    return stateFile(s, ".sid");
  }

  private Path generationFile(ServiceSpec s) {
    return stateFile(s, ".generation");
  }

  /** A file of roll's about one service, in {@code /var/lib/roller/services}. */
  private Path stateFile(ServiceSpec s, String suffix) {
    return stateDir(layout).resolve(s.pkg() + "." + s.name() + suffix);
  }

  private static Path stateDir(Layout layout) {
    return layout.lib().resolve("services");
  }

  private void remember(ServiceSpec s, long session) {
    if (session <= 0) {
      return;
    }
    try {
      Files.createDirectories(sessionFile(s).getParent());
      Files.writeString(sessionFile(s), session + "\n");
    } catch (IOException e) {
      // only a later forced stop loses its aim
    }
  }

  private long startSession(ServiceSpec s) {
    try {
      return Long.parseLong(Files.readString(sessionFile(s)).trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /**
   * Notes, before it starts, the generation a service runs from: a service a roll does not restart
   * keeps its working directory and paths in that generation, so pruning must keep it (see {@link
   * #runningFrom}).
   */
  private void startedIn(ServiceSpec s, int generation) {
    Path file = generationFile(s);
    try {
      // atomic: a roll killed mid-write must not leave a note that names no generation
      AtomicFiles.write(file, (generation + "\n").getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new RollException(
          "service " + s.label() + ": cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Notes the current generation for its services that have no note: ones started by a roll from
   * before the notes, which restarted every service on each change, so they run from the current
   * generation (or are not running, which a note only errs on the side of keeping).
   */
  public void adoptUnrecorded(io.roller.roll.plan.GenerationRecord.Head current) {
    for (ServiceSpec s : current.services()) {
      if (Files.notExists(generationFile(s))) {
        try {
          startedIn(s, current.generation());
        } catch (RollException e) {
          // only pruning's extra care for this service is lost
        }
      }
    }
  }

  /** The generations that services started by roll (and not stopped since) run from. */
  public static java.util.Set<Integer> runningFrom(Layout layout) throws IOException {
    java.util.Set<Integer> out = new java.util.TreeSet<>();
    Path dir = stateDir(layout);
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (var files = Files.newDirectoryStream(dir, "*.generation")) {
      for (Path f : files) {
        try {
          out.add(Integer.parseInt(Files.readString(f).trim()));
        } catch (NumberFormatException e) {
          // not written by roll (its notes are written atomically): names no generation to keep
        }
      }
    }
    return out;
  }

  private void forget(ServiceSpec s) {
    try {
      Files.deleteIfExists(generationFile(s));
      Files.deleteIfExists(sessionFile(s));
    } catch (IOException e) {
      // harmless: a stale id names a session that no longer exists
    }
  }

  /** One run of the check; a service without one counts as healthy once started. */
  public boolean healthy(ServiceSpec s, int generation) {
    return s.check() == null || run(s, s.check(), generation, s.timeoutMillis(), new long[1]) == 0;
  }

  /** Retries the check until it passes or the service's timeout runs out. */
  public void awaitHealthy(ServiceSpec s, int generation) {
    if (s.check() == null) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(s.timeoutMillis());
    long pause = FIRST_POLL_MS;
    int rc;
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      rc = run(s, s.check(), generation, Math.max(left, 1), new long[1]);
      if (rc == 0) {
        return;
      }
      if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) >= deadline) {
        throw new RollException(
            "service "
                + s.label()
                + ": check '"
                + s.check()
                + "' still failing after "
                + s.timeoutMillis()
                + " ms ("
                + exit(rc)
                + ", log "
                + log(s)
                + ")");
      }
      sleep(pause);
      pause = Math.min(pause * 2, MAX_POLL_MS);
    }
  }

  /** Starts the service unless its check says it is already up (crash recovery). */
  public void ensureRunning(ServiceSpec s, int generation) {
    if (s.check() != null && healthy(s, generation)) {
      return;
    }
    start(s, generation);
    awaitHealthy(s, generation);
  }

  Path log(ServiceSpec s) {
    return layout.logDir().resolve(s.pkg() + "." + s.name() + ".log");
  }

  /**
   * Exit code of the command, or -1 if it outlived its timeout: then its whole session is killed
   * (the shell and everything it started), not just the shell. {@code session} gets the session id
   * when the command ran in one of its own.
   */
  private int run(ServiceSpec s, String command, int generation, long timeoutMs, long[] session) {
    try {
      Path log = log(s);
      Files.createDirectories(log.getParent());
      List<String> argv = new ArrayList<>();
      if (SETSID) {
        argv.add("/usr/bin/setsid");
      }
      argv.addAll(List.of("/bin/sh", "-c", command));
      ProcessBuilder pb =
          new ProcessBuilder(argv)
              .directory(layout.usrLocal().toFile())
              .redirectInput(new File("/dev/null"))
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .redirectErrorStream(true);
      Map<String, String> env = pb.environment();
      String path = env.getOrDefault("PATH", "/usr/bin:/bin");
      env.put("PATH", layout.usrLocal().resolve("bin") + File.pathSeparator + path);
      env.put("ROLLER_ROOT", layout.root().toString());
      env.put("ROLLER_HOSTNAME", hostname);
      env.put("ROLLER_GENERATION", Integer.toString(generation));
      Process p = pb.start();
      // setsid(1) execs in place (roll's child is never a group leader): pid = session id
      session[0] = SETSID ? p.pid() : -1;
      if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
        if (SETSID) {
          Sessions.kill(p.pid());
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      throw new RollException(
          "service " + s.label() + ": cannot run '" + command + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RollException("service " + s.label() + ": interrupted");
    }
  }

  private static String exit(int rc) {
    return rc == -1 ? "timed out" : "exit " + rc;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RollException("interrupted");
    }
  }
}
