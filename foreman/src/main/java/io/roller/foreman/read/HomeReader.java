package io.roller.foreman.read;

import io.roller.foreman.etc.EtcFiles;
import io.roller.foreman.plan.Current;
import io.roller.foreman.plan.FileState;
import io.roller.foreman.plan.HomePaths;
import io.roller.foreman.plan.Managed;
import io.roller.model.HostUsers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads, before planning, the states of the home paths the plan may look at ({@link HomePaths}), so
 * the planner itself never touches the disk. Homes belong to their users, who may plant symlinks,
 * so nothing here follows one: a symlink reads as OTHER and is never opened.
 */
public final class HomeReader {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /**
   * Larger files are not read (a user could plant a huge one): they differ from any dotfile, so get
   * rewritten.
   */
  static final long MAX_COMPARED = 1 << 20;

  private final Path root;

  public HomeReader(Path root) {
    this.root = root;
  }

  /** The host as the planner sees it: etc and managed as read, plus the home states it needs. */
  public Current current(HostUsers want, EtcFiles etc, Managed managed) {
    Map<String, FileState> homes = new HashMap<>();
    for (String path : HomePaths.of(want, etc, managed)) {
      homes.put(path, state(path));
    }
    return new Current(etc, managed, homes);
  }

  /** What the absolute host path ("/home/jane/.bashrc") holds now; content only for files. */
  FileState state(String absolute) {
    Path p = root.resolve(absolute.substring(1));
    try {
      Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size", NOFOLLOW);
      int mode = (Integer) a.get("mode");
      int uid = (Integer) a.get("uid");
      int gid = (Integer) a.get("gid");
      int type = mode & 0170000;
      if (type == 0100000) {
        return new FileState(
            FileState.Kind.FILE,
            mode & 07777,
            uid,
            gid,
            (Long) a.get("size") > MAX_COMPARED ? null : read(p));
      }
      return new FileState(
          type == 0040000 ? FileState.Kind.DIRECTORY : FileState.Kind.OTHER,
          mode & 07777,
          uid,
          gid,
          null);
    } catch (NoSuchFileException e) {
      return FileState.ABSENT;
    } catch (IOException e) {
      // unreadable: OTHER, so nothing is written over it (a revoke's removal is still tried)
      return new FileState(FileState.Kind.OTHER, 0, -1, -1, null);
    }
  }

  /** At most MAX_COMPARED bytes, opened with O_NOFOLLOW; null when the file is larger. */
  private static byte[] read(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p, NOFOLLOW)) {
      byte[] b = in.readNBytes((int) MAX_COMPARED + 1);
      return b.length > MAX_COMPARED ? null : b;
    }
  }
}
