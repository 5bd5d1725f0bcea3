package io.roller.server.views;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.roller.model.ConfigRepo;
import io.roller.model.Host;
import io.roller.model.HostclassVersion;
import io.roller.model.PackageRef;
import io.roller.model.Params;
import io.roller.model.ResolvedHost;
import io.roller.model.ValidationException;
import io.roller.model.render.TemplateException;
import io.roller.model.render.Templates;
import io.roller.server.packages.PackageContents;
import io.roller.server.packages.PackageContents.Contents;
import io.roller.server.repo.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a change from one commit to another does to the fleet (DESIGN §7): every host whose desired
 * state differs, grouped by what changes for it; hosts added and removed; hosts the change leaves
 * failing; with {@code render}, every template of the changed hosts rendered as roll would. Pure:
 * two snapshots and the stored packages' contents in, a record out, so the HTTP route and a web
 * page can share it.
 *
 * <p>Over 300 lines because a third of it is the answer's wire records (Answer, Group, Change,
 * ...), nested so that callers, the UI and the docs name them Impact.Answer; the computation itself
 * is the one Run class.
 */
public final class Impact {
  /**
   * The generation number templates see: roll judges a change as if built under the same number, so
   * any fixed number gives the answer roll would.
   */
  static final int GENERATION = 1;

  private Impact() {}

  /** The answer of {@code GET /impact}. */
  @JsonPropertyOrder({
    "from",
    "to",
    "rendered",
    "totals",
    "changed",
    "added",
    "removed",
    "fixed",
    "failing",
    "render_failures",
    "missing_packages",
    "invalid_files",
    "by_colo",
    "by_hostclass"
  })
  public record Answer(
      String from,
      String to,
      boolean rendered,
      Totals totals,
      List<Group> changed,
      List<String> added,
      List<String> removed,
      List<String> fixed,
      List<Failure> failing,
      @JsonProperty("render_failures") List<RenderFailure> renderFailures,
      @JsonProperty("missing_packages") List<String> missingPackages,
      @JsonProperty("invalid_files") List<Problem> invalidFiles,
      @JsonProperty("by_colo") Map<String, Counts> byColo,
      @JsonProperty("by_hostclass") Map<String, Counts> byHostclass) {

    /** True when a host would fail to resolve, to render, or to get a package. */
    public boolean anyFailure() {
      return !failing.isEmpty() || !renderFailures.isEmpty();
    }
  }

  /**
   * How many hosts; {@code already_failing} counts hosts failing at both revisions the same way
   * (not listed: this change does not affect them).
   */
  public record Totals(
      int hosts,
      int changed,
      int added,
      int removed,
      int fixed,
      int failing,
      @JsonProperty("already_failing") int alreadyFailing,
      @JsonProperty("render_failures") int renderFailures) {}

  /** Counts for one colo or hostclass. */
  public record Counts(int changed, int added, int removed, int failing) {
    Counts plus(Kind k) {
      return new Counts(
          changed + (k == Kind.CHANGED ? 1 : 0),
          added + (k == Kind.ADDED ? 1 : 0),
          removed + (k == Kind.REMOVED ? 1 : 0),
          failing + (k == Kind.FAILING ? 1 : 0));
    }
  }

  enum Kind {
    CHANGED,
    ADDED,
    REMOVED,
    FAILING
  }

  /** Hosts that change the same way. */
  @JsonPropertyOrder({"count", "hosts", "change"})
  public record Group(int count, List<String> hosts, Change change) {}

  /**
   * One host's change. {@code restart} lists the services a roll would stop and start (from the
   * stored packages' manifests; empty when the server stores none or, with render, when no file
   * would change).
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyOrder({"moved", "params", "packages", "restart"})
  public record Change(
      List<Move> moved,
      List<ParamChange> params,
      List<PackageChange> packages,
      List<String> restart) {
    boolean isEmpty() {
      return moved.isEmpty() && params.isEmpty() && packages.isEmpty();
    }
  }

  /** A changed field of the host: colo, hostclass, version or the failsafe set. */
  public record Move(String what, String old, @JsonProperty("new") String now) {}

  /** A param whose value or defining file changed; null for the side where it is not set. */
  @JsonPropertyOrder({"name", "old", "new", "old_file", "new_file"})
  public record ParamChange(
      String name,
      Object old,
      @JsonProperty("new") Object now,
      @JsonProperty("old_file") String oldFile,
      @JsonProperty("new_file") String newFile) {}

  /** A production package added, removed or at another version. */
  @JsonPropertyOrder({"name", "change", "old", "new"})
  public record PackageChange(
      String name, String change, String old, @JsonProperty("new") String now) {}

