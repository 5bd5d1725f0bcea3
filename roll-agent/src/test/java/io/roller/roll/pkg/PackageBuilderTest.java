package io.roller.roll.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.model.pkg.Limits;
import io.roller.model.pkg.PackageEntry;
import io.roller.model.pkg.PackageReader;
import io.roller.roll.core.RollException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageBuilderTest {
  @TempDir Path tmp;

  private Path tree(String name) throws IOException {
    Path d = tmp.resolve(name);
    Files.createDirectories(d.resolve("bin"));
    Files.createDirectories(d.resolve("etc/app"));
    Files.createDirectories(d.resolve(".roller"));
    Files.writeString(d.resolve("bin/app"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(
        d.resolve("bin/app"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.writeString(d.resolve("etc/app/app.conf.tmpl"), "port={{ listen_port }}\n");
    Files.createSymbolicLink(d.resolve("bin/app-link"), Path.of("app"));
    Files.writeString(
        d.resolve(".roller/package.yml"),
        "services:\n  - {name: app, start: bin/app start, stop: bin/app stop}\n");
    return d;
  }

  private static List<PackageEntry> entries(Path tarGz) throws IOException {
    List<PackageEntry> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(tarGz)) {
      PackageReader.read(in, Limits.DEFAULT, (e, c) -> out.add(e));
    }
    return out;
  }

  @Test
  void sameTreeGivesTheSameSha256WhateverItsTimesAndPermissions() throws IOException {
    Path a = tree("a");
    Path b = tree("b");
    Files.setLastModifiedTime(
        b.resolve("etc/app/app.conf.tmpl"), FileTime.from(Instant.parse("2011-05-01T00:00:00Z")));
    Files.setPosixFilePermissions(
        b.resolve("etc/app/app.conf.tmpl"), PosixFilePermissions.fromString("rw-rw-rw-"));
    PackageBuilder.Built one = PackageBuilder.build(a, tmp.resolve("one.tar.gz"));
    PackageBuilder.Built two = PackageBuilder.build(b, tmp.resolve("out/two.tar.gz"));
    assertEquals(one.sha256(), two.sha256());
    assertEquals(one.size(), Files.size(tmp.resolve("out/two.tar.gz")));
    assertEquals(List.of("app"), one.manifest().services().stream().map(s -> s.name()).toList());

    Files.writeString(b.resolve("etc/app/app.conf.tmpl"), "port={{ other }}\n");
    assertNotEquals(one.sha256(), PackageBuilder.build(b, tmp.resolve("three.tar.gz")).sha256());
  }

  @Test
  void entriesAreSortedWithNormalizedModesAndTheExecBitKept() throws IOException {
    Path built = PackageBuilder.build(tree("a"), tmp.resolve("p.tar.gz")).file();
    List<PackageEntry> e = entries(built);
    assertEquals(
        List.of("bin", "bin/app", "bin/app-link", "etc", "etc/app", "etc/app/app.conf.tmpl"),
        e.stream().map(PackageEntry::path).toList());
    assertEquals(0755, e.get(0).mode());
    assertEquals(0755, e.get(1).mode());
    assertEquals("app", e.get(2).linkTarget());
    assertEquals(0644, e.get(5).mode());
  }

  @Test
  void sourceThatBreaksARuleIsRefusedNamingTheEntryAndLeavesNoFile() throws IOException {
    Path d = tree("a");
    Files.createSymbolicLink(d.resolve("etc/passwd"), Path.of("/etc/passwd"));
    Path out = tmp.resolve("bad.tar.gz");
    RollException e = assertThrows(RollException.class, () -> PackageBuilder.build(d, out));
    assertTrue(
        e.getMessage().contains("entry 'etc/passwd': symlink target '/etc/passwd' is absolute"),
        e.getMessage());
    assertFalse(Files.exists(out));
    try (var files = Files.list(tmp)) {
      assertEquals(List.of("a"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void badManifestIsRefused() throws IOException {
    Path d = tree("a");
    Files.writeString(d.resolve(".roller/package.yml"), "services:\n  - {name: app, start: x}\n");
    RollException e =
        assertThrows(RollException.class, () -> PackageBuilder.build(d, tmp.resolve("p.tar.gz")));
    assertTrue(e.getMessage().contains("missing required key 'stop'"), e.getMessage());
  }

  @Test
  void outputInsideTheSourceIsNotPackedIntoItself() throws IOException {
    Path d = tree("a");
    String first = PackageBuilder.build(d, d.resolve("p.tar.gz")).sha256();
    assertEquals(first, PackageBuilder.build(d, d.resolve("p.tar.gz")).sha256());
  }

  @Test
  void missingSourceIsAClearError() {
    RollException e =
        assertThrows(
            RollException.class,
            () -> PackageBuilder.build(tmp.resolve("nope"), tmp.resolve("p.tar.gz")));
    assertTrue(e.getMessage().endsWith("is not a directory"));
  }
}
