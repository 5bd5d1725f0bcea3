package io.roller.server.packages;

import io.roller.model.PackageRef;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance per package ref, so the catalog's maps find the views' refs by identity: a record's
 * equals goes through method handles and cost a sixth of each cached {@code /resolved}, which looks
 * up every package of the host. Only an optimization (equal refs still match); capped.
 */
public final class Refs {
  private static final int LIMIT = 100_000;
  private static final ConcurrentHashMap<PackageRef, PackageRef> ONE = new ConcurrentHashMap<>();

  private Refs() {}

  public static PackageRef intern(PackageRef ref) {
    PackageRef one = ONE.get(ref);
    if (one != null) {
      return one;
    }
    if (ONE.size() >= LIMIT) {
      return ref;
    }
    one = ONE.putIfAbsent(ref, ref);
    return one == null ? ref : one;
  }
}
