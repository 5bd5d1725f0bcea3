package io.roller.roll.plan;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a plan changes, as {@code --dry-run} and the roll's report show it: packages added and
 * removed, files with the diff of each rendered one, params, services stopped and started. Read
 * from the same two records the plan's steps go between, so what a roll says it does is what it
 * does.
 */
final class PlanChanges {
  private PlanChanges() {}

  /** The changes from {@code current} to {@code target}, services as the plan's steps say. */
  static Plan.Changes of(GenerationRecord current, GenerationRecord target, List<Step> steps) {
    List<Pin> before = current == null ? List.of() : current.packages();
    List<String> added =
        target.packages().stream().filter(p -> !before.contains(p)).map(Pin::ref).toList();
    List<String> removed =
        before.stream().filter(p -> !target.packages().contains(p)).map(Pin::ref).toList();
    List<String> stopped = new ArrayList<>();
    List<String> started = new ArrayList<>();
    for (Step step : steps) {
      if (step instanceof Step.StopServices stop) {
        stop.services().forEach(s -> stopped.add(s.label()));
      } else if (step instanceof Step.StartServices start) {
        start.services().forEach(s -> started.add(s.label()));
      }
    }
    return new Plan.Changes(
        added,
        removed,
        files(current, target),
        params(current, target),
        List.copyOf(stopped),
        List.copyOf(started));
  }

  private static List<Plan.FileChange> files(GenerationRecord current, GenerationRecord target) {
    TreeMap<String, FileEntry> before = new TreeMap<>();
    if (current != null && current.files() != null) {
      current.files().forEach(f -> before.put(f.path(), f));
    }
    TreeMap<String, FileEntry> after = new TreeMap<>();
    target.files().forEach(f -> after.put(f.path(), f));
    TreeSet<String> paths = new TreeSet<>(before.keySet());
    paths.addAll(after.keySet());
    List<Plan.FileChange> out = new ArrayList<>();
    for (String path : paths) {
      FileEntry b = before.get(path);
      FileEntry a = after.get(path);
      String change = b == null ? "added" : a == null ? "removed" : !b.equals(a) ? "changed" : null;
      // A package need not list its directories: one that another side only implies (its files
      // are in it) is neither added nor removed.
      if (b == null && a.kind() == FileEntry.Kind.DIR && implied(before, path)
          || a == null && b.kind() == FileEntry.Kind.DIR && implied(after, path)) {
        continue;
      }
      if (change != null
          && !(a != null
              && b != null
              && a.kind() == FileEntry.Kind.DIR
              && b.kind() == a.kind()
              && a.mode() == b.mode())) {
        out.add(new Plan.FileChange(path, change, diff(path, current, target)));
      }
    }
    return out;
  }

  /** Whether some path of {@code side} lies under directory {@code dir}. */
  private static boolean implied(TreeMap<String, FileEntry> side, String dir) {
    String prefix = dir + "/";
    String next = side.ceilingKey(prefix);
    return next != null && next.startsWith(prefix);
  }

  /** A unified diff of a rendered config, when either side was rendered. */
  private static String diff(String path, GenerationRecord current, GenerationRecord target) {
    if (target.secretFiles().contains(path)
        || current != null && current.secretFiles().contains(path)) {
      return SecretFiles.NO_DIFF;
    }
    String old =
        current == null || current.rendered() == null ? null : current.rendered().get(path);
    String neu = target.rendered() == null ? null : target.rendered().get(path);
    if (old == null && neu == null || Objects.equals(old, neu)) {
      return null;
    }
    List<String> a = old == null ? List.of() : old.lines().toList();
    List<String> b = neu == null ? List.of() : neu.lines().toList();
    List<String> lines =
        UnifiedDiffUtils.generateUnifiedDiff(
            old == null ? "/dev/null" : "a/" + path,
            neu == null ? "/dev/null" : "b/" + path,
            a,
            DiffUtils.diff(a, b),
            3);
    return String.join("\n", lines) + "\n";
  }

  private static List<Plan.ParamChange> params(GenerationRecord current, GenerationRecord target) {
    Map<String, Object> before =
        current == null || current.params() == null ? Map.of() : current.params();
    Map<String, Object> after = target.params() == null ? Map.of() : target.params();
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    List<Plan.ParamChange> out = new ArrayList<>();
    for (String k : keys) {
      if (!Objects.equals(before.get(k), after.get(k))) {
        out.add(new Plan.ParamChange(k, before.get(k), after.get(k)));
      }
    }
    return out;
  }
}
