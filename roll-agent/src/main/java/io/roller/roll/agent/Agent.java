package io.roller.roll.agent;

import io.roller.model.PackageRef;
import io.roller.model.ResolvedHost;
import io.roller.roll.core.Errors;
import io.roller.roll.core.Json;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
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
import io.roller.roll.report.RollReport;
import io.roller.roll.secret.HostSecrets;
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
 *
 * <p>Over 300 lines: the roll, its --dry-run (the same fetch, index and planner touching nothing)
 * and the report of every outcome share the state of one run (fetched view, plan, drift, timings);
 * rollback already lives in {@link Rollback}.
 */
public final class Agent {
  private final RollOptions o;
  private final Layout layout;
  private final PrintStream err;
  private final Map<String, Long> timings = new LinkedHashMap<>();
  // Where this roll got to, for the trace a failure leaves (roll.log, status, history).
  private String step = "lock";
  private ResolvedHost fetched;
  private Integer attempted;
  private Executor executor;
  // For the roll's report: the generation it started from, its plan, the drift it found.
  private Integer previous;
  private Plan plan;
  private Drift.Result drift;
  private Reporter reporter;

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

  public RollReport roll() {
    long t0 = System.nanoTime();
    try {
      RollReport report = o.dryRun() ? dryRun() : locked();
      if (!o.dryRun()) {
        boolean repaired = drift != null && !drift.clean() && report.changed();
        String outcome = repaired ? "repaired" : report.changed() ? "converged" : "unchanged";
        RollLog.write(layout, o.hostname(), report, outcome, null, ms(t0));
        RollFailure.cleared(layout);
        report(outcome, report, null, null, ms(t0));
      }
      return report;
    } catch (RollException e) {
      if (!o.dryRun()) {
        RollFailure f = failure(e);
        RollLog.write(layout, o.hostname(), failed(f), f.outcome(), f.step(), f.reason(), ms(t0));
        if (!f.step().equals("lock")) {
          // Without the lock another roll owns the files; this one changed nothing anyway.
          RollFailure.record(layout, f);
        }
        report(f.outcome(), null, f.step(), f.reason(), ms(t0));
      }
      throw e;
    }
  }

  /** Sends this roll's report; never fails the roll (see {@link Reporter}). */
  private void report(String outcome, RollReport r, String failedStep, String reason, long ms) {
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
        fetched != null ? fetched.desired() : failed ? null : Reporter.lastDesired(layout);
    List<String> restarted =
        plan != null && plan.changed() && !failed ? plan.changes().servicesStarted() : List.of();
    reporter.send(
        Reports.of(
            o.hostname(),
            outcome,
            r,
            fetched != null ? fetched.revision() : null,
            desired,
            now,
            plan != null && plan.current() != null
                ? (Integer) plan.current().generation()
                : previous,
            restarted,
            ms,
            failedStep,
            reason,
            drift != null && !drift.clean() ? drift.paths() : null));
  }

  private RollFailure failure(RollException e) {
    boolean back = executor != null && executor.rolledBack();
    String at = executor != null && step.equals("execute") ? executor.step() : step;
    OptionalInt live = OptionalInt.empty();
    try {
      live = new Generations(layout).current();
    } catch (RollException ignored) {
      // a /usr/local roll did not make: nothing to name
    }
    ResolvedHost h = fetched;
    return new RollFailure(
        Instant.now().toString(),
        back ? "rolled-back" : "failed",
        at,
        e.getMessage(),
        h == null ? null : h.revision(),
        h == null ? null : h.hostclass(),
        h == null ? null : h.version(),
        attempted,
        live.isPresent() ? live.getAsInt() : null);
  }

  /**
   * What the failed roll was rolling to, for its roll.log line; null before the server answered.
   */
  private RollReport failed(RollFailure f) {
    if (fetched == null) {
      return null;
    }
    // the generation it tried to build, or else the one it stayed on
    int generation = f.generation() != null ? f.generation() : f.leftOn() != null ? f.leftOn() : -1;
    List<String> refs = new ArrayList<>();
    try {
      packages(fetched).forEach(p -> refs.add(p.ref().toString()));
    } catch (RollException e) {
      // a package missing on the server: the reason says which
    }
    return new RollReport(
        fetched.hostname(),
        fetched.revision(),
        fetched.hostclass(),
        fetched.version(),
        generation,
        false,
        false,
        refs,
        null,
        List.of(),
        timings);
  }