  /** A host that would fail at {@code to}: its file (or the file at fault), line and reason. */
  @JsonPropertyOrder({"host", "colo", "hostclass", "file", "line", "key", "reason"})
  public record Failure(
      String host,
      String colo,
      String hostclass,
      String file,
      int line,
      String key,
      String reason) {}

  /** A template of a changed host that does not render. */
  @JsonPropertyOrder({"host", "package", "template", "line", "variable", "error"})
  public record RenderFailure(
      String host,
      @JsonProperty("package") String pkg,
      String template,
      int line,
      String variable,
      String error) {}

  /** A repo file invalid at {@code to} but not (or not so) at {@code from}. */
  public record Problem(String file, int line, String key, String reason) {}

  /**
   * The impact of moving the fleet from {@code from} to {@code to}. {@code packages} null means the
   * server stores no packages: neither services nor missing packages are reported, and nothing is
   * rendered.
   */
  public static Answer between(
      Snapshot from, Snapshot to, PackageContents packages, boolean render) {
    return new Run(from, to, packages, render).run();
  }

  /** One computation; keeps the package lookups it made, so each ref is looked up once. */
  private static final class Run {
    final Snapshot fromSnap;
    final Snapshot toSnap;
    final ConfigRepo a;
    final ConfigRepo b;
    final PackageContents packages;
    final boolean render;
    final Map<PackageRef, Optional<Contents>> looked = new HashMap<>();
    final Map<Change, List<String>> groups = new LinkedHashMap<>();
    final List<String> added = new ArrayList<>();
    final List<String> removed = new ArrayList<>();
    final List<String> fixed = new ArrayList<>();
    final List<Failure> failing = new ArrayList<>();
    final List<RenderFailure> renderFailures = new ArrayList<>();
    final Set<String> missing = new TreeSet<>();
    final Map<String, Counts> byColo = new TreeMap<>();
    final Map<String, Counts> byHostclass = new TreeMap<>();
    int changed;
    int alreadyFailing;

    Run(Snapshot from, Snapshot to, PackageContents packages, boolean render) {
      this.fromSnap = from;
      this.toSnap = to;
      this.a = from.config();
      this.b = to.config();
      this.packages = packages;
      this.render = render && packages != null;
    }

    Answer run() {
      boolean same = fromSnap.revision().equals(toSnap.revision());
      if (!same) {
        TreeSet<String> names = new TreeSet<>(a.hosts().keySet());
        names.addAll(a.hostErrors().keySet());
        names.addAll(b.hosts().keySet());
        names.addAll(b.hostErrors().keySet());
        for (String name : names) {
          host(name);
        }
      }
      List<Group> list = new ArrayList<>();
      groups.forEach((c, hosts) -> list.add(new Group(hosts.size(), List.copyOf(hosts), c)));
      list.sort(
          Comparator.comparingInt(Group::count).reversed().thenComparing(g -> g.hosts().get(0)));
      Totals totals =
          new Totals(
              b.hosts().size()
                  + (int)
                      b.hostErrors().keySet().stream()
                          .filter(h -> !b.hosts().containsKey(h))
                          .count(),
              changed,
              added.size(),
              removed.size(),
              fixed.size(),
              failing.size(),
              alreadyFailing,
              renderFailures.size());
      return new Answer(
          fromSnap.revision(),
          toSnap.revision(),
          render,
          totals,
          List.copyOf(list),
          List.copyOf(added),
          List.copyOf(removed),
          List.copyOf(fixed),
          List.copyOf(failing),
          List.copyOf(renderFailures),
          List.copyOf(missing),
          same ? List.of() : invalidFiles(),
          byColo,
          byHostclass);
    }

    private void host(String name) {
      boolean inA = a.hasHost(name);
      boolean inB = b.hasHost(name);
      ValidationException errA = a.hostErrors().get(name);
      ValidationException errB = b.hostErrors().get(name);
      if (!inB) {
        removed.add(name);
        count(a.hosts().get(name), Kind.REMOVED);
        return;
      }
      if (errB != null) {
        if (errA != null && sameError(errA, errB)) {
          alreadyFailing++;
          return;
        }
        Host h = b.hosts().containsKey(name) ? b.hosts().get(name) : a.hosts().get(name);
        failing.add(
            new Failure(
                name,
                h == null ? null : h.colo(),
                h == null ? null : h.hostclass(),
                errB.file(),
                errB.line(),
                errB.key(),
                errB.reason()));
        count(h, Kind.FAILING);
        return;
      }
      if (inA && errA == null && sameInputs(name)) {
        return; // the same three files: the same desired state
      }
      ConfigRepo.Resolved rb = b.resolve(name).orElseThrow();
      if (!inA || errA != null) {
        (inA ? fixed : added).add(name);
        count(rb.host(), inA ? Kind.CHANGED : Kind.ADDED);
        check(name, rb);
        return;
      }
      ConfigRepo.Resolved ra = a.resolve(name).orElseThrow();
      Change c = change(name, ra, rb);
      if (c.isEmpty()) {
        return; // e.g. a comment or a key moved within a file
      }
      changed++;
      count(rb.host(), Kind.CHANGED);
      boolean ok = check(name, rb);
      List<String> restart = ok ? restart(ra, rb, c, name) : List.of();
      Change withRestart = new Change(c.moved(), c.params(), c.packages(), restart);
      groups.computeIfAbsent(withRestart, k -> new ArrayList<>()).add(name);
    }

