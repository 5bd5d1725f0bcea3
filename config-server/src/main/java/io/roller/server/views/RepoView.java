package io.roller.server.views;

import io.roller.model.ConfigRepo;
import io.roller.model.Host;
import io.roller.model.HostUsers;
import io.roller.model.HostclassVersion;
import io.roller.model.Names;
import io.roller.model.PackageRef;
import io.roller.model.RepoFile;
import io.roller.model.ResolvedHost;
import io.roller.model.User;
import io.roller.model.ValidationException;
import io.roller.model.YamlNode;
import io.roller.server.core.DomainException;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.packages.PackageMeta;
import io.roller.server.packages.Refs;
import io.roller.server.repo.GitRepo;
import io.roller.server.repo.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The views of one commit. Immutable apart from its memo, which keeps each view (and, for the http
 * layer, each serialized body) once computed, so a commit is parsed and rendered once.
 *
 * <p>Over 300 lines: one method per route's view (hosts, host, resolved, users, hostclasses, colos,
 * packages) over the same snapshot, host index and memo; the resolved view's per-host cache for the
 * fast path lives here too, so that a new commit drops it with the rest.
 */
public final class RepoView {
  private static final int MEMO_LIMIT = 200_000;

  private final Snapshot snapshot;
  private final ConfigRepo repo;
  private final HostIndex index;
  private final GitRepo git;
  private final ConcurrentHashMap<String, Object> memo = new ConcurrentHashMap<>();

  /** Per host of this commit (only hosts that resolve get in, so it is bounded by the repo). */
  private final ConcurrentHashMap<String, Resolving> resolving = new ConcurrentHashMap<>();

  private final ConcurrentHashMap<String, Object> hostMemo = new ConcurrentHashMap<>();

  public RepoView(Snapshot snapshot, GitRepo git) {
    this(snapshot, git, null);
  }

  /** The view of a commit whose index is derived from {@code previous}'s where that is cheaper. */
  public RepoView(Snapshot snapshot, GitRepo git, RepoView previous) {
    this.snapshot = snapshot;
    this.repo = snapshot.config();
    this.index =
        previous == null
            ? new HostIndex(repo)
            : HostIndex.next(previous.index, previous.repo, repo);
    this.git = git;
  }