  private RollReport locked() {
    try (RollLock lock = RollLock.acquire(layout.lock(), o.lockWait())) {
      step = "recover";
      boolean interrupted = Files.exists(layout.journal());
      ServiceRunner runner = new ServiceRunner(layout, o.hostname());
      Executor executor = new Executor(layout, o.force() ? runner.forceStops(err) : runner, err);
      this.executor = executor;
      executor.recover();
      step = "fetch";
      Generations generations = new Generations(layout);
      step = "verify";
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
      step = "fetch";
      Converged last = interrupted || o.force() || repair ? null : Converged.read(layout);
      OptionalInt current = generations.current();
      previous = current.isPresent() ? current.getAsInt() : null;
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
        answer = fetch(null);
      }
      if (last != null) {
        // not a no-op after all (a 200, or a 304 with a service down): this roll renders and
        // plans, so load that on a second core while it reads the indexes
        warmUp();
      }
      ResolvedHost host = answer.host();
      fetched = host;
      // secrets decrypt while packages download; a failure still comes before anything stops
      HostSecrets.Pending pending = HostSecrets.start(host, o.root());
      List<ResolvedHost.Package> set = packages(host);
      step = "download";
      long t = System.nanoTime();
      downloader(host).fetch(set, layout.packages());
      timings.put("download", ms(t));
      step = "index";
      t = System.nanoTime();
      Map<PackageRef, PackageIndex> indexes = new LinkedHashMap<>();
      for (ResolvedHost.Package p : set) {
        indexes.put(p.ref(), Indexer.load(layout.tarball(p.ref()), pin(p)));
      }
      timings.put("index", ms(t));
      step = "decrypt";
      Map<String, String> secrets = pending.join();
      if (!secrets.isEmpty()) {
        timings.put("decrypt", pending.millis());
      }
      step = "adopt";
      adopt(generations);
      step = "plan";
      t = System.nanoTime();
      plan =
          Planner.plan(
              new Desired(host, o.failsafe(), indexes, secrets),
              generations.currentRecord(),
              others(generations),
              generations.next(),
              o.force() || repair,
              Instant.now().toString());
      timings.put("plan", ms(t));
      if (plan.changed()) {
        attempted = plan.target().generation();
      }
      step = "execute";
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
      err.println(
          "roll: cannot write " + layout.converged() + ": " + Errors.reason(e, layout.converged()));
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
      throw new RollException(
          "cannot make " + layout.usrLocal() + " generation 0: " + Errors.reason(e), e);
    }
  }

  /**
   * Everything a roll would do, touching nothing on the host: missing packages go to a temp dir.
   */
  private RollReport dryRun() {
    ResolvedHost host = fetch();
    Map<String, String> secrets = HostSecrets.decrypt(host, o.root());
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
      Map<PackageRef, PackageIndex> indexes = new LinkedHashMap<>();
      for (ResolvedHost.Package p : set) {
        Path cached = layout.tarball(p.ref());
        Path file = Files.exists(cached) ? cached : tmp.resolve(p.ref().fileName());
        indexes.put(p.ref(), Indexer.peek(file, pin(p)));
      }
      Generations generations = new Generations(layout);
      GenerationRecord current =
          generations.current().isPresent() ? generations.currentRecord() : null;
      Plan plan =
          Planner.plan(
              new Desired(host, o.failsafe(), indexes, secrets),
              current,
              others(generations),
              generations.next(),
              o.force(),
              Instant.now().toString());
      RollReport r = report(plan, true);
      String adoption = generations.adoption();
      if (adoption != null) {
        List<String> steps = new ArrayList<>(List.of(adoption));
        steps.addAll(r.steps());
        r =
            new RollReport(
                r.hostname(),
                r.revision(),
                r.hostclass(),
                r.version(),
                r.generation(),
                r.changed(),
                r.dryRun(),
                r.packages(),
                r.changes(),
                steps,
                r.timingsMs());
      }
      return r;
    } catch (IOException e) {
      throw new RollException("dry run: " + e, e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  /** The complete generations other than the current one, oldest first: candidates for reuse. */
  private static List<GenerationRecord> others(Generations generations) {
    OptionalInt current = generations.current();
    List<GenerationRecord> out = new ArrayList<>();
    for (int n : generations.complete()) {
      if (current.isEmpty() || n != current.getAsInt()) {
        out.add(generations.record(n));
      }
    }
    return out;
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
    return Desired.onServer(host, o.failsafe(), o.server());
  }

  private Downloader downloader(ResolvedHost host) {
    return new Downloader(() -> client().http(), o.server(), o.timeout(), o.attempts(), err);
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
