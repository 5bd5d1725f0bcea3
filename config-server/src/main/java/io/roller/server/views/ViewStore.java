package io.roller.server.views;

import io.roller.server.core.DomainException;
import io.roller.server.repo.GitRepo;
import io.roller.server.repo.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The served views: the branch head as one immutable {@link RepoView} swapped atomically on refresh
 * (readers never wait for a fetch or a parse), plus a few recently pinned revisions.
 */
public final class ViewStore implements PackageHosts {
  private static final Logger LOG = LoggerFactory.getLogger(ViewStore.class);
  private static final int RECENT = 16;

  private final GitRepo git;
  private final AtomicReference<RepoView> current = new AtomicReference<>();
  private final Map<String, RepoView> recent =
      new LinkedHashMap<>(RECENT, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RepoView> e) {
          return size() > RECENT;
        }
      };
  private final Object refreshLock = new Object();
  private final Map<String, CompletableFuture<RepoView>> loading = new ConcurrentHashMap<>();
  private final AtomicLong fetchFailures = new AtomicLong();
  private volatile Instant lastFetch;
  private volatile String fetchError;
  private volatile Duration pollEvery;
  private volatile Instant lastPoll = Instant.now();
  private volatile String pollError;

  /** What a refresh did. */
  public record Refresh(
      String previous,
      String revision,
      boolean changed,
      long millis,
      int parsed,
      String fetchError) {}

  /**
   * Health of the poller: when it last finished a round and how that round failed (null when it did
   * not); {@code stalled} once no round has finished for three intervals plus 10 s.
   */
  public record PollStatus(Duration every, Instant last, String error, boolean stalled) {}

  /** Health of the remote: the last good fetch and the last error (null once a fetch succeeds). */
  public record RemoteStatus(boolean remote, Instant lastFetch, String error, long failures) {}

  public ViewStore(GitRepo git) {
    this.git = git;
  }

  /** Loads the branch head; the first answer is ready when this returns. */
  public void start() {
    refresh();
  }

  public RepoView current() {
    RepoView v = current.get();
    if (v == null) {
      throw new DomainException(DomainException.Kind.UNAVAILABLE, "no revision loaded yet");
    }
    return v;
  }

  /** The head's view, or null before the first load (for a path that must not throw). */
  public RepoView currentOrNull() {
    return current.get();
  }

  /** The view of a revision (commit id, branch or tag); the head when rev is null or empty. */
  public RepoView at(String rev) {
    RepoView head = current();
    if (rev == null || rev.isEmpty() || rev.equals(head.revision())) {
      return head;
    }
    String id =
        git.resolve(rev).orElseThrow(() -> DomainException.notFound("no revision '" + rev + "'"));
    if (id.equals(head.revision())) {
      return head;
    }
    RepoView v;
    synchronized (recent) {
      v = recent.get(id);
    }
    return v != null ? v : load(id);
  }

  /**
   * Loads a pinned revision once: requests for the same commit wait for that one load, requests for
   * other commits (and for the head) go on meanwhile.
   */
  private RepoView load(String id) {
    CompletableFuture<RepoView> mine = new CompletableFuture<>();
    CompletableFuture<RepoView> running = loading.putIfAbsent(id, mine);
    if (running != null) {
      try {
        return running.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    try {
      // patched from the head's index when few hosts differ (a branch of a few commits)
      RepoView v = new RepoView(git.load(id, false), git, current.get());
      synchronized (recent) {
        recent.put(id, v);
      }
      mine.complete(v);
      return v;
    } catch (RuntimeException | Error e) {
      // an Error too (a heap or stack exhausted by one revision): else later requests for this
      // commit would wait forever on a future nobody completes
      mine.completeExceptionally(e);
      throw e;
    } finally {
      loading.remove(id);
    }
  }

  /** Says that a poller runs every {@code every}; from then on /healthz watches it. */
  public void polling(Duration every) {
    lastPoll = Instant.now();
    pollEvery = every;
  }

  /** One poll round ended, with its failure or null. */
  public void polled(Instant at, String error) {
    lastPoll = at;
    pollError = error;
  }

  /** The poller's health at {@code now}; never stalled when nothing polls. */
  public PollStatus pollStatus(Instant now) {
    Duration every = pollEvery;
    Instant last = lastPoll;
    boolean stalled =
        every != null
            && Duration.between(last, now).compareTo(every.multipliedBy(3).plusSeconds(10)) > 0;
    return new PollStatus(every, last, pollError, stalled);
  }

  @Override
  public Answer hostsUsing(String name, String rev) {
    RepoView v = at(rev);
    return new Answer(v.revision(), v.packageHosts(name));
  }

  /** Resolves a revision to a commit id without loading it. */
  public String commitOf(String rev) {
    return git.resolve(rev)
        .orElseThrow(() -> DomainException.notFound("no revision '" + rev + "'"));
  }

  /**
   * Fetches the remote (if any) and serves the branch head. A failed fetch keeps the last good
   * revision and is reported in the result, /healthz and /metrics. One refresh at a time.
   */
  public Refresh refresh() {
    synchronized (refreshLock) {
      long t0 = System.nanoTime();
      String error = null;
      if (git.isRemote()) {
        try {
          git.fetch();
          lastFetch = Instant.now();
          fetchError = null;
        } catch (DomainException e) {
          error = e.getMessage();
          fetchError = error;
          fetchFailures.incrementAndGet();
          LOG.warn("fetch failed, still serving {}: {}", shortRev(current.get()), error);
        }
      }
      RepoView old = current.get();
      String head = git.head();
      if (old != null && old.revision().equals(head)) {
        return new Refresh(head, head, false, (System.nanoTime() - t0) / 1_000_000, 0, error);
      }
      Snapshot s = git.load(head, true);
      RepoView v = new RepoView(s, git, old);
      current.set(v);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      LOG.info(
          "serving revision {} ({} hosts, {} files, {} parsed, {} invalid) in {} ms",
          s.shortRevision(),
          v.hostCount(),
          s.files(),
          s.parsed(),
          s.config().fileErrors().size(),
          ms);
      s.config()
          .fileErrors()
          .values()
          .forEach(e -> LOG.warn("revision {}: {}", s.shortRevision(), e.getMessage()));
      return new Refresh(old == null ? null : old.revision(), head, true, ms, s.parsed(), error);
    }
  }

  private static String shortRev(RepoView v) {
    return v == null ? "nothing" : v.snapshot().shortRevision();
  }

  public RemoteStatus remoteStatus() {
    return new RemoteStatus(git.isRemote(), lastFetch, fetchError, fetchFailures.get());
  }

  public String branch() {
    return git.branch();
  }

  /** git log from a view's commit. */
  public java.util.List<io.roller.server.repo.LogEntry> log(RepoView from, String path, int limit) {
    return git.log(from.revision(), path, limit);
  }

  /** A file as committed in a view's revision, if it is there (the web UI's file page). */
  public java.util.Optional<byte[]> read(RepoView at, String path) {
    return git.read(at.revision(), path);
  }

  /** git diff between two commits. */
  public java.util.List<io.roller.server.repo.FileChange> diff(String from, String to) {
    return git.diff(from, to);
  }
}
