package io.roller.server.repo;

import io.roller.model.ConfigRepo;
import io.roller.model.RepoFile;
import io.roller.server.core.DomainException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.errors.LargeObjectException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;

/**
 * Turns a commit into a {@link Snapshot}: walks its four trees, reuses files parsed before (same
 * blob, path and mode, from the {@link ParseCache}) and reads and parses the rest in parallel,
 * refusing symlinks, submodules and files over the size limit as the model says.
 */
final class SnapshotLoader {
  private static final int MAX_FILE = RepoFile.MAX_BYTES;

  private final Repository repo;
  private final ParseCache parses = new ParseCache();

  SnapshotLoader(Repository repo) {
    this.repo = repo;
  }

  /**
   * Parses every repo file of a commit. Files whose blob, path and mode were parsed before are
   * reused; the rest are read and parsed in parallel. {@code asHead} prunes the reuse cache to this
   * commit, so it holds one tree's worth of parses.
   */
  Snapshot load(String commit, boolean asHead) {
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
      throw GitRepo.unavailable(e);
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

  int cachedParses() {
    return parses.size();
  }
}
