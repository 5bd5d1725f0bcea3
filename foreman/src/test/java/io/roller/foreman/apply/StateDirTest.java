package io.roller.foreman.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.foreman.Fixtures;
import io.roller.foreman.core.ForemanException;
import io.roller.foreman.etc.EtcFiles;
import io.roller.foreman.plan.Managed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirTest {
  @TempDir Path root;

  @Test
  void aRecordSurvivesARoundTrip() throws IOException {
    Fixtures.debianRoot(root);
    try (StateDir s = new StateDir(root)) {
      s.save(new Managed(Map.of("jane", 2001, "raj", 2002)));
      assertEquals(new Managed(Map.of("jane", 2001, "raj", 2002)), s.read(EtcFiles.read(root)));
    }
  }

  @Test
  void aUserCreatedJustBeforeACrashIsAdoptedFromTheJournalOnlyIfUseraddRan() throws IOException {
    Fixtures.debianRoot(root);
    Files.writeString(
        root.resolve("etc/passwd"),
        "jane:x:2001:2001::/home/jane:/bin/bash\n",
        java.nio.file.StandardOpenOption.APPEND);
    try (StateDir s = new StateDir(root)) {
      s.journalCreate("jane", 2001); // useradd ran, then the process died
      s.journalCreate("raj", 2002); // died before useradd
      s.journalCreate("cloudsdk", 2003); // a local user with another uid is never adopted
      Managed m = s.read(EtcFiles.read(root));
      assertEquals(new Managed(Map.of("jane", 2001)), m);
      assertTrue(s.hasJournal());
      s.save(m);
      assertFalse(s.hasJournal());
    }
  }

  @Test
  void aCorruptRecordStopsTheSyncWithAClearMessage() throws IOException {
    Fixtures.debianRoot(root);
    Files.createDirectories(root.resolve("var/lib/roller/foreman"));
    Files.writeString(root.resolve("var/lib/roller/foreman/managed.json"), "{\"users\": {");
    try (StateDir s = new StateDir(root)) {
      ForemanException e = assertThrows(ForemanException.class, () -> s.read(EtcFiles.read(root)));
      assertTrue(e.getMessage().contains("managed.json is not valid JSON"), e.getMessage());
    }
  }

  @Test
  void theLockKeepsASecondSyncOut() throws IOException {
    try (StateDir first = new StateDir(root);
        StateDir second = new StateDir(root)) {
      first.lock();
      assertEquals(4, assertThrows(ForemanException.class, second::lock).exitCode());
    }
    try (StateDir again = new StateDir(root)) {
      again.lock(); // released when the first closed
    }
  }
}
