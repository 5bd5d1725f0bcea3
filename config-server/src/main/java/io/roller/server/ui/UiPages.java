package io.roller.server.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roller.model.ResolvedHost;
import io.roller.model.ValidationException;
import io.roller.server.core.DomainException;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.packages.PackageContents;
import io.roller.server.repo.FileChange;
import io.roller.server.repo.LogEntry;
import io.roller.server.reports.FleetHosts;
import io.roller.server.reports.FleetView;
import io.roller.server.reports.ReportStore;
import io.roller.server.views.HostDiff;
import io.roller.server.views.HostVersion;
import io.roller.server.views.HostclassView;
import io.roller.server.views.Impact;
import io.roller.server.views.RepoView;
import io.roller.server.views.ViewStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The models of the web UI's pages, built from the views the YAML/JSON routes serve (RepoView,
 * HostDiff, Impact, the git log and diff): no second model of the data. Each method returns the
 * variables of one template; links are made by the templates.
 *
 * <p>Over 300 lines as one method per page (host, file, commit, log, impact, hostclass, colo,
 * package, fleet) sharing the same few helpers for links and labels; a page's model is read in one
 * place.
 */
public final class UiPages {
  /** Commits of the log scanned for a host's recent changes. */
  static final int HISTORY = 200;

  /** Recent changes shown on a host page, and candidate commits examined for them. */
  static final int CHANGES = 5;

  static final int CANDIDATES = 20;

  /** Reports shown on a host page. */
  static final int REPORTS = 10;

  /** Hosts per page of the host list. */
  public static final int PAGE = 100;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ViewStore store;
  private final PackageCatalog catalog;
  private final PackageContents packages;
  private final ReportStore reports;

