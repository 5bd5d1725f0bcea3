package io.roller.foreman.apply;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.roller.common.AtomicFiles;
import io.roller.common.LockFile;
import io.roller.foreman.core.ForemanException;
import io.roller.foreman.etc.EtcFiles;
import io.roller.foreman.plan.Managed;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * foreman's state under {@code <root>/var/lib/roller/foreman}: {@code managed.json} (the users it
 * created), {@code journal} (a user about to be created, written before useradd runs so a crash
 * between the two never leaves a user foreman made but does not know), and {@code lock}.
 */
public class StateDir implements AutoCloseable {
  /** Exit code when another sync holds the lock. */
  public static final int LOCKED = 4;

  /** Streaming JSON: cheaper to start than databind, and the record is two levels deep. */
  private static final JsonFactory JSON = new JsonFactory();

  private final Path dir;
  private LockFile lock;

  public StateDir(Path root) {
    this.dir = root.resolve("var/lib/roller/foreman");
  }

  public Path dir() {
    return dir;
  }

  /** Takes the lock that keeps two syncs apart; throws (exit 4) when another sync holds it. */
  public void lock() throws IOException {
    Files.createDirectories(dir);
    Path p = dir.resolve("lock");
    lock =
        LockFile.tryAcquire(p)
            .orElseThrow(
                () ->
                    new ForemanException(
                        LOCKED,
                        "another foreman sync is running (pid "
                            + LockFile.holder(p)
                            + " holds "
                            + p
                            + "); nothing changed"));
  }

  /**
   * The record, with journal entries whose useradd did happen (the login has that uid in passwd).
   */
  public Managed read(EtcFiles etc) throws IOException {
    Managed m = readRecord();
    for (Map.Entry<String, Integer> e : readJournal().entrySet()) {
      EtcFiles.Passwd p = etc.passwd().get(e.getKey());
      if (p != null && p.uid() == e.getValue() && !m.users().containsKey(e.getKey())) {
        m = m.with(e.getKey(), e.getValue());
      }
    }
    return m;
  }

  /** True when an interrupted sync left a journal to fold into the record. */
  public boolean hasJournal() {
    return Files.exists(dir.resolve("journal"));
  }

  /** Notes, durably, that foreman is about to create this user. */
  public void journalCreate(String login, int uid) throws IOException {
    Files.createDirectories(dir);
    try (FileChannel ch =
        FileChannel.open(
            dir.resolve("journal"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND)) {
      ch.write(
          java.nio.ByteBuffer.wrap(
              ("create " + login + " " + uid + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
  }

  /** Writes the record atomically, then drops the journal it now covers. */
  public void save(Managed m) throws IOException {
    Files.createDirectories(dir);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(bytes)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("version", 1);
      g.writeObjectFieldStart("users");
      for (Map.Entry<String, Integer> e : new TreeMap<>(m.users()).entrySet()) {
        g.writeObjectFieldStart(e.getKey());
        g.writeNumberField("uid", e.getValue());
        g.writeEndObject();
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    AtomicFiles.write(
        dir.resolve("managed.json"), dir.resolve("managed.json.tmp"), bytes.toByteArray());
    Files.deleteIfExists(dir.resolve("journal"));
  }

  private Managed readRecord() throws IOException {
    Path p = dir.resolve("managed.json");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      return Managed.EMPTY;
    }
    try {
      return new Managed(parseRecord(bytes));
    } catch (IOException e) {
      throw new ForemanException(
          1,
          p
              + " is not valid JSON ("
              + e.getMessage().lines().findFirst().orElse("")
              + "); fix or restore it: without it foreman cannot tell which users it created",
          e);
    }
  }

  /** {"version": 1, "users": {"LOGIN": {"uid": N}, ...}}; other fields are skipped. */
  private static Map<String, Integer> parseRecord(byte[] bytes) throws IOException {
    Map<String, Integer> users = new TreeMap<>();
    try (JsonParser p = JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new com.fasterxml.jackson.core.JsonParseException(p, "expected an object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        if (!field.equals("users") || t != JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String login = p.currentName();
          if (p.nextToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            continue;
          }
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (p.nextToken() == JsonToken.VALUE_NUMBER_INT && key.equals("uid")) {
              users.put(login, p.getIntValue());
            } else {
              p.skipChildren();
            }
          }
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT) {
        throw new com.fasterxml.jackson.core.JsonParseException(p, "unexpected end of input");
      }
    }
    return users;
  }

  private Map<String, Integer> readJournal() throws IOException {
    Map<String, Integer> out = new TreeMap<>();
    try {
      for (String line : Files.readAllLines(dir.resolve("journal"), StandardCharsets.UTF_8)) {
        String[] f = line.split(" ");
        if (f.length == 3 && f[0].equals("create") && f[2].matches("[0-9]{1,9}")) {
          out.put(f[1], Integer.parseInt(f[2]));
        }
      }
    } catch (NoSuchFileException e) {
      // no sync was interrupted
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    if (lock != null) {
      lock.close();
    }
  }
}
