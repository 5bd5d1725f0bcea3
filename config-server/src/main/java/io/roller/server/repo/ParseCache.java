package io.roller.server.repo;

import io.roller.model.RepoFile;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Parsed repo files by git blob id, path and mode, so a new commit re-parses only the blobs it
 * changed. Pruned to the files of the branch head each time the head moves.
 */
final class ParseCache {
  /** What a parse depends on: the bytes (blob id), the path (it names the record) and the mode. */
  record Key(ObjectId blob, String path, int mode) {}

  private final ConcurrentHashMap<Key, RepoFile> parsed = new ConcurrentHashMap<>();

  RepoFile get(Key k) {
    return parsed.get(k);
  }

  void put(Key k, RepoFile f) {
    parsed.put(k, f);
  }

  /** Keeps only the entries of the given commit (the new head). */
  void retain(Collection<Key> keys) {
    Set<Key> keep = Set.copyOf(keys);
    parsed.keySet().retainAll(keep);
  }

  int size() {
    return parsed.size();
  }
}
