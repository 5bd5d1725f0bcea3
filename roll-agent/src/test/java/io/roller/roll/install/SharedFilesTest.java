package io.roller.roll.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.ResolvedHost;
import io.roller.model.pkg.PackageEntry;
import io.roller.model.pkg.Tarballs;
import io.roller.roll.Fleet;
import io.roller.roll.RollExtension;
import io.roller.roll.TestHost;
import io.roller.roll.core.Layout;
import io.roller.roll.plan.GenerationRecord;
import io.roller.roll.plan.Step;
import java.io.ByteArrayInputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Generations share the inodes of unchanged package files, so nothing the builder writes may go
 * into an existing file: writing one generation never changes another.
 */
class SharedFilesTest {
  @RegisterExtension final RollExtension fixture = new RollExtension();
  Fleet server;
  TestHost host;
  Layout layout;

  @BeforeEach
  void setUp() throws Exception {
    server = fixture.fleet();
    host = fixture.host();
    layout = new Layout(host.root);
    ResolvedHost.Package data =
        server.publish(
            "data",
            "1",
            Tarballs.create()
                .file("share/data/blob", "original\n".getBytes(), 0644)
                .file("etc/data.ini.tmpl", "v={{ v }}\n".getBytes(), 0644)
                .gz());
    server.host(List.of(data), Map.of("v", 1));
    roll();
    server.host(List.of(data), Map.of("v", 2));
    roll();
  }

  void roll() {
    TestHost.Result r = host.roll(server.rollArgs());
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void theSecondGenerationSharesTheUnchangedFileReadOnly() throws Exception {
    Path one = layout.generation(1).resolve("share/data/blob");
    Path two = layout.generation(2).resolve("share/data/blob");
    assertTrue(Files.isSameFile(one, two), "linked, not copied");
    assertEquals(0444, (Integer) Files.getAttribute(two, "unix:mode") & 07777);
    assertEquals("v=1\n", Files.readString(layout.generation(1).resolve("etc/data.ini")));
    assertEquals("v=2\n", Files.readString(layout.generation(2).resolve("etc/data.ini")));
  }

  @Test
  void theBuildersWritesIntoAReusedPathFailAndChangeNoGeneration() throws Exception {
    Path blob1 = layout.generation(1).resolve("share/data/blob");
    Object mtime = Files.getAttribute(blob1, "lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
    // generation 3 in the making, with the unchanged file linked in as a build from 2 links it
    Path dir = Files.createDirectories(layout.partial(3).resolve("share/data"));
    Files.createLink(dir.resolve("blob"), layout.generation(2).resolve("share/data/blob"));

    assertThrows(
        FileAlreadyExistsException.class,
        () ->
            GenerationBuilder.writeNew(
                layout.partial(3).resolve("share/data/blob"), "rendered\n", false, 0644));
    assertThrows(
        FileAlreadyExistsException.class,
        () ->
            GenerationBuilder.write(
                layout.partial(3),
                new PackageEntry("share/data/blob", PackageEntry.Type.FILE, 0644, 9, null),
                new ByteArrayInputStream("extracted".getBytes())));
    assertThrows(
        FileAlreadyExistsException.class,
        () ->
            GenerationBuilder.writeNew(
                layout.partial(3).resolve("share/data/blob"), "secret\n", true, 0600));

    for (int n : List.of(1, 2)) {
      Path blob = layout.generation(n).resolve("share/data/blob");
      assertEquals("original\n", Files.readString(blob), "generation " + n);
      assertEquals(0444, (Integer) Files.getAttribute(blob, "unix:mode") & 07777);
    }
    assertEquals(mtime, Files.getAttribute(blob1, "lastModifiedTime", LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void aBuildFromAGenerationWhoseFileChangedStartsOverInFull() throws Exception {
    Generations generations = new Generations(layout);
    GenerationRecord two = generations.record(2);
    // generation 2's blob replaced by a file of another size (not caught by a drift check here)
    Path blob2 = layout.generation(2).resolve("share/data/blob");
    Files.delete(blob2);
    Files.writeString(blob2, "replaced, and longer\n");
    Trees.chmod(blob2, 0444);
    GenerationRecord three = renumbered(two, 3);
    Step.BuildFrom step =
        new Step.BuildFrom(3, 2, List.of("data-1"), List.of(), List.of("etc/data.ini"));
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();

    new GenerationBuilder(layout, new java.io.PrintStream(log, true)).build(three, step, two);

    Path blob3 = layout.generation(3).resolve("share/data/blob");
    assertEquals("original\n", Files.readString(blob3));
    assertTrue(!Files.isSameFile(blob2, blob3));
    assertTrue(log.toString().contains("building generation 3 in full"), log.toString());
  }

  static GenerationRecord renumbered(GenerationRecord r, int n) {
    return new GenerationRecord(
        n,
        r.hostname(),
        r.colo(),
        r.hostclass(),
        r.version(),
        r.revision(),
        r.failsafe(),
        r.packages(),
        r.params(),
        r.files(),
        r.rendered(),
        r.services(),
        r.cron(),
        r.fingerprint(),
        r.builtAt());
  }
}
