package io.roller.model.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;

class PackageReaderTest {
  private static final String MANIFEST =
      """
      services:
        - name: webapp
          start: bin/webapp start
          stop: bin/webapp stop
          check: bin/webapp status
          timeout: 2m
      cron:
        - name: sync
          schedule: "*/10 * * * *"
          command: /usr/local/bin/sync
      """;

  private final List<PackageEntry> seen = new ArrayList<>();
  private final List<String> contents = new ArrayList<>();

  private PackageManifest read(byte[] gz) throws IOException {
    return read(gz, Limits.DEFAULT);
  }

  private PackageManifest read(byte[] gz, Limits limits) throws IOException {
    return PackageReader.read(
        new ByteArrayInputStream(gz),
        limits,
        (entry, content) -> {
          seen.add(entry);
          contents.add(new String(content.readAllBytes(), StandardCharsets.UTF_8));
        });
  }

  private PackageException refused(Tarballs t) {
    return refused(t.gz());
  }

  private PackageException refused(byte[] gz) {
    return assertThrows(PackageException.class, () -> read(gz));
  }

  @Test
  void validPackageReachesTheVisitorNormalizedAndWithoutItsManifest() throws IOException {
    PackageManifest m =
        read(
            Tarballs.create()
                .dir("./")
                .dir("./bin")
                .file("./bin/webapp", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755)
                .file("etc//webapp.conf.tmpl", "port={{ listen_port }}")
                .symlink("bin/wa", "webapp")
                .symlink("lib/x/up", "../../etc")
                .dir(".roller")
                .manifest(MANIFEST)
                .gz());
    assertEquals(
        List.of("bin", "bin/webapp", "etc/webapp.conf.tmpl", "bin/wa", "lib/x/up"),
        seen.stream().map(PackageEntry::path).toList());
    assertEquals(
        new PackageEntry("bin/webapp", PackageEntry.Type.FILE, 0755, 10, null), seen.get(1));
    assertEquals("port={{ listen_port }}", contents.get(2));
    assertEquals(
        new PackageEntry("bin/wa", PackageEntry.Type.SYMLINK, 0777, 0, "webapp"), seen.get(3));
    assertEquals(1, m.services().size());
    assertEquals(
        new PackageManifest.Service(
            "webapp",
            "bin/webapp start",
            "bin/webapp stop",
            "bin/webapp status",
            Duration.ofMinutes(2)),
        m.services().get(0));
    assertEquals(
        new PackageManifest.Cron("sync", "*/10 * * * *", "/usr/local/bin/sync", null),
        m.cron().get(0));
  }

  @Test
  void packageWithoutManifestHasTheEmptyOne() throws IOException {
    assertEquals(PackageManifest.EMPTY, read(Tarballs.create().file("bin/x", "x").gz()));
  }

  @Test
  void visitorThatReadsNothingStillGetsEveryEntryChecked() throws IOException {
    byte[] gz = Tarballs.create().file("a", "1234").file("b", "5678").gz();
    List<String> paths = new ArrayList<>();
    PackageReader.read(
        new ByteArrayInputStream(gz), new Limits(10, 8), (e, c) -> paths.add(e.path()));
    assertEquals(List.of("a", "b"), paths);
    assertThrows(
        PackageException.class,
        () ->
            PackageReader.read(new ByteArrayInputStream(gz), new Limits(10, 7), EntryVisitor.NONE));
  }

  @Test
  void absolutePathIsRefused() {
    PackageException e = refused(Tarballs.create().file("/etc/passwd", "root"));
    assertEquals("entry '/etc/passwd': absolute path", e.getMessage());
  }

  @Test
  void dotDotSegmentIsRefusedEvenWhenItWouldStayInside() {
    assertEquals(
        "entry 'bin/../../etc/passwd': path leaves the package (..)",
        refused(Tarballs.create().file("bin/../../etc/passwd", "x")).getMessage());
    assertEquals(
        "entry 'bin/../etc/x': path leaves the package (..)",
        refused(Tarballs.create().file("bin/../etc/x", "x")).getMessage());
  }

  @Test
  void symlinkLeavingTheTreeIsRefused() {
    PackageException e = refused(Tarballs.create().symlink("lib/x", "../../etc/shadow"));
    assertEquals(
        "entry 'lib/x': symlink target '../../etc/shadow' leaves the package", e.getMessage());
  }

  @Test
  void symlinkLeavingThroughASiblingWithACommonPrefixIsRefused() {
    // "../local2" shares a string prefix with the tree root name; only a segment-wise walk sees it
    assertTrue(
        refused(Tarballs.create().symlink("x", "../local2/bin"))
            .getMessage()
            .contains("leaves the package"));
    assertTrue(
        refused(Tarballs.create().symlink("a/b/c", "../../../x")).getMessage().contains("leaves"));
  }

