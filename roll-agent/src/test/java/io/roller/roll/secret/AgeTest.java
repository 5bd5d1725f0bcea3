package io.roller.roll.secret;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgeTest {
  static final byte[] PLAIN = "s3cr3t-db-password\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;

  @Test
  void theAgeCliDecryptsWhatRollEncrypts() throws Exception {
    Path idFile = tmp.resolve("key.txt");
    String recipient = AgeCli.keygen(idFile);
    Age.Keys other = Age.generate();
    String armor = Age.encrypt(PLAIN, List.of(recipient, other.recipient()));
    assertTrue(armor.startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n"), armor);
    AgeCli.Result r = AgeCli.decrypt(armor, idFile);
    assertEquals(0, r.code(), r.err());
    assertArrayEquals(PLAIN, r.out());
    assertEquals(
        List.of(recipient, other.recipient()).stream().sorted().toList(), Age.recipients(armor));
  }

  @Test
  void rollDecryptsWhatTheAgeCliEncrypts() throws Exception {
    Path idFile = tmp.resolve("key.txt");
    String recipient = AgeCli.keygen(idFile);
    String armor = AgeCli.encrypt(PLAIN, recipient);
    Age.Opened o = Age.open(armor, List.of(AgeCli.identityLine(idFile)));
    assertArrayEquals(PLAIN, o.plaintext());
    assertNull(o.recipients(), "the age CLI records no recipients");
    assertNull(Age.recipients(armor));
  }

  @Test
  void keysRollMakesWorkWithTheAgeCli() throws Exception {
    Age.Keys k = Age.generate();
    assertTrue(k.identity().startsWith("AGE-SECRET-KEY-1"), k.identity());
    assertTrue(k.recipient().startsWith("age1"), k.recipient());
    assertEquals(k.recipient(), Age.recipientOf(k.identity()));
    Path idFile = tmp.resolve("id");
    Files.writeString(idFile, k.identity() + "\n");
    assertEquals(
        k.recipient(),
        AgeCli.run(new byte[0], "age-keygen", "-y", idFile.toString()).text().strip());
    String armor = AgeCli.encrypt(PLAIN, k.recipient());
    assertArrayEquals(PLAIN, Age.open(armor, List.of(k.identity())).plaintext());
  }

  @Test
  void aWrongIdentityCannotOpenASecret() throws Exception {
    String armor = Age.encrypt(PLAIN, List.of(Age.generate().recipient()));
    Age.AgeException e =
        assertThrows(
            Age.AgeException.class, () -> Age.open(armor, List.of(Age.generate().identity())));
    assertEquals("no identity matches its recipients", e.getMessage());
  }

  @Test
  void aCorruptedOrTruncatedArmorIsRefused() throws Exception {
    Age.Keys k = Age.generate();
    String armor = Age.encrypt(PLAIN, List.of(k.recipient()));
    String[] lines = armor.split("\n");
    String truncated =
        String.join("\n", java.util.Arrays.copyOf(lines, lines.length - 2))
            + "\n-----END AGE ENCRYPTED FILE-----\n";
    Age.AgeException t =
        assertThrows(Age.AgeException.class, () -> Age.open(truncated, List.of(k.identity())));
    assertFalse(t.getMessage().contains("s3cr3t"), t.getMessage());
    int mid = armor.length() / 2;
    char c = armor.charAt(mid) == 'A' ? 'B' : 'A';
    String flipped = armor.substring(0, mid) + c + armor.substring(mid + 1);
    assertThrows(Age.AgeException.class, () -> Age.open(flipped, List.of(k.identity())));
    assertThrows(
        Age.AgeException.class,
        () ->
            Age.open(
                "-----BEGIN AGE ENCRYPTED FILE-----\nnot base64!\n-----END AGE ENCRYPTED FILE-----\n",
                List.of(k.identity())));
  }
}
