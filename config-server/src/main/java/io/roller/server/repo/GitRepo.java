package io.roller.server.repo;

import io.roller.model.ConfigRepo;
import io.roller.model.RepoFile;
import io.roller.model.Sha256;
import io.roller.server.core.DomainException;
import io.roller.server.core.DomainException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/**
 * The config repo in git: a local repository (bare or not) read in place, or a remote one mirrored
 * into a bare clone under the cache dir. Reads only committed objects, never a working tree. All
 * JGit and I/O failures end here as {@link DomainException}s.
 */
public final class GitRepo implements AutoCloseable {
  private static final Pattern REV = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/+~^-]{0,199}");
  private static final int MAX_FILE = RepoFile.MAX_BYTES;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final Repository repo;
  private final String branch;
  private final String remote;
  private final ParseCache parses = new ParseCache();

  private GitRepo(Repository repo, String branch, String remote) {
    this.repo = repo;
    this.branch = branch;
    this.remote = remote;
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
    try (RevWalk walk = new RevWalk(repo);
        ObjectReader reader = repo.newObjectReader()) {
      RevCommit c = walk.parseCommit(ObjectId.fromString(commit));
      List<ParseCache.Key> keys = new ArrayList<>();
      List<RepoFile> files = new ArrayList<>();
      List<ParseCache.Key> todo = new ArrayList<>();
      try (TreeWalk tw = new TreeWalk(reader)) {
        tw.addTree(c.getTree());
        tw.setRecursive(true);
        tw.setFilter(PathFilterGroup.createFromStrings("colo", "hostclass", "host", "users"));
        while (tw.next()) {
          ParseCache.Key k =
              new ParseCache.Key(tw.getObjectId(0), tw.getPathString(), tw.getRawMode(0));
          keys.add(k);
          RepoFile f = parses.get(k);
          if (f != null) {
            files.add(f);
          } else {
            todo.add(k);
          }
        }
      }
      List<RepoFile> fresh = readAndParse(todo);
      files.addAll(fresh);
      if (asHead) {
        parses.retain(keys);
      }
      files.removeIf(f -> f == null);
      ConfigRepo config = ConfigRepo.assemble(files);
      return new Snapshot(
          c.name(), Instant.ofEpochSecond(c.getCommitTime()), config, keys.size(), todo.size());
    } catch (MissingObjectException e) {
      throw DomainException.notFound("commit " + commit + " is not in the repo");
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  private record Pending(ParseCache.Key key, byte[] content) {}

  /**
   * Reads and parses blobs, in one chunk per core when there are many (a cold start reads every
   * file of the repo); an ObjectReader is not thread-safe, so each chunk has its own.
   */
  private List<RepoFile> readAndParse(List<ParseCache.Key> keys) throws IOException {
    int chunks =
        Math.min(Runtime.getRuntime().availableProcessors(), Math.max(1, keys.size() / 256));
    if (chunks == 1) {
      return readAndParseChunk(keys);
    }
    int size = (keys.size() + chunks - 1) / chunks;
    List<List<ParseCache.Key>> parts = new ArrayList<>();
    for (int i = 0; i < keys.size(); i += size) {
      parts.add(keys.subList(i, Math.min(keys.size(), i + size)));
    }
    try {
      return parts.parallelStream()
          .flatMap(
              part -> {
                try {
                  return readAndParseChunk(part).stream();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private List<RepoFile> readAndParseChunk(List<ParseCache.Key> keys) throws IOException {
    List<RepoFile> out = new ArrayList<>(keys.size());
    try (ObjectReader reader = repo.newObjectReader()) {
      for (ParseCache.Key k : keys) {
        out.add(parse(new Pending(k, read(reader, k))));
      }
    }
    return out;
  }

  private static byte[] read(ObjectReader reader, ParseCache.Key k) throws IOException {
    if (k.mode() == FileMode.GITLINK.getBits()) {
      return null;
    }
    // getCachedBytes(limit) returns any object JGit does not call large (under 50 MiB) whatever
    // the limit, so the size is checked first; a big blob is then never read at all.
    ObjectLoader loader = reader.open(k.blob(), Constants.OBJ_BLOB);
    if (loader.getSize() > MAX_FILE) {
      return null;
    }
    try {
      return loader.getCachedBytes(MAX_FILE);
    } catch (LargeObjectException e) {
      return null;
    }
  }

  private RepoFile parse(Pending p) {
    String path = p.key().path();
    int mode = p.key().mode();
    RepoFile f;
    if (mode == FileMode.SYMLINK.getBits()) {
      f = refused(path, "is a symlink; the config repo holds regular files only");
    } else if (p.content() == null) {
      f =
          mode == FileMode.GITLINK.getBits()
              ? refused(path, "is a submodule")
              : RepoFile.tooLarge(path);
    } else {
      f = RepoFile.parse(path, p.content(), mode == FileMode.EXECUTABLE_FILE.getBits());
    }
    if (f != null) {
      parses.put(p.key(), f);
    }
    return f;
  }

  private static RepoFile refused(String path, String reason) {
    return RepoFile.refused(path, reason);
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
    try (Git git = new Git(repo);
        DiffFormatter df = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      df.setRepository(repo);
      var cmd = git.log().add(ObjectId.fromString(from)).setMaxCount(limit);
      if (path != null && !path.isEmpty()) {
        cmd.addPath(path);
        // Each commit's file list is then the files under the path, not every file it changed.
        df.setPathFilter(PathFilterGroup.createFromStrings(path));
      }
      List<LogEntry> out = new ArrayList<>();
      for (RevCommit c : cmd.call()) {
        List<String> files = new ArrayList<>();
        for (DiffEntry d : df.scan(parentTree(c), tree(c))) {
          files.add(
              d.getChangeType() == DiffEntry.ChangeType.DELETE ? d.getOldPath() : d.getNewPath());
        }
        var who = c.getAuthorIdent();
        String time =
            TIME.format(
                who.getWhenAsInstant()
                    .atZone(who.getZoneId() != null ? who.getZoneId() : ZoneOffset.UTC));
        out.add(
            new LogEntry(
                c.name(),
                who.getName(),
                who.getEmailAddress(),
                time,
                c.getFullMessage().strip(),
                files));
      }
      return out;
    } catch (GitAPIException | IOException e) {
      throw unavailable(e);
    }
  }

  /** The git diff between two commits, file by file, with unified patches. */
  public List<FileChange> diff(String from, String to) {
    try (RevWalk walk = new RevWalk(repo);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DiffFormatter df = new DiffFormatter(buf)) {
      df.setRepository(repo);
      df.setDetectRenames(true);
      RevCommit a = walk.parseCommit(ObjectId.fromString(from));
      RevCommit b = walk.parseCommit(ObjectId.fromString(to));
      List<FileChange> out = new ArrayList<>();
      for (DiffEntry d : df.scan(a.getTree(), b.getTree())) {
        buf.reset();
        df.format(d);
        df.flush();
        String path =
            d.getChangeType() == DiffEntry.ChangeType.DELETE ? d.getOldPath() : d.getNewPath();
        String old =
            d.getChangeType() == DiffEntry.ChangeType.ADD || d.getOldPath().equals(path)
                ? null
                : d.getOldPath();
        out.add(
            new FileChange(
                path, old, d.getChangeType().name(), buf.toString(StandardCharsets.UTF_8)));
      }
      return out;
    } catch (IOException e) {
      throw unavailable(e);
    }
  }

  private AbstractTreeIterator parentTree(RevCommit c) throws IOException {
    if (c.getParentCount() == 0) {
      return new EmptyTreeIterator();
    }
    try (RevWalk walk = new RevWalk(repo)) {
      return parser(walk.parseCommit(c.getParent(0)));
    }
  }

  private AbstractTreeIterator tree(RevCommit c) throws IOException {
    return parser(c);
  }

  private AbstractTreeIterator parser(RevCommit c) throws IOException {
    CanonicalTreeParser p = new CanonicalTreeParser();
    try (ObjectReader r = repo.newObjectReader()) {
      p.reset(r, c.getTree());
    }
    return p;
  }

  /** How many parsed files the reuse cache holds (for metrics and tests). */
  public int cachedParses() {
    return parses.size();
  }

  private static DomainException unavailable(Exception e) {
    return new DomainException(Kind.UNAVAILABLE, "git: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    repo.close();
  }
}
