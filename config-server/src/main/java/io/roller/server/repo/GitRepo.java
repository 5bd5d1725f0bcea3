package io.roller.server.repo;

import io.roller.model.RepoFile;
import io.roller.model.Sha256;
import io.roller.server.core.DomainException;
import io.roller.server.core.DomainException.Kind;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The config repo in git: a local repository (bare or not) read in place, or a remote one mirrored
 * into a bare clone under the cache dir. Reads only committed objects, never a working tree. All
 * JGit and I/O failures end here as {@link DomainException}s.
 */
public final class GitRepo implements AutoCloseable {
  private static final Pattern REV = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/+~^-]{0,199}");
  private static final int MAX_FILE = RepoFile.MAX_BYTES;

  private final Repository repo;
  private final String branch;
  private final String remote;
  private final SnapshotLoader loader;
  private final History history;

  private GitRepo(Repository repo, String branch, String remote) {
    this.repo = repo;
    this.branch = branch;
    this.remote = remote;
    this.loader = new SnapshotLoader(repo);
    this.history = new History(repo);
  }

  /** True for anything git would treat as a URL (scheme:// or scp-like user@host:path). */
  public static boolean isRemote(String location) {
    return location.contains("://") || location.matches("[^/\\s]+@[^/\\s]+:.*");
  }

  /**
   * Opens a local repo, or mirrors a remote one into {@code cacheDir} and fetches it once. Fails
   * when the repo cannot be opened, or a remote cannot be fetched and nothing is cached yet.
   */
  public static GitRepo open(String location, String branch, Path cacheDir) {
    try {
      if (!isRemote(location)) {
        File dir = new File(location);
        if (!dir.isDirectory()) {
          throw new DomainException(Kind.NOT_FOUND, "repo " + location + " is not a directory");
        }
        Repository r =
            new FileRepositoryBuilder()
                .setMustExist(true)
                .readEnvironment()
                .setGitDir(new File(dir, ".git").isDirectory() ? new File(dir, ".git") : dir)
                .build();
        return new GitRepo(r, branch, null);
      }
      Path mirror = cacheDir.resolve(mirrorName(location));
      boolean fresh = !Files.isDirectory(mirror.resolve("objects"));
      if (fresh) {
        Files.createDirectories(mirror);
        Git.init().setBare(true).setDirectory(mirror.toFile()).call().close();
      }
      Repository r =
          new FileRepositoryBuilder().setGitDir(mirror.toFile()).setMustExist(true).build();
      GitRepo g = new GitRepo(r, branch, location);
      try {
        g.fetch();
      } catch (DomainException e) {
        if (fresh || g.headIfAny().isEmpty()) {
          g.close();
          throw e;
        }
        // a cached mirror exists: serve its last good revision; the poller retries
      }
      return g;
    } catch (IOException | GitAPIException | IllegalArgumentException e) {
      throw new DomainException(
          Kind.UNAVAILABLE, "cannot open repo " + location + ": " + e.getMessage(), e);
    }
  }

  private static String mirrorName(String url) {
    String h = Sha256.of(url.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    String tail = url.replaceAll(".*[/:]", "").replaceAll("[^A-Za-z0-9._-]", "_");
    return tail + "-" + h + ".git";
  }

  public boolean isRemote() {
    return remote != null;
  }

  public String branch() {
    return branch;
  }

  /** Mirrors the remote's branches and tags; a no-op for a local repo. */
  public void fetch() {
    if (remote == null) {
      return;
    }
    try (Git git = new Git(repo)) {
      git.fetch()
          .setRemote(remote)
          .setRefSpecs(
              new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
          .setRemoveDeletedRefs(true)
          .setTimeout(30)
          .call();
    } catch (GitAPIException | RuntimeException e) {
      throw new DomainException(
          Kind.UNAVAILABLE, "cannot fetch " + remote + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
  }

  /** The commit at the tip of the served branch. */
  public String head() {
    return headIfAny()
        .orElseThrow(
            () ->
                new DomainException(
                    Kind.UNAVAILABLE,
                    "branch '"
                        + branch
                        + "' does not exist in "
                        + (remote != null ? remote : repo.getDirectory())));
  }

  private Optional<String> headIfAny() {
    try {
      Ref ref = repo.exactRef(Constants.R_HEADS + branch);
      return ref == null || ref.getObjectId() == null
          ? Optional.empty()
          : Optional.of(ref.getObjectId().name());
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  /** A commit id, branch or tag to the commit it names; empty when it names nothing. */
  public Optional<String> resolve(String rev) {
    if (!REV.matcher(rev).matches() || rev.contains("..") || rev.contains("//")) {
      throw DomainException.badRequest(
          "malformed rev '" + printable(rev) + "': want a commit id, branch or tag");
    }
    try {
      ObjectId id = repo.resolve(rev + "^{commit}");
      return Optional.ofNullable(id).map(ObjectId::name);
    } catch (AmbiguousObjectException e) {
      throw DomainException.badRequest("rev '" + rev + "' is ambiguous; give more digits");
    } catch (RevisionSyntaxException e) {
      throw DomainException.badRequest("malformed rev '" + printable(rev) + "'");
    } catch (MissingObjectException | org.eclipse.jgit.errors.IncorrectObjectTypeException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  static String printable(String s) {
    return s.replaceAll("\\p{Cntrl}", "?");
  }

  /**
   * Parses every repo file of a commit. Files whose blob, path and mode were parsed before are
   * reused; the rest are read and parsed in parallel. {@code asHead} prunes the reuse cache to this
   * commit, so it holds one tree's worth of parses.
   */
  public Snapshot load(String commit, boolean asHead) {
    return loader.load(commit, asHead);
  }

  /** The bytes of a file at a commit, if it is there. */
  public Optional<byte[]> read(String commit, String path) {
    try (RevWalk walk = new RevWalk(repo)) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
      try (TreeWalk tw = TreeWalk.forPath(repo, path, c.getTree())) {
        if (tw == null) {
          return Optional.empty();
        }
        return Optional.of(
            repo.open(tw.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(MAX_FILE));
      }
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  /**
   * Newest first, from a commit, optionally only commits touching a path (and of each, only its
   * files under that path), at most {@code limit}.
   */
  public List<LogEntry> log(String from, String path, int limit) {
    return history.log(from, path, limit);
  }

  /** The git diff between two commits, file by file, with unified patches. */
  public List<FileChange> diff(String from, String to) {
    return history.diff(from, to);
  }

  /** How many parsed files the reuse cache holds (for metrics and tests). */
  public int cachedParses() {
    return loader.cachedParses();
  }

  static DomainException unavailable(Exception e) {
    return new DomainException(Kind.UNAVAILABLE, "git: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    repo.close();
  }
}
