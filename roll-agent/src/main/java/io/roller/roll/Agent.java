package io.roller.roll;

import io.roller.model.ResolvedHost;
import io.roller.roll.fetch.Downloader;
import io.roller.roll.fetch.ServerClient;
import io.roller.roll.install.Converged;
import io.roller.roll.install.Drift;
import io.roller.roll.install.Executor;
import io.roller.roll.install.Generations;
import io.roller.roll.install.Indexer;
import io.roller.roll.install.RollLock;
import io.roller.roll.plan.Desired;
import io.roller.roll.plan.GenerationRecord;
import io.roller.roll.plan.PackageIndex;
import io.roller.roll.plan.Pin;
import io.roller.roll.plan.Plan;
import io.roller.roll.plan.Planner;
import io.roller.roll.plan.Step;
import io.roller.roll.report.Reporter;
import io.roller.roll.report.Reports;
import io.roller.roll.service.ServiceRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One roll: lock, recover, fetch, download, index, plan, execute, log. The commands are thin
 * wrappers.
 */
public final class Agent {
  private final RollOptions o;
  private final Layout layout;
  private final PrintStream err;
  private final Map<String, Long> timings = new LinkedHashMap<>();

  public Agent(RollOptions options, PrintStream err) {
    this.o = options;
    this.layout = new Layout(options.root());
    this.err = err;
  }

  /** Sends every roll's report (null: none, as for a test that drives the agent alone). */
  public Agent reportingTo(Reporter reporter) {
    this.reporter = reporter;
    return this;
  }

  private Reporter reporter;

  // What this roll learnt, for its report: the view served (null on a 304), the generation it
  // started from, the phase it was in, the executor that applied the plan.
  private ResolvedHost served;
  private Integer previous;
  private String phase;
  private Executor executor;
  private Plan plan;
  private Drift.Result drift;

  public RollReport roll() {
    long t0 = System.nanoTime();
    RollReport report = null;
    try {
      report = o.dryRun() ? dryRun() : locked();
      if (!o.dryRun()) {
        boolean repaired = drift != null && !drift.clean() && report.changed();
        String outcome = repaired ? "repaired" : report.changed() ? "converged" : "unchanged";
        RollLog.write(layout, o.hostname(), report, outcome, null, ms(t0));
        report(outcome, report, null, ms(t0));
      }
      return report;
    } catch (RollException e) {
      if (!o.dryRun()) {
        RollLog.write(layout, o.hostname(), report, "failed", e.getMessage(), ms(t0));
        boolean back = executor != null && executor.rolledBack();
        report(back ? "rolled-back" : "failed", report, e.getMessage(), ms(t0));
      }
      throw e;
    }
  }

  private void report(String outcome, RollReport r, String reason, long ms) {
    if (reporter == null) {
      return;
    }
    Integer now;
    try {
      OptionalInt g = new Generations(layout).current();
      now = g.isPresent() ? g.getAsInt() : null;
    } catch (RuntimeException e) {
      now = null;
    }
    boolean failed = reason != null;
    String desired =
        served != null ? served.desired() : failed ? null : Reporter.lastDesired(layout);
    List<String> restarted =
        plan != null && plan.changed() && !failed ? plan.changes().servicesStarted() : List.of();
    String step =
        failed
            ? (executor != null && executor.failedStep() != null ? executor.failedStep() : phase)
            : null;
    reporter.send(
        Reports.of(
            o.hostname(),
            outcome,
            r,
            served != null ? served.revision() : null,
            desired,
            now,
            plan != null && plan.current() != null
                ? (Integer) plan.current().generation()
                : previous,
            restarted,
            ms,
            step,
            reason,
            drift != null && !drift.clean() ? drift.paths() : null));
  }

  /** {@code roll rollback}: back to the newest complete generation older than the current one. */
  public static RollReport rollback(Layout layout, java.time.Duration lockWait, PrintStream err) {
    return rollback(layout, lockWait, err, null);
  }

  /** {@code roll rollback}, reporting the outcome ({@code rolled-back} or {@code failed}). */
  public static RollReport rollback(
      Layout layout, java.time.Duration lockWait, PrintStream err, Reporter reporter) {
    long t0 = System.nanoTime();
    Integer[] from = {null};
    String[] name = {null};
    try {
      RollReport r = rollbackLocked(layout, lockWait, err, from, name);
      if (reporter != null && name[0] != null) {
        reporter.send(
            Reports.of(
                name[0],
                "rolled-back",
                r,
                null,
                null,
                r.generation(),
                from[0],
                List.of(),
                ms(t0),
                null,
                null,
                null));
      }
      return r;
    } catch (RollException e) {
      if (reporter != null && name[0] != null) {
        OptionalInt now = new Generations(layout).current();
        reporter.send(
            Reports.of(
                name[0],
                "failed",
                null,
                null,
                null,
                now.isPresent() ? now.getAsInt() : null,
                from[0],
                List.of(),
                ms(t0),
                "rollback",
                e.getMessage(),
                null));
      }
      throw e;
    }
  }