    private static boolean sameError(ValidationException x, ValidationException y) {
      return Objects.equals(x.file(), y.file())
          && x.line() == y.line()
          && Objects.equals(x.key(), y.key())
          && Objects.equals(x.reason(), y.reason());
    }

    /**
     * True when the host's file, colo and hostclass version are the same at both commits (both
     * valid). Parsed files are shared between commits by blob id, so identity is the common case
     * and this costs a few map lookups, not a merge of params.
     */
    private boolean sameInputs(String name) {
      Host x = a.hosts().get(name);
      Host y = b.hosts().get(name);
      if (!same(x, y)) {
        return false;
      }
      if (!same(a.colos().get(x.colo()), b.colos().get(y.colo()))) {
        return false;
      }
      return same(
          a.hostclasses().get(x.hostclass()).get(x.version()),
          b.hostclasses().get(y.hostclass()).get(y.version()));
    }

    private static boolean same(Object x, Object y) {
      return x == y || x.equals(y);
    }

    private void count(Host h, Kind k) {
      String colo = h == null ? "(unknown)" : h.colo();
      String hc = h == null ? "(unknown)" : h.hostclass();
      byColo.merge(colo, new Counts(0, 0, 0, 0).plus(k), (x, y) -> x.plus(k));
      byHostclass.merge(hc, new Counts(0, 0, 0, 0).plus(k), (x, y) -> x.plus(k));
    }

    private Change change(String name, ConfigRepo.Resolved ra, ConfigRepo.Resolved rb) {
      List<Move> moved = new ArrayList<>();
      move(moved, "colo", ra.colo().name(), rb.colo().name());
      move(moved, "hostclass", ra.hostclass().name(), rb.hostclass().name());
      move(moved, "version", ra.hostclass().version(), rb.hostclass().version());
      move(moved, "failsafe", refs(ra.hostclass().failsafe()), refs(rb.hostclass().failsafe()));
      List<ParamChange> params = new ArrayList<>();
      Params.Merged pa = ra.params();
      Params.Merged pb = rb.params();
      TreeSet<String> keys = new TreeSet<>(pa.values().keySet());
      keys.addAll(pb.values().keySet());
      for (String k : keys) {
        Object va = pa.values().get(k);
        Object vb = pb.values().get(k);
        String fa = file(name, ra, pa.origins().get(k));
        String fb = file(name, rb, pb.origins().get(k));
        if (!Objects.equals(va, vb) || !Objects.equals(fa, fb)) {
          params.add(new ParamChange(k, va, vb, fa, fb));
        }
      }
      return new Change(
          List.copyOf(moved),
          List.copyOf(params),
          packageChanges(ra.hostclass().production(), rb.hostclass().production()),
          List.of());
    }

    private static void move(List<Move> out, String what, String x, String y) {
      if (!x.equals(y)) {
        out.add(new Move(what, x, y));
      }
    }

    private static String refs(List<PackageRef> refs) {
      return String.join(" ", refs.stream().map(PackageRef::toString).toList());
    }

    private static String file(String host, ConfigRepo.Resolved r, Params.Origin o) {
      if (o == null) {
        return null;
      }
      return switch (o) {
        case colo -> "colo/" + r.colo().name() + ".yml";
        case hostclass ->
            "hostclass/" + r.hostclass().name() + "/" + r.hostclass().version() + ".yml";
        case host -> "host/" + host + ".yml";
      };
    }

    private static List<PackageChange> packageChanges(List<PackageRef> x, List<PackageRef> y) {
      Map<String, String> before = new LinkedHashMap<>();
      x.forEach(p -> before.put(p.name(), p.version()));
      Map<String, String> after = new LinkedHashMap<>();
      y.forEach(p -> after.put(p.name(), p.version()));
      List<PackageChange> out = new ArrayList<>();
      after.forEach(
          (n, v) -> {
            String old = before.get(n);
            if (old == null) {
              out.add(new PackageChange(n, "added", null, v));
            } else if (!old.equals(v)) {
              out.add(new PackageChange(n, "changed", old, v));
            }
          });
      before.forEach(
          (n, v) -> {
            if (!after.containsKey(n)) {
              out.add(new PackageChange(n, "removed", v, null));
            }
          });
      return List.copyOf(out);
    }

