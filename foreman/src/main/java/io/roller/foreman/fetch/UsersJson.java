package io.roller.foreman.fetch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.roller.model.HostUsers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the users view with Jackson's streaming parser. Databind would do it in one call, but its
 * start-up (building an ObjectMapper, introspecting the records) costs more than a whole no-change
 * sync of 2,000 users should; see docs/BENCHMARKS.md. Unknown fields are skipped.
 */
final class UsersJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private UsersJson() {}

  /** Reads one element of a list. */
  private interface Reader<T> {
    T read(JsonParser p) throws IOException;
  }

  static HostUsers parse(byte[] body) throws IOException {
    try (JsonParser p = FACTORY.createParser(body)) {
      expect(p, p.nextToken(), JsonToken.START_OBJECT);
      String hostname = null;
      String revision = null;
      List<HostUsers.Account> users = null;
      List<HostUsers.Skipped> skipped = List.of();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        switch (field) {
          case "hostname" -> hostname = text(p);
          case "revision" -> revision = text(p);
          case "users" -> users = list(p, UsersJson::account);
          case "skipped" -> skipped = list(p, UsersJson::skipped);
          default -> p.skipChildren();
        }
      }
      if (users == null) {
        throw new JsonParseException(p, "no 'users' list");
      }
      return new HostUsers(hostname, revision, users, skipped);
    }
  }

  private static HostUsers.Account account(JsonParser p) throws IOException {
    expect(p, p.currentToken(), JsonToken.START_OBJECT);
    String login = null;
    int uid = -1;
    String comment = null;
    String shell = null;
    List<String> groups = List.of();
    List<String> keys = List.of();
    List<HostUsers.Dotfile> dotfiles = List.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "login" -> login = text(p);
        case "uid" -> uid = integer(p);
        case "comment" -> comment = text(p);
        case "shell" -> shell = text(p);
        case "groups" -> groups = list(p, UsersJson::text);
        case "ssh_keys" -> keys = list(p, UsersJson::text);
        case "dotfiles" -> dotfiles = list(p, UsersJson::dotfile);
        default -> p.skipChildren();
      }
    }
    return new HostUsers.Account(login, uid, comment, shell, groups, keys, dotfiles);
  }

  private static HostUsers.Dotfile dotfile(JsonParser p) throws IOException {
    expect(p, p.currentToken(), JsonToken.START_OBJECT);
    String path = null;
    String mode = null;
    String content = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "path" -> path = text(p);
        case "mode" -> mode = text(p);
        case "content_base64" -> content = text(p);
        default -> p.skipChildren();
      }
    }
    return new HostUsers.Dotfile(path, mode, content);
  }

  private static HostUsers.Skipped skipped(JsonParser p) throws IOException {
    expect(p, p.currentToken(), JsonToken.START_OBJECT);
    String file = null;
    int line = 0;
    String error = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "file" -> file = text(p);
        case "line" -> line = integer(p);
        case "error" -> error = text(p);
        default -> p.skipChildren();
      }
    }
    return new HostUsers.Skipped(file, line, error);
  }

  private static <T> List<T> list(JsonParser p, Reader<T> element) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return List.of();
    }
    expect(p, p.currentToken(), JsonToken.START_ARRAY);
    List<T> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      out.add(element.read(p));
    }
    return out;
  }

  private static String text(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    expect(p, t, JsonToken.VALUE_STRING);
    return p.getText();
  }

  private static int integer(JsonParser p) throws IOException {
    expect(p, p.currentToken(), JsonToken.VALUE_NUMBER_INT);
    return p.getIntValue();
  }

  private static void expect(JsonParser p, JsonToken got, JsonToken want)
      throws JsonParseException {
    if (got != want) {
      throw new JsonParseException(
          p, "expected " + want.asString() + " but found " + (got == null ? "end of input" : got));
    }
  }
}
