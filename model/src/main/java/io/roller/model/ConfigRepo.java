package io.roller.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One revision of the config repo, parsed and cross-checked. Every file's error is kept; a host is
 * only refused when its own file, its colo or its hostclass version is at fault, so one broken file
 * never takes the others down.
 */
public final class ConfigRepo {
  private final Map<String, Colo> colos = new TreeMap<>();
  private final Map<String, NavigableMap<String, HostclassVersion>> hostclasses = new TreeMap<>();
  private final Map<String, Host> hosts = new TreeMap<>();
  private final Map<String, User> users = new TreeMap<>();
  private final Map<String, List<RepoFile.DotFile>> dotfiles = new TreeMap<>();
  private final Map<String, ValidationException> fileErrors = new TreeMap<>();
  private final Map<String, ValidationException> hostErrors = new TreeMap<>();
  private final Map<String, ValidationException> coloErrors = new HashMap<>();
  private final Map<String, ValidationException> hostclassErrors = new HashMap<>();

  private ConfigRepo() {}

  /** A host with its colo, hostclass version and merged params. */
  public record Resolved(Host host, Colo colo, HostclassVersion hostclass, Params.Merged params) {}

  /** A user granted on a host, with the dotfiles of {@code users/<login>/home/}. */
  public record Grant(User user, List<RepoFile.DotFile> dotfiles) {}

  /** Assembles parsed files into a repo, running the cross-file checks. */
  public static ConfigRepo assemble(Collection<RepoFile> files) {
    ConfigRepo repo = new ConfigRepo();
    List<RepoFile> sorted = new ArrayList<>(files);
    sorted.sort((a, b) -> a.path().compareTo(b.path()));
    List<RepoFile.HostFile> hostFiles = new ArrayList<>();
    Map<Integer, String> uids = new HashMap<>();
    for (RepoFile f : sorted) {
      if (f.error() != null) {
        repo.fileErrors.put(f.path(), f.error());
      }
      if (f instanceof RepoFile.ColoFile c) {
        if (c.error() == null) {
          repo.colos.put(c.name(), c.colo());
        } else {
          repo.coloErrors.put(c.name(), c.error());
        }
      } else if (f instanceof RepoFile.HostclassFile h) {
        if (h.error() == null) {
          repo.hostclasses
              .computeIfAbsent(h.name(), k -> new TreeMap<>(Names::compareVersions))
              .put(h.version(), h.hostclass());
        } else {
          repo.hostclassErrors.put(h.name() + "/" + h.version(), h.error());
        }
      } else if (f instanceof RepoFile.HostFile h) {
        hostFiles.add(h);
      } else if (f instanceof RepoFile.UserFile u && u.error() == null) {
        String other = uids.putIfAbsent(u.user().uid(), u.path());
        if (other != null) {
          repo.fileErrors.put(
              u.path(),
              new ValidationException(
                  u.path(), 0, "uid", "uid " + u.user().uid() + " is already used by " + other));
        } else {
          repo.users.put(u.login(), u.user());
        }
      } else if (f instanceof RepoFile.DotFile d && d.error() == null) {
        repo.dotfiles.computeIfAbsent(d.login(), k -> new ArrayList<>()).add(d);
      }
    }
    for (RepoFile.HostFile h : hostFiles) {
      repo.addHost(h);
    }
    return repo;
  }

  private void addHost(RepoFile.HostFile f) {
    if (f.error() != null) {
      hostErrors.put(f.hostname(), f.error());
      return;
    }
    Host h = f.host();
    ValidationException e = crossCheck(f);
    if (e != null) {
      hostErrors.put(h.hostname(), e);
      if (e.file().equals(f.path())) {
        fileErrors.put(f.path(), e);
      }
    }
    hosts.put(h.hostname(), h);
  }

  private ValidationException crossCheck(RepoFile.HostFile f) {
    Host h = f.host();
    if (coloErrors.containsKey(h.colo())) {
      return coloErrors.get(h.colo());
    }
    if (!colos.containsKey(h.colo())) {
      return new ValidationException(
          f.path(),
          f.keyLines().getOrDefault("colo", 0),
          "colo",
          "colo '" + h.colo() + "' does not exist (no colo/" + h.colo() + ".yml)");
    }
    ValidationException hcError = hostclassErrors.get(h.hostclass() + "/" + h.version());
    if (hcError != null) {
      return hcError;
    }
    NavigableMap<String, HostclassVersion> versions = hostclasses.get(h.hostclass());
    if (versions == null) {
      return new ValidationException(
          f.path(),
          f.keyLines().getOrDefault("hostclass", 0),
          "hostclass",
          "hostclass '" + h.hostclass() + "' does not exist (no hostclass/" + h.hostclass() + "/)");
    }
    if (!versions.containsKey(h.version())) {
      return new ValidationException(
          f.path(),
          f.keyLines().getOrDefault("version", 0),
          "version",
          "hostclass '"
              + h.hostclass()
              + "' has no version "
              + h.version()
              + " (have: "
              + String.join(", ", versions.keySet())
              + ")");
    }
    return null;
  }

  /**
   * The host's resolution; empty when no such host file exists; throws when it does not validate.
   */
  public Optional<Resolved> resolve(String hostname) {
    ValidationException e = hostErrors.get(hostname);
    if (e != null) {
      throw e;
    }
    Host h = hosts.get(hostname);
    if (h == null) {
      return Optional.empty();
    }
    Colo c = colos.get(h.colo());
    HostclassVersion hc = hostclasses.get(h.hostclass()).get(h.version());
    return Optional.of(new Resolved(h, c, hc, Params.merge(c.params(), hc.params(), h.params())));
  }

  /** Users granted on a resolvable host, by login. */
  public List<Grant> grants(Host host) {
    List<Grant> out = new ArrayList<>();
    for (User u : users.values()) {
      if (u.access().grants(host.hostname(), host.colo(), host.hostclass())) {
        out.add(new Grant(u, dotfiles.getOrDefault(u.login(), List.of())));
      }
    }
    return out;
  }

  /** Errors of users/ files, which foreman reports and skips. */
  public List<ValidationException> userErrors() {
    List<ValidationException> out = new ArrayList<>();
    fileErrors.forEach(
        (path, e) -> {
          if (path.startsWith("users/")) {
            out.add(e);
          }
        });
    return out;
  }

  /** True when a host file with this name exists, valid or not. */
  public boolean hasHost(String hostname) {
    return hosts.containsKey(hostname) || hostErrors.containsKey(hostname);
  }

  public Map<String, Colo> colos() {
    return Collections.unmodifiableMap(colos);
  }

  /** Hostclass name to its versions, in version order. */
  public Map<String, NavigableMap<String, HostclassVersion>> hostclasses() {
    return Collections.unmodifiableMap(hostclasses);
  }

  /** Every host whose own file parsed, valid references or not; see {@link #hostErrors()}. */
  public Map<String, Host> hosts() {
    return Collections.unmodifiableMap(hosts);
  }

  public Map<String, User> users() {
    return Collections.unmodifiableMap(users);
  }

  /** Every file that failed, by path. */
  public Map<String, ValidationException> fileErrors() {
    return Collections.unmodifiableMap(fileErrors);
  }

  /** Hosts that cannot be resolved, with the error that names the file at fault. */
  public Map<String, ValidationException> hostErrors() {
    return Collections.unmodifiableMap(hostErrors);
  }

  /** True when a file of this colo exists, valid or not. */
  public boolean hasColo(String name) {
    return colos.containsKey(name) || coloErrors.containsKey(name);
  }
}
