package io.roller.roll.plan;

import io.roller.model.PackageRef;
import io.roller.model.ResolvedHost;
import io.roller.model.Sha256;
import io.roller.roll.core.Json;
import io.roller.roll.core.RollException;
import io.roller.roll.render.Renderer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes a roll from the desired state and the current generation. Pure: no I/O, no clock (the
 * caller passes the time), so every decision is unit-tested and {@code --dry-run} prints exactly
 * what a roll would do.
 *
 * <p>Over 300 lines: the content of a generation (build: packages, rendered files, services, cron,
 * its fingerprint) and the choice of steps read the same Built content and records, and are kept
 * side by side so that what is built and what is compared cannot drift apart. What a plan changes,
 * as shown, is {@link PlanChanges}; the plans that are not a roll's (rollback, and finishing or
 * undoing an interrupted or failed plan) are only entered here and made by {@link Undoing}.
 */
public final class Planner {
  /** How many generations stay on disk. */
  public static final int KEEP = 3;

  private static final String TEMPLATE_SUFFIX = ".tmpl";

  /** The path a package's template renders to, or null when {@code e} is not a template. */
  static String renderedPath(FileEntry e) {
    return e.kind() == FileEntry.Kind.FILE && e.path().endsWith(TEMPLATE_SUFFIX)
        ? e.path().substring(0, e.path().length() - TEMPLATE_SUFFIX.length())
        : null;
  }

  private Planner() {}

  /**
   * @param current the generation /usr/local points at, or null on a host roll has never touched
   * @param next the number a new generation would get
   */
  public static Plan plan(
      Desired desired, GenerationRecord current, int next, boolean force, String now) {
    return plan(desired, current, List.of(), next, force, now);
  }

  /**
   * @param kept the other complete generations on disk: when one of them already holds exactly what
   *     the desired state builds (same content, rendered under its own number), the roll switches
   *     to it instead of building an identical new one (after a rollback, say)
   */
  public static Plan plan(
      Desired desired,
      GenerationRecord current,
      List<GenerationRecord> kept,
      int next,
      boolean force,
      String now) {
    List<PackageIndex> indexes = indexes(desired);
    List<Pin> pins = indexes.stream().map(i -> new Pin(i.name(), i.version(), i.sha256())).toList();
    ResolvedHost h = desired.host();
    // Rendered once, under the number a new generation would get. Content equality is judged as if
    // built under the current number, so roller.generation alone never counts as a change: only
    // the templates that read it are rendered again for that comparison.
    Built built = build(desired, indexes, pins, next);
    int sameNumber = current == null ? next : current.generation();
    Built asCurrent = sameNumber == next ? built : build(desired, indexes, pins, sameNumber, built);
    boolean changed =
        force || current == null || !asCurrent.fingerprint().equals(current.fingerprint());
    GenerationRecord same =
        changed && !force ? same(desired, indexes, pins, current, kept, built) : null;
    if (same != null) {
      GenerationRecord target =
          same.withMeta(
              h.hostname(),
              h.colo(),
              h.hostclass(),
              h.version(),
              h.revision(),
              h.desired(),
              params(h));
      List<Step> steps =
          switchSteps(new Step.Reuse(target.generation()), current, target, indexes, false);
      return new Plan(
          current, target, true, PlanChanges.of(current, target, steps), steps, Journaled.REUSE);
    }
    GenerationRecord target =
        changed
            ? new GenerationRecord(
                next,
                h.hostname(),
                h.colo(),
                h.hostclass(),
                h.version(),
                h.revision(),
                desired.failsafe(),
                pins,
                params(h),
                built.files(),
                built.rendered(),
                built.services(),
                built.cron(),
                built.fingerprint(),
                now,
                built.secretFiles(),
                h.desired(),
                built.sealed())
            : current.withMeta(
                h.hostname(),
                h.colo(),
                h.hostclass(),
                h.version(),
                h.revision(),
                h.desired(),
                params(h));
    List<Step> steps =
        changed
            ? switchSteps(buildStep(current, target, force), current, target, indexes, force)
            : unchangedSteps(current);
    return new Plan(
        current,
        target,
        changed,
        PlanChanges.of(current, target, steps),
        steps,
        changed ? Journaled.ROLL : null);
  }

  /**
   * {@code roll rollback}: from {@code current} to the kept generation {@code target}, with a
   * roll's stop, switch, start and commit (nothing built, nothing pruned).
   */
  public static Plan rollback(GenerationRecord current, GenerationRecord target) {
    return Undoing.rollback(current, target);
  }

  /**
   * The steps that finish or undo a plan the journal says was interrupted: past the switch (the
   * host on {@code to}) its services are brought up and it is committed, or, if it was already
   * rolling back, the rollback is done again; before it, the host goes back to the generation it is
   * on and {@code to} is abandoned.
   *
   * @param live the generation /usr/local points at
   * @param records each kept generation's record by number (null: none)
   */
  public static List<Step> finish(
      Journaled interrupted, int live, java.util.function.IntFunction<GenerationRecord> records) {
    return Undoing.finish(interrupted, live, records);
  }