  public String revision() {
    return snapshot.revision();
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  public HostIndex index() {
    return index;
  }

  /** Number of host files in this commit, valid or not. */
  public int hostCount() {
    return repo.hosts().size()
        + (int)
            repo.hostErrors().keySet().stream().filter(h -> !repo.hosts().containsKey(h)).count();
  }

  /**
   * A memo for values derived from this commit; entries go when the commit's view is dropped. Past
   * a size limit nothing more is kept (the value is still computed), so odd queries cannot exhaust
   * memory.
   */
  @SuppressWarnings("unchecked")
  public <T> T memo(String key, Supplier<T> compute) {
    Object v = memo.get(key);
    if (v == null) {
      v = compute.get();
      if (memo.size() < MEMO_LIMIT) {
        memo.putIfAbsent(key, v);
      }
    }
    return (T) v;
  }

  /**
   * The raw memo, for entries that must be revalidated (bodies that depend on the package catalog).
   */
  public ConcurrentMap<String, Object> memo() {
    return memo;
  }

  /**
   * A memo keyed by hostname alone, for the http layer's per-host bodies: no key string is built
   * per request. Callers put only hosts that exist at this commit, so it is bounded by the repo.
   */
  public ConcurrentMap<String, Object> hostMemo() {
    return hostMemo;
  }

  // ---- hosts

  /** Host names, optionally only those of one colo and/or hostclass. */
  public List<String> hostNames(String colo, String hostclass) {
    if (colo == null && hostclass == null) {
      TreeSet<String> all = new TreeSet<>(repo.hosts().keySet());
      all.addAll(repo.hostErrors().keySet());
      return List.copyOf(all);
    }
    List<String> byColo = colo == null ? null : coloHosts(colo);
    List<String> byClass =
        hostclass == null
            ? null
            : hostclassHosts(hostclass, null).stream().map(HostVersion::hostname).toList();
    if (byColo == null) {
      return byClass;
    }
    if (byClass == null) {
      return byColo;
    }
    return byColo.stream().filter(new TreeSet<>(byClass)::contains).toList();
  }

  /** The host file as stored, with {@code hostname} first. */
  public Map<String, Object> hostFile(String hostname) {
    requireHost(hostname);
    String path = "host/" + hostname + ".yml";
    ValidationException e = repo.fileErrors().get(path);
    if (e != null && !repo.hosts().containsKey(hostname)) {
      throw e;
    }
    byte[] bytes =
        git.read(revision(), path)
            .orElseThrow(() -> DomainException.notFound("no host " + hostname));
    // YamlNode knows !secret (shown as {secret: <sha256>}); a plain SnakeYAML load refuses the tag
    Object doc = YamlNode.parse(path, new String(bytes, StandardCharsets.UTF_8)).value();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("hostname", hostname);
    if (doc instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
    }
    return out;
  }

  /**
   * The resolved host with package sha256, size and url from the catalog where it has them. This is
   * every {@code GET /host/{h}/resolved}'s path, so a known host costs one map lookup plus one
   * catalog lookup per package, and the same catalog answers give the very same object.
   */
  public ResolvedHost resolved(String hostname, PackageCatalog catalog) {
    Resolving b = resolving.get(hostname);
    if (b == null) {
      b = new Resolving(resolveBase(hostname));
      resolving.putIfAbsent(hostname, b);
    }
    PackageMeta[] metas = null;
    for (int i = 0; i < b.refs.length; i++) {
      Optional<PackageMeta> m = catalog.find(b.refs[i]);
      if (m.isPresent()) {
        if (metas == null) {
          metas = new PackageMeta[b.refs.length];
        }
        metas[i] = m.get();
      }
    }
    if (metas == null) {
      return b.base;
    }
    WithMeta last = b.last;
    if (last != null && Arrays.equals(last.metas(), metas)) {
      return last.host();
    }
    ResolvedHost r = withMeta(b.base, metas);
    b.last = new WithMeta(metas, r);
    return r;
  }

  /**
   * A host's resolved view without the catalog, with its package refs parsed once (a PackageRef
   * validates its name and version with two regexes), and the last answer with catalog metadata
   * (stamping a desired-state hash costs a serialization and a SHA-256).
   */
  private static final class Resolving {
    final ResolvedHost base;
    final PackageRef[] refs;
    volatile WithMeta last;

    Resolving(ResolvedHost base) {
      this.base = base;
      List<ResolvedHost.Package> prod = base.packages().production();
      List<ResolvedHost.Package> fail = base.packages().failsafe();
      refs = new PackageRef[prod.size() + fail.size()];
      for (int i = 0; i < refs.length; i++) {
        refs[i] = Refs.intern((i < prod.size() ? prod.get(i) : fail.get(i - prod.size())).ref());
      }
    }
  }

  private record WithMeta(PackageMeta[] metas, ResolvedHost host) {}

  private static ResolvedHost withMeta(ResolvedHost base, PackageMeta[] metas) {
    List<ResolvedHost.Package> prod = base.packages().production();
    List<ResolvedHost.Package> fail = base.packages().failsafe();
    return DesiredState.stamp(
        new ResolvedHost(
            base.hostname(),
            base.colo(),
            base.hostclass(),
            base.version(),
            base.revision(),
            null,
            new ResolvedHost.Packages(withMeta(prod, metas, 0), withMeta(fail, metas, prod.size())),
            base.params(),
            base.paramOrigins(),
            base.secrets()));
  }

  /** The same list when the catalog knows none of them. */
  private static List<ResolvedHost.Package> withMeta(
      List<ResolvedHost.Package> pkgs, PackageMeta[] metas, int from) {
    List<ResolvedHost.Package> out = null;
    for (int i = 0; i < pkgs.size(); i++) {
      PackageMeta m = metas[from + i];
      if (m != null) {
        if (out == null) {
          out = new ArrayList<>(pkgs);
        }
        ResolvedHost.Package p = pkgs.get(i);
        out.set(i, new ResolvedHost.Package(p.name(), p.version(), m.sha256(), m.size(), m.url()));
      }
    }
    return out == null ? pkgs : List.copyOf(out);
  }

  /**
   * The resolved host without the catalog, or empty when the host does not exist at this commit.
   */
  public Optional<ResolvedHost> resolvedIfExists(String hostname) {
    checkHostname(hostname);
    return repo.hasHost(hostname)
        ? Optional.of(resolved(hostname, PackageCatalog.EMPTY))
        : Optional.empty();
  }

  private ResolvedHost resolveBase(String hostname) {
    requireHost(hostname);
    ConfigRepo.Resolved r =
        repo.resolve(hostname).orElseThrow(() -> DomainException.notFound("no host " + hostname));
    Map<String, String> origins = new LinkedHashMap<>();
    r.params().origins().forEach((k, v) -> origins.put(k, v.name()));
    return DesiredState.stamp(
        new ResolvedHost(
            hostname,
            r.colo().name(),
            r.hostclass().name(),
            r.hostclass().version(),
            revision(),
            null,
            new ResolvedHost.Packages(
                bare(r.hostclass().production()), bare(r.hostclass().failsafe())),
            r.params().values(),
            origins,
            ResolvedHost.secretsOf(r.params().values())));
  }

  private static List<ResolvedHost.Package> bare(List<PackageRef> refs) {
    return refs.stream()
        .map(p -> new ResolvedHost.Package(p.name(), p.version(), null, null, null))
        .toList();
  }

  /**
   * The users foreman must true up on a host. A host whose own file parsed gets its grants even
   * when its hostclass or colo does not validate: accounts should not vanish over an unrelated
   * typo.
   */
  public HostUsers users(String hostname) {
    return memo(
        "users:" + hostname,
        () -> {
          requireHost(hostname);
          Host host = repo.hosts().get(hostname);
          if (host == null) {
            throw repo.hostErrors().get(hostname);
          }
          List<HostUsers.Account> accounts = new ArrayList<>();
          for (ConfigRepo.Grant g : repo.grants(host)) {
            User u = g.user();
            List<HostUsers.Dotfile> dots = new ArrayList<>();
            for (RepoFile.DotFile d : g.dotfiles()) {
              dots.add(
                  new HostUsers.Dotfile(
                      d.homePath(),
                      d.executable() ? "0755" : "0644",
                      Base64.getEncoder().encodeToString(d.content())));
            }
            accounts.add(
                new HostUsers.Account(
                    u.login(), u.uid(), u.comment(), u.shell(), u.groups(), u.sshKeys(), dots));
          }
          List<HostUsers.Skipped> skipped = new ArrayList<>();
          for (ValidationException e : repo.userErrors()) {
            String why = e.key() == null ? e.reason() : "key '" + e.key() + "': " + e.reason();
            skipped.add(new HostUsers.Skipped(e.file(), e.line(), why));
          }
          return new HostUsers(hostname, revision(), List.copyOf(accounts), List.copyOf(skipped));
        });
  }

  /** 400 for a malformed hostname, 404 (suggesting near names) for one not in the repo. */
  public void requireHost(String hostname) {
    checkHostname(hostname);
    if (!repo.hasHost(hostname)) {
      throw DomainException.notFound(
          "no host "
              + hostname
              + " (no host/"
              + hostname
              + ".yml at "
              + snapshot.shortRevision()
              + ")"
              + suggestions(hostname));
    }
  }

  /**
   * "; did you mean ..." with the hosts an operator probably meant: those whose name starts with
   * the one given ({@code web01} for {@code web01.nyc1}) or shares its first label ({@code
   * web01.nyc2} for {@code web01.sjc1}); empty when none.
   */
  private String suggestions(String hostname) {
    String first = hostname.split("\\.", 2)[0];
    TreeSet<String> all = new TreeSet<>(repo.hosts().keySet());
    all.addAll(repo.hostErrors().keySet());
    List<String> near =
        all.stream()
            .filter(h -> h.startsWith(hostname + ".") || h.split("\\.", 2)[0].equals(first))
            .limit(10)
            .toList();
    return near.isEmpty() ? "" : "; did you mean " + String.join(", ", near) + "?";
  }

  private static void checkHostname(String hostname) {
    if (!Names.isHostname(hostname)) {
      throw DomainException.badRequest(
          "malformed hostname '" + printable(hostname) + "': want a DNS name");
    }
  }

  // ---- hostclasses

  /** Hostclass names, including ones whose every version fails to validate. */
  public List<String> hostclassNames() {
    TreeSet<String> names = new TreeSet<>(repo.hostclasses().keySet());
    for (String path : repo.fileErrors().keySet()) {
      String[] p = path.split("/");
      if (p.length == 3 && p[0].equals("hostclass")) {
        names.add(p[1]);
      }
    }
    return List.copyOf(names);
  }

  /** A hostclass: its valid versions in version order, and the versions that fail with why. */
  public Map<String, Object> hostclass(String name) {
    requireHostclass(name);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    NavigableMap<String, HostclassVersion> versions = repo.hostclasses().get(name);
    out.put("versions", versions == null ? List.of() : List.copyOf(versions.keySet()));
    Map<String, String> invalid = new LinkedHashMap<>();
    repo.fileErrors()
        .forEach(
            (path, e) -> {
              if (path.startsWith("hostclass/" + name + "/")) {
                invalid.put(path, e.getMessage());
              }
            });
    if (!invalid.isEmpty()) {
      out.put("invalid", invalid);
    }
    return out;
  }

  /** One version of a hostclass: its packages and params. */
  public Map<String, Object> hostclassVersion(String name, String version) {
    requireHostclass(name);
    if (!Names.isVersion(version)) {
      throw DomainException.badRequest("malformed version '" + printable(version) + "'");
    }
    ValidationException e = repo.fileErrors().get("hostclass/" + name + "/" + version + ".yml");
    if (e != null) {
      throw e;
    }
    NavigableMap<String, HostclassVersion> versions = repo.hostclasses().get(name);
    HostclassVersion hc = versions == null ? null : versions.get(version);
    if (hc == null) {
      throw DomainException.notFound("hostclass " + name + " has no version " + version);
    }
    Map<String, Object> packages = new LinkedHashMap<>();
    packages.put("production", hc.production().stream().map(PackageRef::toString).toList());
    packages.put("failsafe", hc.failsafe().stream().map(PackageRef::toString).toList());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    out.put("version", version);
    out.put("packages", packages);
    out.put("params", new java.util.TreeMap<>(hc.params()));
    return out;
  }

  /** Hosts of a hostclass, optionally only those on one version. */
  public List<HostVersion> hostclassHosts(String name, String version) {
    requireHostclass(name);
    List<HostVersion> all = index.hostclassHosts(name);
    if (version == null) {
      return all;
    }
    if (!Names.isVersion(version)) {
      throw DomainException.badRequest("malformed version '" + printable(version) + "'");
    }
    return all.stream().filter(h -> h.version().equals(version)).toList();
  }

  private void requireHostclass(String name) {
    checkName("hostclass", name);
    if (!repo.hostclasses().containsKey(name) && !hostclassNames().contains(name)) {
      throw DomainException.notFound("no hostclass " + name + " (no hostclass/" + name + "/)");
    }
  }

  // ---- colos

  public List<String> coloNames() {
    TreeSet<String> names = new TreeSet<>(repo.colos().keySet());
    for (String path : repo.fileErrors().keySet()) {
      String[] p = path.split("/");
      if (p.length == 2 && p[0].equals("colo") && p[1].endsWith(".yml")) {
        names.add(p[1].substring(0, p[1].length() - 4));
      }
    }
    return List.copyOf(names);
  }

  /** A colo and its params. */
  public Map<String, Object> colo(String name) {
    requireColo(name);
    ValidationException e = repo.fileErrors().get("colo/" + name + ".yml");
    if (e != null) {
      throw e;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", name);
    out.put("params", new java.util.TreeMap<>(repo.colos().get(name).params()));
    return out;
  }

  public List<String> coloHosts(String name) {
    requireColo(name);
    return index.coloHosts(name);
  }

  private void requireColo(String name) {
    checkName("colo", name);
    if (!repo.hasColo(name)) {
      throw DomainException.notFound("no colo " + name + " (no colo/" + name + ".yml)");
    }
  }

  // ---- packages (served by the packages owner's routes)

  /** Hosts that get a package at this commit, with the version each gets; empty when none. */
  public List<HostVersion> packageHosts(String name) {
    checkName("package", name);
    return index.packageHosts(name);
  }

  private static void checkName(String what, String name) {
    if (!Names.isName(name)) {
      throw DomainException.badRequest(
          "malformed " + what + " name '" + printable(name) + "': want [a-z0-9][a-z0-9._-]*");
    }
  }

  static String printable(String s) {
    return s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
  }
}
