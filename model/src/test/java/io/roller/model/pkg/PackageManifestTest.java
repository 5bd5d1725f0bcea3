package io.roller.model.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roller.model.ValidationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PackageManifestTest {
  private static ValidationException bad(String yaml) {
    return assertThrows(ValidationException.class, () -> PackageManifest.parse("p.yml", yaml));
  }

  @Test
  void serviceTimeoutDefaultsToThirtySecondsAndCheckIsOptional() {
    PackageManifest m =
        PackageManifest.parse("p.yml", "services:\n  - {name: a, start: s, stop: t}\n");
    assertEquals(Duration.ofSeconds(30), m.services().get(0).timeout());
    assertNull(m.services().get(0).check());
  }

  @Test
  void emptyManifestIsEmpty() {
    assertEquals(PackageManifest.EMPTY, PackageManifest.parse("p.yml", ""));
  }

  @Test
  void durationsTakeUnits() {
    String base = "services:\n  - {name: a, start: s, stop: t, timeout: %s}\n";
    assertEquals(
        Duration.ofMillis(500),
        PackageManifest.parse("p", String.format(base, "500ms")).services().get(0).timeout());
    assertEquals(
        Duration.ofHours(1),
        PackageManifest.parse("p", String.format(base, "1h")).services().get(0).timeout());
    assertEquals(
        "p.yml:2: key 'services[0].timeout': bad duration '30': want a number and a unit, like 30s, 5m or 1h",
        bad(String.format(base, "30")).getMessage());
  }

  @Test
  void serviceNamesAreUniqueAndWellFormed() {
    assertEquals(
        "duplicate service name 'a'",
        bad("services:\n  - {name: a, start: s, stop: t}\n  - {name: a, start: s, stop: t}\n")
            .reason());
    assertEquals(
        "bad name 'Web': want [a-z0-9][a-z0-9._-]*",
        bad("services:\n  - {name: Web, start: s, stop: t}\n").reason());
  }

  @Test
  void unknownKeysAreRefused() {
    ValidationException e = bad("services:\n  - {name: a, start: s, stop: t, restart: always}\n");
    assertEquals("services[0].restart", e.key());
    assertEquals(2, e.line());
    assertEquals("packages", bad("packages: []\n").key());
  }

  @Test
  void cronSchedulesAreChecked() {
    String base = "cron:\n  - name: c\n    schedule: \"%s\"\n    command: /bin/true\n";
    PackageManifest ok =
        PackageManifest.parse("p", String.format(base, "0,30 9-17/2 * jan-jun mon-fri"));
    assertEquals("0,30 9-17/2 * jan-jun mon-fri", ok.cron().get(0).schedule());
    assertEquals(
        "bad schedule '* * * *': want 5 fields (minute hour day-of-month month day-of-week), found 4",
        bad(String.format(base, "* * * *")).reason());
    assertEquals(
        "bad schedule '60 * * * *': minute '60' is out of range 0-59",
        bad(String.format(base, "60 * * * *")).reason());
    assertEquals(
        "bad schedule '*/0 * * * *': minute '*/0' has a bad step",
        bad(String.format(base, "*/0 * * * *")).reason());
    assertEquals(
        "bad schedule '* * * * x': day of week 'x' is not a number, range or list",
        bad(String.format(base, "* * * * x")).reason());
  }

  @Test
  void cronUserMustBeALoginAndCommandsOneLineWithoutBarePercent() {
    assertEquals(
        "bad user 'Root!': want a login [a-z_][a-z0-9_-]{0,31}",
        bad("cron:\n  - {name: c, schedule: '* * * * *', command: x, user: 'Root!'}\n").reason());
    assertEquals(
        "www",
        PackageManifest.parse(
                "p", "cron:\n  - {name: c, schedule: '* * * * *', command: x, user: www}\n")
            .cron()
            .get(0)
            .user());
    assertEquals(
        "a command must be one line",
        bad("cron:\n  - {name: c, schedule: '* * * * *', command: \"a\\nb\"}\n").reason());
    assertEquals(
        "unescaped '%' (cron reads it as a newline); write \\%",
        bad("cron:\n  - {name: c, schedule: '* * * * *', command: 'date +%s'}\n").reason());
  }

  @Test
  void missingCommandIsNamed() {
    ValidationException e = bad("cron:\n  - {name: c, schedule: '* * * * *'}\n");
    assertEquals("missing required key 'command'", e.reason());
    assertEquals("cron[0]", e.key());
  }
}