  /**
   * What undoes a plan whose step {@code failed} threw, or null when nothing does (the journal is
   * left for the next roll).
   *
   * @param done the services the failed step had stopped or started before it failed
   */
  public static Undo undo(
      Journaled at,
      Step failed,
      List<ServiceSpec> done,
      java.util.function.IntFunction<GenerationRecord> records) {
    return Undoing.undo(at, failed, done, records);
  }

  /** Cron, services and state of generation {@code r}, as a commit leaves them. */
  public static List<Step> bringUp(GenerationRecord r) {
    return Undoing.bringUp(r);
  }

  /**
   * A full build on a blank host, the adopted generation 0 or {@code --force} (which a drifted tree
   * also sets, so a drifted tree is never a source); otherwise the build from the current
   * generation, which holds every unchanged package's files already.
   */
  private static Step buildStep(GenerationRecord current, GenerationRecord target, boolean force) {
    if (force || current == null || current.files() == null) {
      return new Step.Build(target.generation());
    }
    List<String> reuse = new ArrayList<>();
    List<String> extract = new ArrayList<>();
    for (Pin p : target.packages()) {
      (current.packages().contains(p) ? reuse : extract).add(p.ref());
    }
    List<String> render = new ArrayList<>(target.rendered().keySet());
    render.addAll(target.secretFiles());
    Collections.sort(render);
    return new Step.BuildFrom(target.generation(), current.generation(), reuse, extract, render);
  }

  /** The newest kept generation whose content equals what the desired state builds, or null. */
  private static GenerationRecord same(
      Desired desired,
      List<PackageIndex> indexes,
      List<Pin> pins,
      GenerationRecord current,
      List<GenerationRecord> kept,
      Built built) {
    for (int i = kept.size() - 1; i >= 0; i--) {
      GenerationRecord k = kept.get(i);
      // Only built generations, other than the current one, of the same package set qualify; the
      // render below is the exact check, the pins a cheap filter before it.
      if (k.files() == null
          || current != null && k.generation() == current.generation()
          || !pins.equals(k.packages())
          || k.failsafe() != desired.failsafe()) {
        continue;
      }
      if (build(desired, indexes, pins, k.generation(), built)
          .fingerprint()
          .equals(k.fingerprint())) {
        return k;
      }
    }
    return null;
  }

  /**
   * The steps from {@code current} to {@code target} once {@code first} has made the target's tree
   * (built it, or taken a kept generation that already holds it): stop what restarts, switch, cron,
   * start what restarts, commit, prune.
   */
  private static List<Step> switchSteps(
      Step first,
      GenerationRecord current,
      GenerationRecord target,
      List<PackageIndex> indexes,
      boolean force) {
    int from = current == null ? 0 : current.generation();
    List<ServiceSpec> start = Restarts.of(current, target, indexes, force);
    List<ServiceSpec> stop = new ArrayList<>();
    if (current != null) {
      for (ServiceSpec s : current.services()) {
        if (start.contains(s) || !target.services().contains(s)) {
          stop.add(s);
        }
      }
    }
    Collections.reverse(stop);
    return List.of(
        first,
        new Step.StopServices(from, stop),
        new Step.Switch(from, target.generation()),
        new Step.WriteCron(target.generation()),
        new Step.StartServices(target.generation(), start),
        new Step.Commit(target.generation()),
        new Step.Prune(KEEP));
  }

  private static List<PackageIndex> indexes(Desired desired) {
    List<PackageIndex> out = new ArrayList<>();
    for (ResolvedHost.Package p : Desired.onServer(desired.host(), desired.failsafe(), null)) {
      PackageRef ref = p.ref();
      PackageIndex idx = desired.indexes().get(ref);
      if (idx == null || !p.sha256().equals(idx.sha256())) {
        throw new RollException("package " + ref + " has not been downloaded and verified");
      }
      out.add(idx);
    }
    return out;
  }

  private static Map<String, Object> params(ResolvedHost h) {
    return h.params() == null ? Map.of() : h.params();
  }

  /** The content of a generation: its inventory, rendered files, services and cron file. */
  record Built(
      List<FileEntry> files,
      Map<String, String> rendered,
      List<ServiceSpec> services,
      String cron,
      String fingerprint,
      List<String> secretFiles,
      Map<String, String> sealed,
      Set<String> numbered) {}

  static Built build(Desired desired, List<PackageIndex> indexes, List<Pin> pins, int generation) {
    return build(desired, indexes, pins, generation, null);
  }