  private static RollReport rollbackLocked(
      Layout layout, java.time.Duration lockWait, PrintStream err, Integer[] from, String[] name) {
    long t0 = System.nanoTime();
    String host = "?";
    try (RollLock lock = RollLock.acquire(layout.lock(), lockWait)) {
      Generations generations = new Generations(layout);
      GenerationRecord current = generations.currentRecord();
      if (current == null) {
        throw new RollException(
            "nothing to roll back: " + layout.usrLocal() + " is not a roll generation");
      }
      host = current.hostname() == null ? "?" : current.hostname();
      name[0] = current.hostname();
      from[0] = current.generation();
      Executor executor = new Executor(layout, new ServiceRunner(layout, host), err);
      executor.recover();
      current = generations.currentRecord();
      int now = current.generation();
      int to =
          generations.complete().stream()
              .filter(n -> n < now)
              .reduce((a, b) -> b)
              .orElseThrow(
                  () -> new RollException("no generation older than " + now + " to roll back to"));
      executor.rollbackTo(to);
      GenerationRecord t = generations.record(to);
      RollReport r =
          new RollReport(
              t.hostname(),
              t.revision(),
              t.hostclass(),
              t.version(),
              to,
              true,
              false,
              t.packages().stream().map(Pin::ref).toList(),
              null,
              List.of("rolled back from generation " + now + " to " + to),
              executor.timings());
      RollLog.write(layout, host, r, "rolled-back", null, ms(t0));
      return r;
    } catch (RollException e) {
      RollLog.write(layout, host, null, "rollback-failed", e.getMessage(), ms(t0));
      throw e;
    }
  }

  private RollReport locked() {
    try (RollLock lock = RollLock.acquire(layout.lock(), o.lockWait())) {
      boolean interrupted = Files.exists(layout.journal());
      phase = "recover";
      executor = new Executor(layout, new ServiceRunner(layout, o.hostname()), err);
      executor.recover();
      Generations generations = new Generations(layout);
      phase = "verify";
      long td = System.nanoTime();
      drift =
          generations.current().isPresent()
              ? Drift.check(layout, generations.current().getAsInt(), generations)
              : null;
      timings.put("drift", ms(td));
      boolean repair = drift != null && !drift.clean();
      if (repair) {
        err.println(
            "roll: /usr/local drifted from generation "
                + drift.generation()
                + " ("
                + String.join(", ", drift.paths())
                + "); building a fresh one");
      }
      Converged last = interrupted || o.force() || repair ? null : Converged.read(layout);
      OptionalInt current = generations.current();
      previous = current.isPresent() ? current.getAsInt() : null;
      phase = "fetch";
      if (last != null
          && (current.isEmpty()
              || !last.describes(
                  layout, o.server(), o.hostname(), o.failsafe(), current.getAsInt()))) {
        last = null;
      }
      if (last == null) {
        warmUp();
      }
      ServerClient.Answer answer = fetch(last == null ? null : last.etag());
      if (answer.notModified()) {
        RollReport unchanged = unchanged(generations.record(last.generation()));
        if (unchanged != null) {
          return unchanged;
        }
        warmUp();
        answer = fetch(null);
      }
      ResolvedHost host = answer.host();
      served = host;
      List<ResolvedHost.Package> set = packages(host);
      phase = "download";
      long t = System.nanoTime();
      downloader(host).fetch(set, layout.packages());
      timings.put("download", ms(t));
      phase = "index";
      t = System.nanoTime();
      Map<String, PackageIndex> indexes = new LinkedHashMap<>();
      for (ResolvedHost.Package p : set) {
        indexes.put(p.name() + "-" + p.version(), Indexer.load(layout.tarball(p.ref()), pin(p)));
      }
      timings.put("index", ms(t));
      adopt(generations);
      phase = "plan";
      t = System.nanoTime();
      plan =
          Planner.plan(
              new Desired(host, o.failsafe(), indexes),
              generations.currentRecord(),
              generations.next(),
              o.force() || repair,
              Instant.now().toString());
      timings.put("plan", ms(t));
      phase = "apply";
      try {
        executor.apply(plan);
      } finally {
        timings.putAll(executor.timings());
      }
      remember(answer.etag(), plan.target().generation());
      return report(plan, false);
    }
  }

  /**
   * The server's view is the one the current generation was rolled from (a 304): nothing to build,
   * render or restart, provided every service of the generation passes its check. Null when one
   * does not, so the caller rolls in full.
   */
  private RollReport unchanged(GenerationRecord current) {
    long t = System.nanoTime();
    ServiceRunner runner = new ServiceRunner(layout, o.hostname());
    for (io.roller.roll.plan.ServiceSpec s : current.services()) {
      if (!runner.healthy(s, current.generation())) {
        err.println("roll: service " + s.label() + " is not healthy; rolling in full");
        return null;
      }
    }
    timings.put("check", ms(t));
    List<String> none = List.of();
    return new RollReport(
        current.hostname(),
        current.revision(),
        current.hostclass(),
        current.version(),
        current.generation(),
        false,
        false,
        current.packages().stream().map(Pin::ref).toList(),
        new Plan.Changes(none, none, List.of(), List.of(), none, none),
        List.of(
            "nothing to do: the server's view is unchanged since generation "
                + current.generation()
                + " was rolled (304) and its services are healthy"),
        timings);
  }

