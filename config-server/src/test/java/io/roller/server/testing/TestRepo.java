package io.roller.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A real git repository (non-bare, branch {@code main}) in a directory, for tests: write files,
 * commit, and hand its path or file:// URL to a config server.
 */
public final class TestRepo implements AutoCloseable {
  private static final PersonIdent AUTHOR = new PersonIdent("Test Author", "test@example.com");

  private final Path dir;
  private final Git git;
  private final String url;

  private TestRepo(Path dir, Git git) {
    this.dir = dir;
    this.git = git;
    // taken while the dir exists: a test may move it away, and the URL must not change with it
    this.url = dir.toUri().toString();
  }

  /** An empty repo (no commit yet) in {@code dir}. */
  public static TestRepo empty(Path dir) {
    try {
      Files.createDirectories(dir);
      Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
      return new TestRepo(dir, git);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A repo holding a copy of {@code configRepoDir}, committed as the first commit. */
  public static TestRepo copyOf(Path configRepoDir, Path dir) {
    TestRepo repo = empty(dir);
    try (Stream<Path> files = Files.walk(configRepoDir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        if (Files.isRegularFile(p)) {
          Path to = dir.resolve(configRepoDir.relativize(p).toString());
          Files.createDirectories(to.getParent());
          Files.copy(p, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    repo.commit("Import the example config-repo");
    return repo;
  }

  /** A repo holding a copy of the project's example fleet, {@code config-repo/}. */
  public static TestRepo exampleFleet(Path dir) {
    return copyOf(configRepoDir(), dir);
  }

  /** The project's {@code config-repo/}, found from the working directory upwards. */
  public static Path configRepoDir() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      Path c = p.resolve("config-repo");
      if (Files.isDirectory(c.resolve("host"))) {
        return c;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("no config-repo/ above " + Path.of("").toAbsolutePath());
  }

  /**
   * A 622-byte host file for web02.nyc1 whose params are 25 levels of aliases doubling: 2^25 nodes
   * once expanded (issue 10).
   */
  public static String aliasBomb() {
    StringBuilder b = new StringBuilder("colo: nyc1\nhostclass: web\nversion: 2\nparams:\n");
    b.append("  l0: &l0 [x, x]\n");
    for (int i = 1; i < 25; i++) {
      b.append("  l").append(i).append(": &l").append(i);
      b.append(" [*l").append(i - 1).append(", *l").append(i - 1).append("]\n");
    }
    return b.toString();
  }

  /** Writes a file (creating directories); not committed until {@link #commit}. */
  public TestRepo write(String path, String text) {
    return write(path, text.getBytes(StandardCharsets.UTF_8));
  }

  public TestRepo write(String path, byte[] content) {
    try {
      Path p = dir.resolve(path);
      Files.createDirectories(p.getParent());
      Files.deleteIfExists(p);
      Files.write(p, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets or clears the executable bit (git records it as mode 100755). */
  public TestRepo executable(String path, boolean executable) {
    try {
      Files.setPosixFilePermissions(
          dir.resolve(path),
          PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes {@code path} a symbolic link to {@code target} (git records it as a symlink). */
  public TestRepo symlink(String path, String target) {
    try {
      Path p = dir.resolve(path);
      Files.createDirectories(p.getParent());
      Files.deleteIfExists(p);
      Files.createSymbolicLink(p, Path.of(target));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes a file from the working tree; the deletion is committed by {@link #commit}. */
  public TestRepo delete(String path) {
    try {
      Files.delete(dir.resolve(path));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stages everything (new, changed and deleted files) and commits; returns the commit id. */
  public String commit(String message) {
    try {
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      RevCommit c =
          git.commit()
              .setMessage(message)
              .setAuthor(AUTHOR)
              .setCommitter(AUTHOR)
              .setAllowEmpty(true)
              .call();
      return c.name();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates a branch at the current commit. */
  public TestRepo branch(String name) {
    try {
      git.branchCreate().setName(name).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates a lightweight tag at the current commit. */
  public TestRepo tag(String name) {
    try {
      git.tag().setName(name).setAnnotated(false).call();
      return this;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The commit id at the tip of {@code main}. */
  public String head() {
    try {
      return git.getRepository().resolve("refs/heads/main").name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The working tree (the repo's local path for {@code --repo}). */
  public Path path() {
    return dir;
  }

  /** The repo as a file:// URL, so a server treats it as a remote and clones it. */
  public String url() {
    return url;
  }

  @Override
  public void close() {
    git.close();
  }
}
