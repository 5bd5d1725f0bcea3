package io.roller.roll.render;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.AttributeNotFoundException;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.roller.roll.RollException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders a package's {@code *.tmpl} files with Pebble in strict mode: an unknown variable fails
 * the roll with a message naming the package, the file and the variable. Pure: text in, text out.
 */
public final class Renderer {
  /**
   * The template's name passed to Pebble is its text (StringLoader); configs are not HTML: no
   * escaping.
   */
  private static final PebbleEngine ENGINE =
      new PebbleEngine.Builder()
          .loader(new StringLoader())
          .strictVariables(true)
          .autoEscaping(false)
          .newLineTrimming(false)
          .build();

  private Renderer() {}

  /** The variables a template sees: the merged params, then {@code roller.*} facts (which win). */
  public static Map<String, Object> context(Map<String, Object> params, Map<String, Object> facts) {
    Map<String, Object> ctx = new LinkedHashMap<>(params == null ? Map.of() : params);
    ctx.put("roller", facts);
    return ctx;
  }

  public static String render(
      String pkg, String file, String template, Map<String, Object> context) {
    try {
      PebbleTemplate t = ENGINE.getTemplate(template);
      StringWriter out = new StringWriter();
      t.evaluate(out, context);
      return out.toString();
    } catch (AttributeNotFoundException e) {
      throw new RollException(
          "package "
              + pkg
              + ": template "
              + file
              + " (line "
              + e.getLineNumber()
              + ") names unknown variable '"
              + e.getAttributeName()
              + "'");
    } catch (PebbleException e) {
      throw new RollException(
          "package "
              + pkg
              + ": template "
              + file
              + " (line "
              + e.getLineNumber()
              + "): "
              + e.getPebbleMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
