package io.roller.roll.render;

import io.roller.model.render.TemplateException;
import io.roller.model.render.Templates;
import io.roller.roll.core.RollException;
import java.util.Map;

/**
 * Renders a package's {@code *.tmpl} files with the model's {@link Templates} (Pebble, strict): an
 * unknown variable fails the roll with a message naming the package, the file and the variable.
 * Pure: text in, text out.
 */
public final class Renderer {
  private Renderer() {}

  /** The variables a template sees: the merged params, then {@code roller.*} facts (which win). */
  public static Map<String, Object> context(Map<String, Object> params, Map<String, Object> facts) {
    return Templates.context(params, facts);
  }

  public static String render(
      String pkg, String file, String template, Map<String, Object> context) {
    try {
      return Templates.render(template, context);
    } catch (TemplateException e) {
      throw new RollException("package " + pkg + ": " + e.describe(file));
    }
  }
}
