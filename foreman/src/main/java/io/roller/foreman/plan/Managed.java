package io.roller.foreman.plan;

import java.util.Map;
import java.util.TreeMap;

/**
 * Foreman's own record of the users it created (login to uid). Only these are ever changed or
 * locked; a user that merely shares a login with the repo is left alone.
 */
public record Managed(Map<String, Integer> users) {
  public static final Managed EMPTY = new Managed(Map.of());

  public Managed {
    users = Map.copyOf(users);
  }

  /** This record plus one more user. */
  public Managed with(String login, int uid) {
    Map<String, Integer> m = new TreeMap<>(users);
    m.put(login, uid);
    return new Managed(m);
  }

  public boolean manages(String login, int uid) {
    Integer u = users.get(login);
    return u != null && u == uid;
  }
}