    private Optional<Contents> contents(PackageRef ref) {
      return looked.computeIfAbsent(ref, packages::of);
    }

    /**
     * Checks that the server has every package of the host at {@code to} and, with render, that
     * every template renders. Returns false when the host would fail.
     */
    private boolean check(String name, ConfigRepo.Resolved rb) {
      if (packages == null) {
        return true;
      }
      HostclassVersion hc = rb.hostclass();
      List<PackageRef> lacking = new ArrayList<>();
      for (PackageRef p : allOf(hc)) {
        if (contents(p).isEmpty()) {
          lacking.add(p);
          missing.add(p.toString());
        }
      }
      if (!lacking.isEmpty()) {
        failing.add(
            new Failure(
                name,
                rb.colo().name(),
                hc.name(),
                "hostclass/" + hc.name() + "/" + hc.version() + ".yml",
                0,
                "packages",
                "not on this server: "
                    + String.join(", ", lacking.stream().map(PackageRef::toString).toList())));
        count(rb.host(), Kind.FAILING);
        return false;
      }
      if (!render) {
        return true;
      }
      Map<String, Object> ctx = context(name, rb, toSnap);
      boolean ok = true;
      for (PackageRef p : hc.production()) {
        for (Map.Entry<String, String> t : contents(p).orElseThrow().templates().entrySet()) {
          try {
            Templates.render(t.getValue(), ctx);
          } catch (TemplateException e) {
            ok = false;
            renderFailures.add(
                new RenderFailure(
                    name, p.toString(), t.getKey(), e.line(), e.variable(), e.reason()));
          }
        }
      }
      return ok;
    }

    private static List<PackageRef> allOf(HostclassVersion hc) {
      LinkedHashSet<PackageRef> all = new LinkedHashSet<>(hc.production());
      all.addAll(hc.failsafe());
      return List.copyOf(all);
    }

    private static Map<String, Object> context(String name, ConfigRepo.Resolved r, Snapshot at) {
      ResolvedHost facts =
          new ResolvedHost(
              name,
              r.colo().name(),
              r.hostclass().name(),
              r.hostclass().version(),
              at.revision(),
              null,
              null,
              null,
              null);
      return Templates.context(r.params().values(), Templates.facts(facts, GENERATION));
    }

    /**
     * The services a roll would stop and start: every service of the old and new packages when the
     * packages change; when only params change, those of every package (with render: none if no
     * rendered file would differ, as roll then keeps the generation).
     */
    private List<String> restart(
        ConfigRepo.Resolved ra, ConfigRepo.Resolved rb, Change c, String name) {
      if (packages == null) {
        return List.of();
      }
      if (render && c.packages().isEmpty() && sameRendering(name, ra, rb)) {
        return List.of();
      }
      LinkedHashSet<String> out = new LinkedHashSet<>();
      for (PackageRef p : rb.hostclass().production()) {
        out.addAll(contents(p).map(Contents::services).orElse(List.of()));
      }
      for (PackageRef p : ra.hostclass().production()) {
        out.addAll(contents(p).map(Contents::services).orElse(List.of()));
      }
      return List.copyOf(out);
    }

    private boolean sameRendering(String name, ConfigRepo.Resolved ra, ConfigRepo.Resolved rb) {
      Map<String, Object> before = context(name, ra, fromSnap);
      Map<String, Object> after = context(name, rb, toSnap);
      for (PackageRef p : rb.hostclass().production()) {
        Optional<Contents> got = contents(p);
        if (got.isEmpty()) {
          return false;
        }
        for (String t : got.get().templates().values()) {
          try {
            if (!Templates.render(t, before).equals(Templates.render(t, after))) {
              return false;
            }
          } catch (TemplateException e) {
            return false;
          }
        }
      }
      return true;
    }

    /** Files invalid at {@code to} whose error is new. */
    private List<Problem> invalidFiles() {
      List<Problem> out = new ArrayList<>();
      b.fileErrors()
          .forEach(
              (path, e) -> {
                ValidationException old = a.fileErrors().get(path);
                if (old == null || !sameError(old, e)) {
                  out.add(new Problem(e.file(), e.line(), e.key(), e.reason()));
                }
              });
      return List.copyOf(out);
    }
  }
}
