package io.roller.server.repo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.util.io.DisabledOutputStream;

/** The git history of the served repo: commit logs with their files, and diffs with patches. */
final class History {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final Repository repo;

  History(Repository repo) {
    this.repo = repo;
  }

  /**
   * Newest first, from a commit, optionally only commits touching a path (and of each, only its
   * files under that path), at most {@code limit}.
   */
  List<LogEntry> log(String from, String path, int limit) {
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
      throw GitRepo.unavailable(e);
    }
  }

  /** The git diff between two commits, file by file, with unified patches. */
  List<FileChange> diff(String from, String to) {
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
      throw GitRepo.unavailable(e);
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
}