  /** Notes the view this roll converged on, so the next roll can stop at a 304. */
  private void remember(String etag, int generation) {
    try {
      Converged.write(
          layout,
          new Converged(etag, o.server().toString(), o.hostname(), o.failsafe(), generation));
    } catch (IOException e) {
      // Only the next roll's shortcut is lost.
      err.println("roll: cannot write " + layout.converged() + ": " + e.getMessage());
    }
  }

  /**
   * Loads the template engine and JSON binding on a second core while the main thread waits on the
   * server: a cold JVM spends most of a no-op roll loading classes.
   */
  private static void warmUp() {
    Thread t =
        new Thread(
            () -> {
              try {
                io.roller.roll.render.Renderer.render(
                    "warm-up",
                    "warm-up",
                    "{{ roller.x }}",
                    io.roller.roll.render.Renderer.context(Map.of(), Map.of("x", 1)));
                Json.MAPPER.readValue(
                    "{\"generation\":0,\"packages\":[],\"files\":[]}", GenerationRecord.class);
                Json.MAPPER.readValue("{\"entries\":[]}", PackageIndex.class);
              } catch (IOException | RuntimeException e) {
                // only a warm-up
              }
            },
            "roll-warm-up");
    t.setDaemon(true);
    t.start();
  }

  private void adopt(Generations generations) {
    try {
      generations.adopt(Instant.now().toString());
    } catch (IOException e) {
      throw new RollException("cannot make " + layout.usrLocal() + " generation 0: " + e, e);
    }
  }

  /**
   * Everything a roll would do, touching nothing on the host: missing packages go to a temp dir.
   */
  private RollReport dryRun() {
    ResolvedHost host = fetch();
    List<ResolvedHost.Package> set = packages(host);
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("roll-dry-run");
      List<ResolvedHost.Package> missing = new ArrayList<>();
      for (ResolvedHost.Package p : set) {
        if (!Files.exists(layout.tarball(p.ref()))) {
          missing.add(p);
        }
      }
      downloader(host).fetch(missing, tmp);
      Map<String, PackageIndex> indexes = new LinkedHashMap<>();
      for (ResolvedHost.Package p : set) {
        Path cached = layout.tarball(p.ref());
        Path file = Files.exists(cached) ? cached : tmp.resolve(p.ref().fileName());
        indexes.put(p.name() + "-" + p.version(), Indexer.peek(file, pin(p)));
      }
      Generations generations = new Generations(layout);
      GenerationRecord current =
          generations.current().isPresent() ? generations.currentRecord() : null;
      Plan plan =
          Planner.plan(
              new Desired(host, o.failsafe(), indexes),
              current,
              generations.next(),
              o.force(),
              Instant.now().toString());
      return report(plan, true);
    } catch (IOException e) {
      throw new RollException("dry run: " + e, e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private ResolvedHost fetch() {
    return fetch(null).host();
  }

  private ServerClient.Answer fetch(String ifNoneMatch) {
    long t = System.nanoTime();
    ServerClient.Answer answer = client().resolved(o.hostname(), ifNoneMatch);
    timings.put("fetch", ms(t));
    if (!answer.notModified() && !o.hostname().equals(answer.host().hostname())) {
      throw new RollException(
          "server "
              + o.server()
              + " answered for host "
              + answer.host().hostname()
              + ", not "
              + o.hostname());
    }
    return answer;
  }

  /** The set this roll installs; all of it must be on the server before anything is fetched. */
  private List<ResolvedHost.Package> packages(ResolvedHost host) {
    List<ResolvedHost.Package> set = new Desired(host, o.failsafe(), Map.of()).packages();
    for (ResolvedHost.Package p : set) {
      if (p.sha256() == null || p.url() == null) {
        throw new RollException(
            "package "
                + p.name()
                + "-"
                + p.version()
                + " (hostclass "
                + host.hostclass()
                + " "
                + host.version()
                + ") is not on the server "
                + o.server());
      }
    }
    return set;
  }

  private Downloader downloader(ResolvedHost host) {
    return new Downloader(client().http(), o.server(), o.timeout(), o.attempts(), err);
  }

  private ServerClient client;

  private ServerClient client() {
    if (client == null) {
      client = new ServerClient(o.server(), o.timeout(), o.attempts());
    }
    return client;
  }

  private static Pin pin(ResolvedHost.Package p) {
    return new Pin(p.name(), p.version(), p.sha256());
  }

  private RollReport report(Plan plan, boolean dryRun) {
    GenerationRecord t = plan.target();
    return new RollReport(
        t.hostname(),
        t.revision(),
        t.hostclass(),
        t.version(),
        t.generation(),
        plan.changed(),
        dryRun,
        t.packages().stream().map(Pin::ref).toList(),
        plan.changes(),
        plan.steps().stream().map(Step::describe).toList(),
        timings);
  }

  private static long ms(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }
}
