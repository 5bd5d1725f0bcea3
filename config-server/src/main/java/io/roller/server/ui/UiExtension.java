package io.roller.server.ui;

import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The filters the UI's templates use: {@code show} (a value as one line), {@code subject} (a commit
 * message's first line), {@code short} (12 hex of a commit) and {@code patch} (a unified diff as
 * lines with their kind). They return data, never markup: escaping stays with the engine.
 */
final class UiExtension extends AbstractExtension {
  /** One line of a patch; {@code kind} is add, del, hunk or context. */
  public record Line(String kind, String text) {}

  @Override
  public Map<String, Filter> getFilters() {
    return Map.of(
        "show", (SimpleFilter) UiPages::show,
        "subject",
            (SimpleFilter) in -> in == null ? "" : String.valueOf(in).strip().split("\n", 2)[0],
        "short",
            (SimpleFilter)
                in -> {
                  String s = in == null ? "" : String.valueOf(in);
                  return s.length() > 12 ? s.substring(0, 12) : s;
                },
        "patch", (SimpleFilter) UiExtension::patch);
  }

  static List<Line> patch(Object in) {
    List<Line> out = new ArrayList<>();
    if (in == null) {
      return out;
    }
    for (String l : String.valueOf(in).split("\n", -1)) {
      String kind =
          l.startsWith("+++") || l.startsWith("---") || l.startsWith("diff ")
              ? "head"
              : l.startsWith("+")
                  ? "add"
                  : l.startsWith("-") ? "del" : l.startsWith("@@") ? "hunk" : "context";
      out.add(new Line(kind, l));
    }
    return out;
  }

  /** A filter without arguments. */
  @FunctionalInterface
  interface SimpleFilter extends Filter {
    Object apply(Object input);

    @Override
    default Object apply(
        Object input,
        Map<String, Object> args,
        PebbleTemplate self,
        EvaluationContext context,
        int lineNumber) {
      return apply(input);
    }

    @Override
    default List<String> getArgumentNames() {
      return null;
    }
  }
}
