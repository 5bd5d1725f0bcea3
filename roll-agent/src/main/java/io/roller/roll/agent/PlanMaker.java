package io.roller.roll.agent;

import io.roller.model.PackageRef;
import io.roller.model.ResolvedHost;
import io.roller.roll.core.Errors;
import io.roller.roll.core.Layout;
import io.roller.roll.core.RollException;
import io.roller.roll.fetch.Downloader;
import io.roller.roll.fetch.ServerClient;
import io.roller.roll.install.Generations;
import io.roller.roll.install.Indexer;
import io.roller.roll.install.Trees;
import io.roller.roll.plan.Desired;
import io.roller.roll.plan.GenerationRecord;
import io.roller.roll.plan.PackageIndex;
import io.roller.roll.plan.Pin;
import io.roller.roll.plan.Plan;
import io.roller.roll.plan.Planner;
import io.roller.roll.secret.HostSecrets;
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
 * The one path from the server to a plan, for a roll and its {@code --dry-run} alike: fetch the
 * view, take the package set once it is all on the server, download, index, decrypt, adopt, plan. A
 * dry run differs in two places only: packages the cache lacks go to a temp dir and are indexed
 * without writing their index, and a blank host's /usr/local is described, not adopted.
 */
final class PlanMaker implements AutoCloseable {
  private final RollOptions o;
  private final Layout layout;
  private final PrintStream err;
  private final RollTrace trace;
  private final boolean dryRun;
  private ServerClient client;
  private Path scratch;
  private String adoption;

  PlanMaker(RollOptions o, Layout layout, PrintStream err, RollTrace trace, boolean dryRun) {
    this.o = o;
    this.layout = layout;
    this.err = err;
    this.trace = trace;
    this.dryRun = dryRun;
  }

  /** The server's view of this host; a 304 when {@code ifNoneMatch} is still its ETag. */
  ServerClient.Answer fetch(String ifNoneMatch) {
    long t = System.nanoTime();
    ServerClient.Answer answer = client().resolved(o.hostname(), ifNoneMatch);
    trace.timings.put("fetch", RollTrace.ms(t));
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

  /** The plan from the current generation to {@code host}'s view ({@code force}: build afresh). */
  Plan plan(ResolvedHost host, Generations generations, boolean force) {
    trace.fetched = host;
    // secrets decrypt while packages download; a failure still comes before anything stops
    HostSecrets.Pending pending = HostSecrets.start(host, o.root());
    List<ResolvedHost.Package> set = Desired.onServer(host, o.failsafe(), o.server());
    trace.step = "download";
    long t = System.nanoTime();
    download(set);
    trace.timings.put("download", RollTrace.ms(t));
    trace.step = "index";
    t = System.nanoTime();
    Map<PackageRef, PackageIndex> indexes = new LinkedHashMap<>();
    for (ResolvedHost.Package p : set) {
      indexes.put(p.ref(), index(p));
    }
    trace.timings.put("index", RollTrace.ms(t));
    trace.step = "decrypt";
    Map<String, String> secrets = pending.join();
    if (!secrets.isEmpty()) {
      trace.timings.put("decrypt", pending.millis());
    }
    trace.step = "adopt";
    adopt(generations);
    trace.step = "plan";
    t = System.nanoTime();
    Plan plan =
        Planner.plan(
            new Desired(host, o.failsafe(), indexes, secrets),
            generations.current().isPresent() ? generations.currentRecord() : null,
            others(generations),
            generations.next(),
            force,
            Instant.now().toString());
    trace.timings.put("plan", RollTrace.ms(t));
    trace.plan = plan;
    if (plan.changed()) {
      trace.attempted = plan.target().generation();
    }
    return plan;
  }

  /** What a dry run's adoption of a blank host's /usr/local would do, or null. */
  String adoption() {
    return adoption;
  }

  private void download(List<ResolvedHost.Package> set) {
    Downloader downloader =
        new Downloader(() -> client().http(), o.server(), o.timeout(), o.attempts(), err);
    if (!dryRun) {
      downloader.fetch(set, layout.packages());
      return;
    }
    List<ResolvedHost.Package> missing =
        set.stream().filter(p -> !Files.exists(layout.tarball(p.ref()))).toList();
    downloader.fetch(missing, scratch());
  }

  private PackageIndex index(ResolvedHost.Package p) {
    Pin pin = new Pin(p.name(), p.version(), p.sha256());
    Path cached = layout.tarball(p.ref());
    if (!dryRun) {
      return Indexer.load(cached, pin);
    }
    return Indexer.peek(Files.exists(cached) ? cached : scratch().resolve(p.ref().fileName()), pin);
  }

  private void adopt(Generations generations) {
    if (dryRun) {
      adoption = generations.adoption();
      return;
    }
    try {
      generations.adopt(Instant.now().toString());
    } catch (IOException e) {
      throw new RollException(
          "cannot make " + layout.usrLocal() + " generation 0: " + Errors.reason(e), e);
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

  private ServerClient client() {
    if (client == null) {
      client = new ServerClient(o.server(), o.timeout(), o.attempts());
    }
    return client;
  }

  /** A dry run's download dir, made on first use and gone with the run. */
  private Path scratch() {
    if (scratch == null) {
      try {
        scratch = Files.createTempDirectory("roll-dry-run");
      } catch (IOException e) {
        throw new RollException("dry run: " + e, e);
      }
    }
    return scratch;
  }

  @Override
  public void close() {
    if (scratch == null) {
      return;
    }
    try {
      Trees.delete(scratch);
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }
}
