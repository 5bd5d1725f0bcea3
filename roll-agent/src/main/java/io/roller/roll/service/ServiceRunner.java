package io.roller.roll.service;

import io.roller.roll.Layout;
import io.roller.roll.RollException;
import io.roller.roll.plan.ServiceSpec;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  private static final long MAX_POLL_MS = 200;

  private final Layout layout;
  private final String hostname;

  public ServiceRunner(Layout layout, String hostname) {
    this.layout = layout;
    this.hostname = hostname;
  }

  public void start(ServiceSpec s, int generation) {
    int rc = run(s, s.start(), generation, s.timeoutMillis());
    if (rc != 0) {
      throw new RollException(
          "service " + s.label() + ": start failed (" + exit(rc) + ", log " + log(s) + ")");
    }
  }

  public void stop(ServiceSpec s, int generation) {
    int rc = run(s, s.stop(), generation, s.timeoutMillis());
    if (rc != 0) {
      throw new RollException(
          "service " + s.label() + ": stop failed (" + exit(rc) + ", log " + log(s) + ")");
    }
  }

  /** One run of the check; a service without one counts as healthy once started. */
  public boolean healthy(ServiceSpec s, int generation) {
    return s.check() == null || run(s, s.check(), generation, s.timeoutMillis()) == 0;
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
      rc = run(s, s.check(), generation, Math.max(left, 1));
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

  /** Exit code of the command, or -1 if it outlived its timeout (then it is killed). */
  private int run(ServiceSpec s, String command, int generation, long timeoutMs) {
    try {
      Path log = log(s);
      Files.createDirectories(log.getParent());
      ProcessBuilder pb =
          new ProcessBuilder("/bin/sh", "-c", command)
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
      if (!p.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
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