  @Test
  void absoluteSymlinkTargetIsRefused() {
    assertEquals(
        "entry 'bin/sh': symlink target '/bin/bash' is absolute",
        refused(Tarballs.create().symlink("bin/sh", "/bin/bash")).getMessage());
  }

  @Test
  void symlinkTargetThroughAnotherSymlinkIsRefusedInEitherOrder() {
    // a -> . makes a/.. the parent of the tree, though "a/../etc" looks inside lexically
    assertTrue(
        refused(Tarballs.create().symlink("a", ".").symlink("b", "a/../etc"))
            .getMessage()
            .contains("goes through the symlink 'a'"));
    assertTrue(
        refused(Tarballs.create().symlink("b", "a/../etc").symlink("a", "."))
            .getMessage()
            .contains("would redirect the target of the earlier symlink 'b'"));
  }

  @Test
  void entryUnderASymlinkIsRefused() {
    assertEquals(
        "entry 'lib/passwd': path goes through the symlink 'lib'",
        refused(Tarballs.create().symlink("lib", "etc").file("lib/passwd", "x")).getMessage());
    assertTrue(
        refused(Tarballs.create().file("lib/passwd", "x").symlink("lib", "etc"))
            .getMessage()
            .contains("replaces the directory 'lib'"));
  }

  @Test
  void hardLinkIsRefused() {
    assertEquals(
        "entry 'bin/x': hard links are not allowed (link to 'etc/shadow')",
        refused(Tarballs.create().hardlink("bin/x", "etc/shadow")).getMessage());
  }

  @Test
  void devicesAndFifosAreRefused() {
    assertEquals(
        "entry 'dev/sda': device files are not allowed",
        refused(Tarballs.create().special("dev/sda", TarConstants.LF_BLK)).getMessage());
    assertEquals(
        "entry 'dev/tty': device files are not allowed",
        refused(Tarballs.create().special("dev/tty", TarConstants.LF_CHR)).getMessage());
    assertEquals(
        "entry 'var/pipe': fifos are not allowed",
        refused(Tarballs.create().special("var/pipe", TarConstants.LF_FIFO)).getMessage());
  }

  @Test
  void setuidAndSetgidAreRefused() {
    assertEquals(
        "entry 'bin/su': setuid/setgid bits are not allowed (mode 4755)",
        refused(Tarballs.create().file("bin/su", new byte[1], 04755)).getMessage());
    assertEquals(
        "entry 'bin/sg': setuid/setgid bits are not allowed (mode 2755)",
        refused(Tarballs.create().file("bin/sg", new byte[1], 02755)).getMessage());
  }

  @Test
  void controlCharactersInNamesAndLinkTargetsAreRefusedAndShownEscaped() {
    assertEquals(
        "entry 'bin/a\\nb': name contains the control character U+000A",
        refused(Tarballs.create().file("bin/a\nb", "x")).getMessage());
    assertEquals(
        "entry 'etc/a\\tb': name contains the control character U+0009",
        refused(Tarballs.create().file("etc/a\tb", "x")).getMessage());
    assertEquals(
        "entry 'x\\u007f/': name contains the control character U+007F",
        refused(Tarballs.create().dir("x\u007f")).getMessage());
    assertEquals(
        "entry 'bin/l': symlink target contains the control character U+000D",
        refused(Tarballs.create().symlink("bin/l", "a\rb")).getMessage());
  }

  @Test
  void worldWritableBitsAreClearedAndADirectoryKeepsItsStickyBit() throws IOException {
    TarArchiveEntry tmp = new TarArchiveEntry("var/tmp/", TarConstants.LF_DIR, true);
    tmp.setMode(041777);
    TarArchiveEntry bin = new TarArchiveEntry("bin/", TarConstants.LF_DIR, true);
    bin.setMode(040777);
    read(
        Tarballs.create()
            .entry(bin, new byte[0])
            .file("bin/tool", new byte[1], 0777)
            .file("bin/shared", new byte[1], 0666)
            .entry(tmp, new byte[0])
            .gz());
    assertEquals(
        List.of(0775, 0775, 0664, 01775),
        seen.stream().map(PackageEntry::mode).toList(),
        "bin/, bin/tool, bin/shared, var/tmp/");
  }

  @Test
  void duplicatePathsAreRefusedAfterNormalizing() {
    assertEquals(
        "entry './bin/x': duplicate path 'bin/x'",
        refused(Tarballs.create().file("bin/x", "1").file("./bin/x", "2")).getMessage());
  }

  @Test
  void tooManyEntriesAreRefused() {
    Tarballs t = Tarballs.create();
    for (int i = 0; i < 11; i++) {
      t.file("f" + i, "x");
    }
    PackageException e =
        assertThrows(PackageException.class, () -> read(t.gz(), new Limits(10, 1_000_000)));
    assertEquals("entry 'f10': more than 10 entries", e.getMessage());
  }

