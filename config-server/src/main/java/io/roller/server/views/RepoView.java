package io.roller.server.views;

import io.roller.model.ConfigRepo;
import io.roller.model.HostUsers;
import io.roller.model.Names;
import io.roller.model.ResolvedHost;
import io.roller.model.ValidationException;
import io.roller.model.YamlNode;
import io.roller.server.core.DomainException;
import io.roller.server.packages.PackageCatalog;
import io.roller.server.packages.PackageMeta;
import io.roller.server.repo.GitRepo;
import io.roller.server.repo.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The views of one commit. Immutable apart from its two memos, which keep what was computed once so
 * a commit is parsed and rendered once: one keyed by string for route-wide values (and, for the
 * http layer, serialized bodies), and one {@link HostEntry} per host for everything computed per
 * host, which every {@code /resolved} reads with one lookup by hostname.
 */
public final class RepoView {
  private static final int MEMO_LIMIT = 200_000;

  private final Snapshot snapshot;
  private final ConfigRepo repo;
  private final HostIndex index;
  private final GitRepo git;
  private final Definitions definitions;
  private final ConcurrentHashMap<String, Object> memo = new ConcurrentHashMap<>();

  /** Only hosts that exist at this commit get an entry, so it is bounded by the repo. */
  private final ConcurrentHashMap<String, HostEntry> hosts = new ConcurrentHashMap<>();

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
    this.definitions = new Definitions(repo);
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
  public HostFile hostFile(String hostname) {
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
    Map<String, Object> stored = new LinkedHashMap<>();
    if (doc instanceof Map<?, ?> m) {
      m.forEach((k, v) -> stored.put(String.valueOf(k), v));
    }
    return new HostFile(hostname, stored);
  }

  /**
   * The resolved host with package sha256, size and url from the catalog where it has them. This is
   * every {@code GET /host/{h}/resolved}'s path, so a known host costs one map lookup plus one
   * catalog lookup per package, and the same catalog answers give the very same object.
   */
  public ResolvedHost resolved(String hostname, PackageCatalog catalog) {
    HostEntry e = hosts.get(hostname);
    Resolution.Base base = e == null ? null : e.base();
    if (base == null) {
      base = Resolution.Base.of(resolveBase(hostname));
      Resolution.Base b = base;
      update(hostname, x -> x.withBase(b));
    }
    PackageMeta[] metas = base.metas(catalog);
    if (metas == null) {
      return base.host();
    }
    Resolution.Stamped last = e == null ? null : e.stamped();
    if (last != null && Arrays.equals(last.metas(), metas)) {
      return last.host();
    }
    ResolvedHost r = Resolution.withMeta(base.host(), metas);
    update(hostname, x -> x.withStamped(new Resolution.Stamped(metas, r)));
    return r;
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
    return Resolution.resolve(r, hostname, revision());
  }

  /** The users foreman must true up on a host (see {@link UsersView#of}). */
  public HostUsers users(String hostname) {
    HostEntry e = hosts.get(hostname);
    if (e != null && e.users() != null) {
      return e.users();
    }
    requireHost(hostname);
    HostUsers u = UsersView.of(repo, hostname, revision());
    update(hostname, x -> x.withUsers(u));
    return u;
  }

  /**
   * The http layer's rendered bodies of a host at this commit, as it last kept them, or null. They
   * live with the rest of the host's entry, so a new commit drops them together.
   */
  public Object rendered(String hostname) {
    HostEntry e = hosts.get(hostname);
    return e == null ? null : e.rendered();
  }

  /** Keeps a host's rendered bodies; only for a host that resolved here, which bounds the map. */
  public void rendered(String hostname, Object bodies) {
    update(hostname, x -> x.withRendered(bodies));
  }

  /**
   * Replaces one part of a host's entry atomically (the change is cheap: what it holds was computed
   * before), so parts set by concurrent requests are not lost.
   */
  private void update(String hostname, UnaryOperator<HostEntry> change) {
    hosts.compute(hostname, (h, x) -> change.apply(x == null ? HostEntry.NONE : x));
  }

  /** 400 for a malformed hostname, 404 (suggesting near names) for one not in the repo. */
  public void requireHost(String hostname) {
    checkHostname(hostname);
    if (!repo.hasHost(hostname)) {
      throw HostNotFound.of(repo, hostname, snapshot.shortRevision());
    }
  }

  private static void checkHostname(String hostname) {
    if (!Names.isHostname(hostname)) {
      throw DomainException.badRequest(
          "malformed hostname '" + Definitions.printable(hostname) + "': want a DNS name");
    }
  }

  // ---- hostclasses and colos

  public List<String> hostclassNames() {
    return definitions.hostclassNames();
  }

  /** A hostclass: its valid versions in version order, and the versions that fail with why. */
  public HostclassView hostclass(String name) {
    return definitions.hostclass(name);
  }

  /** One version of a hostclass: its packages and params. */
  public HostclassVersionView hostclassVersion(String name, String version) {
    return definitions.hostclassVersion(name, version);
  }

  /** Hosts of a hostclass, optionally only those on one version. */
  public List<HostVersion> hostclassHosts(String name, String version) {
    definitions.requireHostclass(name);
    List<HostVersion> all = index.hostclassHosts(name);
    if (version == null) {
      return all;
    }
    Definitions.requireVersion(version);
    return all.stream().filter(h -> h.version().equals(version)).toList();
  }

  /** Colo names, including ones whose file fails to validate. */
  public List<String> coloNames() {
    return definitions.coloNames();
  }

  /** A colo and its params. */
  public ColoView colo(String name) {
    return definitions.colo(name);
  }

  public List<String> coloHosts(String name) {
    definitions.requireColo(name);
    return index.coloHosts(name);
  }

  // ---- packages (served by the packages owner's routes)

  /** Hosts that get a package at this commit, with the version each gets; empty when none. */
  public List<HostVersion> packageHosts(String name) {
    Definitions.checkName("package", name);
    return index.packageHosts(name);
  }
}