  /** Hosts changed by each commit (immutable, so kept across heads; bounded). */
  private final Map<String, Integer> changedBy =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Integer> e) {
              return size() > 4096;
            }
          });

  public UiPages(
      ViewStore store, PackageCatalog catalog, PackageContents packages, ReportStore reports) {
    this.store = store;
    this.catalog = catalog;
    this.packages = packages;
    this.reports = reports;
  }

  /** A param value as one line: strings as they are, anything else as JSON. */
  static String show(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof String s) {
      return s;
    }
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }

  /** The repo file that defines a param of {@code r} by its origin (host, hostclass or colo). */
  static String originFile(ResolvedHost r, String origin) {
    return switch (origin) {
      case "host" -> "host/" + r.hostname() + ".yml";
      case "hostclass" -> "hostclass/" + r.hostclass() + "/" + r.version() + ".yml";
      case "colo" -> "colo/" + r.colo() + ".yml";
      default -> null;
    };
  }

  // ---- hosts

  /** A param of the host page: its value and the file that sets it. */
  public record ParamRow(String name, String value, String origin, String file, boolean secret) {}

  /** A commit that changed a host's desired state, with what changed. */
  public record HostChange(LogEntry commit, String parent, List<HostDiff.Change> changes) {}

  /** The host page: resolved view, params with their files, packages, recent changes. */
  public Map<String, Object> host(RepoView v, String hostname) {
    ResolvedHost r = v.resolved(hostname, catalog);
    List<ParamRow> params = new ArrayList<>();
    new TreeMap<>(r.params())
        .forEach(
            (k, val) -> {
              String origin = r.paramOrigins().getOrDefault(k, "");
              params.add(
                  new ParamRow(
                      k,
                      show(val),
                      origin,
                      originFile(r, origin),
                      r.secrets() != null && r.secrets().containsKey(k)));
            });
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", hostname);
    m.put("host", r);
    m.put("params", params);
    m.put("hostFile", "host/" + hostname + ".yml");
    m.put("changes", v.memo("ui-host-changes:" + hostname, () -> recentChanges(v, r)));
    List<FleetView.HostDesired> self =
        FleetHosts.of(v, catalog).stream().filter(h -> h.hostname().equals(hostname)).toList();
    FleetView.Fleet f = fleet(v, self, new FleetView.Filter(null, null, null));
    m.put("state", f.hosts().isEmpty() ? "unreported" : f.hosts().get(0).state());
    m.put("reports", reports.reports(hostname, REPORTS));
    return m;
  }

  /**
   * Commits among the last {@link #HISTORY} that touched a file this host's view is made of (its
   * host file, its colo, its hostclass), kept when they changed its desired-state id.
   */
  private List<HostChange> recentChanges(RepoView v, ResolvedHost r) {
    List<LogEntry> log = v.memo("ui-log:" + HISTORY, () -> store.log(v, null, HISTORY));
    String hostFile = "host/" + r.hostname() + ".yml";
    String coloFile = "colo/" + r.colo() + ".yml";
    String hcDir = "hostclass/" + r.hostclass() + "/";
    List<HostChange> out = new ArrayList<>();
    int examined = 0;
    for (LogEntry e : log) {
      boolean relevant =
          e.files().stream()
              .anyMatch(f -> f.equals(hostFile) || f.equals(coloFile) || f.startsWith(hcDir));
      if (!relevant) {
        continue;
      }
      if (++examined > CANDIDATES || out.size() >= CHANGES) {
        break;
      }
      String parent = parentOf(e.commit());
      ResolvedHost after = resolvedAt(e.commit(), r.hostname());
      ResolvedHost before = parent == null ? null : resolvedAt(parent, r.hostname());
      String a = after == null ? null : after.desired();
      String b = before == null ? null : before.desired();
      if (!Objects.equals(a, b)) {
        @SuppressWarnings("unchecked")
        List<HostDiff.Change> changes =
            (List<HostDiff.Change>)
                HostDiff.between(r.hostname(), parent, before, e.commit(), after).get("changes");
        out.add(new HostChange(e, parent, changes));
      }
    }
    return List.copyOf(out);
  }

  /** The host's resolved view at a commit; null when it is absent or does not validate there. */
  private ResolvedHost resolvedAt(String commit, String hostname) {
    try {
      return store.at(commit).resolvedIfExists(hostname).orElse(null);
    } catch (ValidationException e) {
      return null;
    }
  }

  /** The first parent of a commit, null for a root commit. */
  String parentOf(String commit) {
    try {
      return store.commitOf(commit + "^");
    } catch (DomainException e) {
      return null;
    }
  }

  // ---- files, commits, log

  /** A file at a revision and the commits that changed it. */
  public Map<String, Object> file(RepoView v, String path) {
    if (path.isEmpty()
        || path.startsWith("/")
        || path.contains("..")
        || path.contains("//")
        || path.chars().anyMatch(Character::isISOControl)) {
      throw DomainException.badRequest("path must be relative to the repo root, without '..'");
    }
    byte[] bytes =
        store
            .read(v, path)
            .orElseThrow(
                () ->
                    DomainException.notFound(
                        "no file " + path + " at " + v.snapshot().shortRevision()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", path);
    m.put("path", path);
    m.put("text", new String(bytes, StandardCharsets.UTF_8));
    m.put("commits", store.log(v, path, 20));
    return m;
  }

  /** A commit: who, when, why, and its diff against its first parent. */
  public Map<String, Object> commit(String rev) {
    String id = store.commitOf(rev);
    RepoView v = store.at(id);
    LogEntry e = v.memo("ui-log:1", () -> store.log(v, null, 1)).get(0);
    String parent = parentOf(id);
    List<FileChange> diff = parent == null ? List.of() : store.diff(parent, id);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", "commit " + id.substring(0, 12));
    m.put("commit", e);
    m.put("parent", parent);
    m.put("diff", diff);
    m.put("hostsChanged", changedBy(e.commit(), parent));
    return m;
  }

  /** A line of the log page. */
  public record LogRow(LogEntry commit, String parent, int hosts) {}

  /** The last {@code limit} commits from a view, each with the number of hosts it changed. */
  public Map<String, Object> log(RepoView v, int limit) {
    List<LogRow> rows = new ArrayList<>();
    for (LogEntry e : v.memo("ui-log:" + limit, () -> store.log(v, null, limit))) {
      String parent = parentOf(e.commit());
      rows.add(new LogRow(e, parent, changedBy(e.commit(), parent)));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", "log");
    m.put("rows", rows);
    return m;
  }

  /** Hosts whose desired state a commit changed (added and removed hosts count). */
  int changedBy(String commit, String parent) {
    Integer n = changedBy.get(commit);
    if (n == null) {
      RepoView after = store.at(commit);
      if (parent == null) {
        n = after.hostCount();
      } else {
        Impact.Totals t = impact(store.at(parent), after).totals();
        n = t.changed() + t.added() + t.removed();
      }
      changedBy.put(commit, n);
    }
    return n;
  }

  // ---- impact

  /** The impact answer between two views, kept in the {@code to} view's memo. */
  public Impact.Answer impact(RepoView from, RepoView to) {
    return to.memo(
        "ui-impact " + from.revision(),
        () -> Impact.between(from.snapshot(), to.snapshot(), packages, false));
  }

  /** The impact page. */
  public Map<String, Object> impactPage(RepoView from, RepoView to) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "title",
        "impact " + from.snapshot().shortRevision() + ".." + to.snapshot().shortRevision());
    m.put("impact", impact(from, to));
    return m;
  }

  // ---- hostclass, colo, package

  /** One version of a hostclass and its hosts. */
  public record VersionHosts(
      String version, String file, Object packages, String error, List<String> hosts) {}

  public Map<String, Object> hostclass(RepoView v, String name) {
    HostclassView hc = v.hostclass(name);
    Map<String, List<String>> byVersion = new TreeMap<>();
    for (HostVersion h : v.hostclassHosts(name, null)) {
      byVersion.computeIfAbsent(h.version(), k -> new ArrayList<>()).add(h.hostname());
    }
    List<VersionHosts> versions = new ArrayList<>();
    for (String ver : hc.versions()) {
      Object pkgs = null;
      String error = null;
      try {
        pkgs = v.hostclassVersion(name, ver).packages();
      } catch (ValidationException | DomainException e) {
        error = e.getMessage();
      }
      versions.add(
          new VersionHosts(
              ver,
              "hostclass/" + name + "/" + ver + ".yml",
              pkgs,
              error,
              byVersion.getOrDefault(ver, List.of())));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", "hostclass " + name);
    m.put("name", name);
    m.put("versions", versions);
    m.put("invalid", hc.invalid());
    return m;
  }

  public Map<String, Object> colo(RepoView v, String name) {
    List<ParamRow> params = new ArrayList<>();
    v.colo(name)
        .params()
        .forEach((k, val) -> params.add(new ParamRow(k, show(val), "colo", null, false)));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", "colo " + name);
    m.put("name", name);
    m.put("file", "colo/" + name + ".yml");
    m.put("params", params);
    m.put("hosts", v.coloHosts(name));
    return m;
  }

  public Map<String, Object> pkg(RepoView v, String name) {
    Map<String, List<String>> byVersion = new TreeMap<>();
    for (HostVersion h : v.packageHosts(name)) {
      byVersion.computeIfAbsent(h.version(), k -> new ArrayList<>()).add(h.hostname());
    }
    if (byVersion.isEmpty()) {
      throw DomainException.notFound(
          "no host gets package " + name + " at " + v.snapshot().shortRevision());
    }
    List<VersionHosts> versions = new ArrayList<>();
    byVersion.forEach((ver, hosts) -> versions.add(new VersionHosts(ver, null, null, null, hosts)));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", "package " + name);
    m.put("name", name);
    m.put("versions", versions);
    return m;
  }

  /** The fleet of {@code GET /fleet} for some of a view's hosts, judged now. */
  private FleetView.Fleet fleet(
      RepoView v, List<FleetView.HostDesired> hosts, FleetView.Filter filter) {
    return FleetView.of(
        v.revision(),
        hosts,
        reports::last,
        java.time.Instant.now(),
        reports.options().stale(),
        filter,
        reports.degraded());
  }

  /**
   * The fleet page: the {@code /fleet} answer (counts over the colo and hostclass filters, hosts
   * also by state), narrowed by a name search, one page of it.
   */
  public Map<String, Object> fleetPage(
      RepoView v, String colo, String hostclass, String state, String search, int page) {
    FleetView.Filter filter = new FleetView.Filter(colo, hostclass, state);
    FleetView.Fleet f = fleet(v, FleetHosts.of(v, catalog), filter);
    String needle = search == null ? "" : search.strip().toLowerCase(Locale.ROOT);
    List<FleetView.FleetHost> all =
        needle.isEmpty()
            ? f.hosts()
            : f.hosts().stream().filter(h -> h.hostname().contains(needle)).toList();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("title", "fleet");
    m.put("fleet", f);
    m.put("total", all.size());
    m.putAll(paged(all, page));
    m.put("states", FleetView.STATES);
    m.put("colos", v.coloNames());
    m.put("hostclasses", v.hostclassNames());
    m.put("packages", List.copyOf(new java.util.TreeSet<>(v.index().packages())));
    m.put("colo", colo == null ? "" : colo);
    m.put("hostclass", hostclass == null ? "" : hostclass);
    m.put("state", state == null ? "" : state);
    m.put("search", search == null ? "" : search);
    return m;
  }

  /** One page of rows: {@code rows}, {@code page}, {@code pages}. */
  static Map<String, Object> paged(List<?> all, int page) {
    int pages = Math.max(1, (all.size() + PAGE - 1) / PAGE);
    int p = Math.min(Math.max(1, page), pages);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", all.subList((p - 1) * PAGE, Math.min(all.size(), p * PAGE)));
    m.put("page", p);
    m.put("pages", pages);
    return m;
  }
}