  @Test
  void decompressionBombIsStoppedByBytesActuallyRead() {
    byte[] zeros = new byte[4 * 1024 * 1024];
    byte[] gz = Tarballs.create().file("small", "ok").file("bomb", zeros, 0644).gz();
    assertTrue(gz.length < 100_000, "compresses well: " + gz.length);
    PackageException e =
        assertThrows(PackageException.class, () -> read(gz, new Limits(10, 1024 * 1024)));
    assertEquals("entry 'bomb': expands to more than 1048576 bytes", e.getMessage());
  }

  @Test
  void plainTarAndOtherFilesAreNotGzip() {
    assertEquals(
        "not a gzip archive (want a .tar.gz)",
        refused(Tarballs.create().file("a", "b").tar()).getMessage());
    assertEquals("not a gzip archive: the file is empty", refused(new byte[0]).getMessage());
    assertTrue(
        refused("PK\3\4zip".getBytes(StandardCharsets.UTF_8))
            .getMessage()
            .startsWith("not a gzip"));
  }

  @Test
  void truncatedArchivesAreRefusedWhereverTheyAreCut() {
    byte[] random = new byte[200_000];
    new java.util.Random(7).nextBytes(random);
    byte[] gz =
        Tarballs.create().file("a", "hello").file("big", random, 0644).file("z", "end").gz();
    for (int cut : new int[] {5, 20, gz.length / 2, gz.length - 30, gz.length - 4, gz.length - 1}) {
      PackageException e = refused(Arrays.copyOf(gz, cut));
      assertTrue(
          e.getMessage().contains("truncated") || e.getMessage().contains("not a gzip"),
          cut + ": " + e.getMessage());
    }
  }

  @Test
  void bytesAfterTheGzipStreamAreRefused() {
    byte[] gz = Tarballs.create().file("a", "hello").gz();
    byte[] trailing = Arrays.copyOf(gz, gz.length + 3);
    trailing[gz.length] = 'x';
    assertEquals("trailing bytes after the end of the gzip stream", refused(trailing).getMessage());
    byte[] second = Tarballs.create().file("hidden", "never checked").gz();
    byte[] two = Arrays.copyOf(gz, gz.length + second.length);
    System.arraycopy(second, 0, two, gz.length, second.length);
    assertEquals(
        "a second gzip member follows the first; want one gzip stream", refused(two).getMessage());
  }

  @Test
  void corruptedArchiveIsRefused() {
    byte[] gz = Tarballs.create().file("a", "hello world, hello world").gz();
    gz[gz.length - 6] ^= 0x55; // the CRC
    assertTrue(refused(gz).getMessage().contains("truncated or corrupt"));
  }

  @Test
  void invalidManifestNamesTheEntryLineAndKey() {
    PackageException e =
        refused(Tarballs.create().manifest("services:\n  - name: web\n    start: x\n"));
    assertEquals(
        "entry '.roller/package.yml': invalid manifest: line 2: key 'services[0]': "
            + "missing required key 'stop'",
        e.getMessage());
  }

  @Test
  void manifestMustBeAFile() {
    assertEquals(
        "entry '.roller/package.yml': the manifest must be a regular file",
        refused(Tarballs.create().symlink(".roller/package.yml", "../etc/x")).getMessage());
  }

  @Test
  void otherRollerEntriesNeverReachTheVisitor() throws IOException {
    read(Tarballs.create().file(".roller/notes", "x").file("bin/a", "a").gz());
    assertEquals(List.of("bin/a"), seen.stream().map(PackageEntry::path).toList());
  }

  @Test
  void unsupportedEntryTypeIsRefused() {
    TarArchiveEntry e = new TarArchiveEntry("weird", (byte) 'Z', true);
    assertTrue(
        refused(Tarballs.create().entry(e, new byte[0]))
            .getMessage()
            .startsWith("entry 'weird': unsupported entry type 'Z'"));
  }

  @Test
  void visitorErrorsPassThroughUnchanged() {
    byte[] gz = Tarballs.create().file("a", "x").gz();
    IOException boom = new IOException("disk full");
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                PackageReader.read(
                    new ByteArrayInputStream(gz),
                    Limits.DEFAULT,
                    (en, c) -> {
                      throw boom;
                    }));
    assertEquals(boom, e);
  }

  @Test
  void contentStreamCloseLeavesTheArchiveReadable() throws IOException {
    byte[] gz = Tarballs.create().file("a", "x").file("b", "y").gz();
    List<String> got = new ArrayList<>();
    PackageReader.read(
        new ByteArrayInputStream(gz),
        Limits.DEFAULT,
        (en, c) -> {
          try (InputStream in = c) {
            got.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        });
    assertEquals(List.of("x", "y"), got);
  }
}
