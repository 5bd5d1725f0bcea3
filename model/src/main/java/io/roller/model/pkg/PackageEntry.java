package io.roller.model.pkg;

/**
 * One validated entry of a package.
 *
 * @param path normalized, relative to /usr/local, no leading "./", no trailing "/"
 * @param type file, directory or symlink (nothing else passes validation)
 * @param mode permission bits (0777 mask, o+w cleared; a directory also keeps its sticky bit
 *     01000); setuid/setgid never get this far
 * @param size content length of a file, 0 otherwise
 * @param linkTarget the symlink's target as stored (relative, stays in the tree), null otherwise
 */
public record PackageEntry(String path, Type type, int mode, long size, String linkTarget) {
  /** The only entry kinds a package may hold. */
  public enum Type {
    FILE,
    DIRECTORY,
    SYMLINK
  }

  public boolean isExecutable() {
    return (mode & 0111) != 0;
  }
}
