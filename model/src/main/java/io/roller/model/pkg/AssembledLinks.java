package io.roller.model.pkg;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The symlinks of a whole tree assembled from several packages, checked as the kernel would follow
 * them: each package alone keeps its links inside, but a link of one package may walk through a
 * link of another ({@code h -> ../..} in one, {@code escape -> h/../..} in the other) and leave.
 */
public final class AssembledLinks {
  /** Linux gives up (ELOOP) after 40 links; a deeper chain is refused rather than followed. */
  static final int MAX_HOPS = 40;

  private AssembledLinks() {}

  /**
   * Null when every link, followed through every other link of the tree, stays inside it; else why
   * the first one does not.
   *
   * @param links path of each symlink (normalized, relative to the tree's root) to its target
   */
  public static String problem(Map<String, String> links) {
    for (Map.Entry<String, String> link : links.entrySet()) {
      String bad = follow(link.getKey(), links);
      if (bad != null) {
        return "symlink " + link.getKey() + " -> " + link.getValue() + " " + bad;
      }
    }
    return null;
  }

  /** Resolves one link to the end of its chain; null when it stays inside. */
  private static String follow(String path, Map<String, String> links) {
    List<String> at = new ArrayList<>(List.of(path.split("/")));
    at.remove(at.size() - 1);
    Deque<String> todo = new ArrayDeque<>();
    push(todo, links.get(path));
    int hops = 1;
    while (!todo.isEmpty()) {
      String seg = todo.pollFirst();
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (at.isEmpty()) {
          return "leaves the tree" + (hops > 1 ? " through other symlinks" : "");
        }
        at.remove(at.size() - 1);
        continue;
      }
      at.add(seg);
      String target = links.get(String.join("/", at));
      if (target != null) {
        if (++hops > MAX_HOPS) {
          return "goes through more than " + MAX_HOPS + " symlinks";
        }
        if (target.startsWith("/")) {
          return "goes through a symlink to the absolute path " + target;
        }
        at.remove(at.size() - 1);
        push(todo, target);
      }
    }
    return null;
  }

  private static void push(Deque<String> todo, String target) {
    String[] segs = target.split("/");
    for (int i = segs.length - 1; i >= 0; i--) {
      todo.addFirst(segs[i]);
    }
  }
}
