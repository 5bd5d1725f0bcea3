package io.roller.roll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The roll tests' fixture, one per test: a fresh temp dir, a {@link TestHost} root in it, the real
 * config server ({@link Fleet}) and a WireMock stand-in ({@link FakeServer}), each made when the
 * test first asks for it (on random loopback ports) and stopped, its services killed, and the dir
 * deleted after the test. Register it on an instance field:
 *
 * <pre>
 * &#64;RegisterExtension final RollExtension fixture = new RollExtension();
 * ...
 * fixture.fleet().host(List.of(fixture.fleet().publish("web", "1", gz)), Map.of());
 * assertEquals(0, fixture.roll().code());
 * </pre>
 */
public final class RollExtension implements BeforeEachCallback, AfterEachCallback {
  private Path dir;
  private TestHost host;
  private final List<TestHost> others = new ArrayList<>();
  private Fleet fleet;
  private FakeServer fake;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    if (dir != null) {
      // a static field: tests running at once would share one root and one server
      throw new IllegalStateException("register the roll fixture on an instance field");
    }
    dir = Files.createTempDirectory("roll-test");
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    // services first: they run in the root and may still talk to the servers
    try {
      for (TestHost h : hosts()) {
        h.close();
      }
    } finally {
      others.clear();
      host = null;
      try {
        closeServers();
      } finally {
        deleteTree(dir);
        dir = null;
      }
    }
  }

  private List<TestHost> hosts() {
    List<TestHost> all = new ArrayList<>(others);
    if (host != null) {
      all.add(0, host);
    }
    return all;
  }

  private void closeServers() {
    try {
      if (fake != null) {
        fake.close();
      }
    } finally {
      fake = null;
      if (fleet != null) {
        fleet.close();
        fleet = null;
      }
    }
  }

  /** Deletes the dir, read-only ones a roll left included; a leftover is no test failure. */
  private static void deleteTree(Path root) {
    if (root == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      List<Path> all = s.toList();
      all.stream()
          .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .forEach(d -> d.toFile().setWritable(true, true));
      all.stream().sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover temp dir is harmless, and must not hide the test's own failure
    }
  }

  /** The test's temp dir (root/ and fleet/ when made), for its own files too. */
  public Path dir() {
    if (dir == null) {
      throw new IllegalStateException(
          "the roll fixture is not running: register it with @RegisterExtension");
    }
    return dir;
  }

  /** The host to roll into: {@code dir()/root}. */
  public TestHost host() {
    if (host == null) {
      host = new TestHost(mkdirs("root"));
    }
    return host;
  }

  /** Another host, rooted at {@code dir()/name} (a fleet of hosts, a blank host to compare). */
  public TestHost host(String name) {
    TestHost h = new TestHost(mkdirs(name));
    others.add(h);
    return h;
  }

  /** The real config server serving {@link Fleet#HOSTNAME}, in {@code dir()/fleet}. */
  public Fleet fleet() {
    if (fleet == null) {
      fleet = Fleet.start(dir().resolve("fleet"));
    }
    return fleet;
  }

  /** The WireMock stand-in for a server that fails, stalls or lies. */
  public FakeServer fake() {
    dir();
    if (fake == null) {
      fake = new FakeServer();
    }
    return fake;
  }

  /** roll into {@link #host()} from {@link #fleet()}: --server, --hostname, {@code extra}. */
  public TestHost.Result roll(String... extra) {
    return host().roll(fleet().rollArgs(extra));
  }

  private Path mkdirs(String name) {
    try {
      return Files.createDirectories(dir().resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
