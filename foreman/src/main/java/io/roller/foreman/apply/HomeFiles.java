package io.roller.foreman.apply;

import io.roller.common.AtomicFiles;
import io.roller.common.Modes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes and removes files in users' homes under the root (their states are read before planning,
 * by read.HomeReader). Homes belong to their users, who may plant symlinks, so nothing here follows
 * one: a symlinked directory on the way is refused, and files are replaced by a rename of a fresh
 * O_EXCL temp file.
 */
public class HomeFiles {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Path root;

  public HomeFiles(Path root) {
    this.root = root;
  }

  /** The path inside the root for an absolute path of the host ("/home/jane/.bashrc"). */
  public Path under(String absolute) {
    return root.resolve(absolute.substring(1));
  }

  /**
   * Writes content to the absolute path atomically, owned by uid:gid with mode; directories between
   * the home and the file are made (privateParent: the parent is 0700, as ~/.ssh must be).
   */
  public void write(
      String home,
      String absolute,
      byte[] content,
      int mode,
      int uid,
      int gid,
      boolean privateParent)
      throws IOException {
    Path file = under(absolute);
    directories(home, file.getParent(), uid, gid, privateParent);
    AtomicFiles.replace(
        file,
        tmp -> {
          try (FileChannel ch =
              FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(content));
          }
          own(tmp, mode, uid, gid);
          return null;
        });
  }

  /** Removes a file (or a symlink itself) when its directory is a real one. */
  public void remove(String home, String absolute) throws IOException {
    Path file = under(absolute);
    checkInsideHome(home, file.getParent());
    if (Files.isDirectory(file.getParent(), NOFOLLOW)) {
      Files.deleteIfExists(file);
    }
  }

  private Path directories(String home, Path dir, int uid, int gid, boolean privateParent)
      throws IOException {
    Path h = checkInsideHome(home, dir);
    if (!Files.isDirectory(h, NOFOLLOW)) {
      throw new IOException("home " + home + " is missing or not a real directory");
    }
    Path at = h;
    for (Path seg : h.relativize(dir)) {
      at = at.resolve(seg);
      boolean last = at.equals(dir);
      if (Files.isSymbolicLink(at)) {
        throw new IOException(at + " is a symlink; foreman does not write through links in a home");
      }
      if (!Files.exists(at, NOFOLLOW)) {
        try {
          Files.createDirectory(at);
        } catch (FileAlreadyExistsException e) {
          throw new IOException(at + " appeared while foreman was writing; try again", e);
        }
        own(at, last && privateParent ? 0700 : 0755, uid, gid);
      } else if (!Files.isDirectory(at, NOFOLLOW)) {
        throw new IOException(at + " is not a directory");
      } else if (last && privateParent) {
        own(at, 0700, uid, gid);
      }
    }
    return dir;
  }

  private Path checkInsideHome(String home, Path dir) throws IOException {
    Path h = under(home).normalize();
    if (!dir.normalize().startsWith(h)) {
      throw new AccessDeniedException(dir + " is outside the home " + h);
    }
    return h;
  }

  private static void own(Path p, int mode, int uid, int gid) throws IOException {
    Files.setAttribute(p, "unix:uid", uid, NOFOLLOW);
    Files.setAttribute(p, "unix:gid", gid, NOFOLLOW);
    Files.setPosixFilePermissions(p, Modes.permissions(mode));
  }
}