  /**
   * The generation's content. With {@code base} (built under another number from the same desired
   * state), only the templates that read {@code roller.generation} ({@code base.numbered()}) are
   * rendered again; the others' text is base's, and a base with none is the answer as it is.
   */
  static Built build(
      Desired desired, List<PackageIndex> indexes, List<Pin> pins, int generation, Built base) {
    if (base != null && base.numbered().isEmpty()) {
      return base;
    }
    Map<String, Object> params = new LinkedHashMap<>(params(desired.host()));
    params.putAll(desired.secrets());
    Facts facts = new Facts(facts(desired.host(), generation));
    Map<String, Object> ctx = Renderer.context(params, facts);
    Set<String> numbered = new TreeSet<>();
    Map<String, String> sealed = new TreeMap<>();
    Map<String, FileEntry> files = new TreeMap<>();
    Map<String, String> owners = new TreeMap<>();
    Map<String, String> rendered = new TreeMap<>();
    List<ServiceSpec> services = new ArrayList<>();
    List<CronSpec> cron = new ArrayList<>();
    for (PackageIndex idx : indexes) {
      for (FileEntry e : idx.entries()) {
        FileEntry entry = e;
        String path = renderedPath(e);
        if (path != null) {
          String source = idx.templates().get(e.path());
          String text = base == null ? null : base.rendered().get(path);
          text = text != null || base == null ? text : base.sealed().get(path);
          if (text == null || base.numbered().contains(path)) {
            facts.readNumber = false;
            text = Renderer.render(idx.ref(), e.path(), source, ctx);
            if (facts.readNumber) {
              numbered.add(path);
            }
          }
          byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
          boolean secret = SecretFiles.holdsSecret(source, text, desired.secrets());
          // a file rendered from a secret is never world-readable, whatever the package says
          int mode = secret ? e.mode() & ~0007 : e.mode();
          entry = new FileEntry(path, FileEntry.Kind.FILE, mode, Sha256.of(bytes), bytes.length);
          (secret ? sealed : rendered).put(path, text);
        }
        add(files, owners, entry, idx.ref());
      }
      services.addAll(idx.services());
      cron.addAll(idx.cron());
    }
    checkParents(files, owners);
    String cronText = cronFile(cron);
    List<FileEntry> list = List.copyOf(files.values());
    String fingerprint =
        Sha256.of(
            Json.write(List.of(pins, list, services, cronText)).getBytes(StandardCharsets.UTF_8));
    return new Built(
        list,
        rendered,
        services,
        cronText,
        fingerprint,
        List.copyOf(sealed.keySet()),
        sealed,
        numbered);
  }

  static Map<String, Object> facts(ResolvedHost h, int generation) {
    return io.roller.model.render.Templates.facts(h, generation);
  }

  private static void add(
      Map<String, FileEntry> files, Map<String, String> owners, FileEntry e, String pkg) {
    FileEntry old = files.get(e.path());
    if (old == null) {
      files.put(e.path(), e);
      owners.put(e.path(), pkg);
    } else if (old.kind() != FileEntry.Kind.DIR || e.kind() != FileEntry.Kind.DIR) {
      // Directories are shared (bin/, lib/); anything else shipped twice would silently lose one.
      throw new RollException(
          "packages " + owners.get(e.path()) + " and " + pkg + " both ship " + e.path());
    }
  }

  /** A file or link in one package where another puts a directory would break extraction. */
  private static void checkParents(Map<String, FileEntry> files, Map<String, String> owners) {
    for (String path : files.keySet()) {
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        FileEntry parent = files.get(path.substring(0, slash));
        if (parent != null && parent.kind() != FileEntry.Kind.DIR) {
          throw new RollException(
              "packages "
                  + owners.get(parent.path())
                  + " and "
                  + owners.get(path)
                  + " both ship "
                  + parent.path()
                  + " (a "
                  + parent.kind().name().toLowerCase()
                  + " in one, a directory in the other)");
        }
      }
    }
  }

  /** The text of /etc/cron.d/roller; cron(8) wants a user column in cron.d files. */
  static String cronFile(List<CronSpec> cron) {
    if (cron.isEmpty()) {
      return "";
    }
    StringBuilder sb =
        new StringBuilder(
            "# Written by roll from the installed packages' manifests; do not edit.\n");
    sb.append("SHELL=/bin/sh\nPATH=/usr/local/bin:/usr/local/sbin:/usr/bin:/bin:/usr/sbin:/sbin\n");
    for (CronSpec c : cron) {
      sb.append("# ").append(c.pkg()).append(": ").append(c.name()).append('\n');
      sb.append(c.schedule())
          .append(' ')
          .append(c.user() == null ? "root" : c.user())
          .append(' ')
          .append(c.command())
          .append('\n');
    }
    return sb.toString();
  }

  /**
   * Nothing to build: record the new revision, and bring up any service of the generation whose
   * check fails (one killed or crashed since the last roll). A service without a check cannot be
   * told running from stopped, so it is left alone rather than started a second time.
   */
  private static List<Step> unchangedSteps(GenerationRecord current) {
    List<ServiceSpec> checked = current.services().stream().filter(s -> s.check() != null).toList();
    Step refresh = new Step.Refresh(current.generation());
    return checked.isEmpty()
        ? List.of(refresh)
        : List.of(refresh, new Step.EnsureRunning(current.generation(), checked));
  }
}
