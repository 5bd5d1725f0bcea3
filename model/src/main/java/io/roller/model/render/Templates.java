package io.roller.model.render;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.AttributeNotFoundException;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.loader.StringLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.roller.model.ResolvedHost;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders {@code *.tmpl} text the way roll does on a host (Pebble, strict: an unknown variable is
 * an error; no HTML escaping), so the config server can check templates before a merge with the
 * very same rules. Pure: text and variables in, text out.
 */
public final class Templates {
  /** A file named so is rendered to the same path without the suffix. */
  public static final String SUFFIX = ".tmpl";

  /**
   * The template's name passed to Pebble is its text (StringLoader), so the engine's cache holds
   * each distinct template compiled once.
   */
  private static final PebbleEngine ENGINE =
      new PebbleEngine.Builder()
          .loader(new StringLoader())
          .strictVariables(true)
          .autoEscaping(false)
          .newLineTrimming(false)
          .build();

  private Templates() {}

  /** The variables a template sees: the merged params, then {@code roller.*} facts (which win). */
  public static Map<String, Object> context(Map<String, Object> params, Map<String, Object> facts) {
    Map<String, Object> ctx = new LinkedHashMap<>(params == null ? Map.of() : params);
    ctx.put("roller", facts);
    return ctx;
  }

  /** The {@code roller.*} facts of a resolved host in its {@code generation}. */
  public static Map<String, Object> facts(ResolvedHost h, int generation) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("hostname", h.hostname());
    facts.put("colo", h.colo());
    facts.put("hostclass", h.hostclass());
    facts.put("version", h.version());
    facts.put("revision", h.revision());
    facts.put("generation", generation);
    return facts;
  }

  /** Renders one template; a {@link TemplateException} says which line and variable failed. */
  public static String render(String template, Map<String, Object> context) {
    try {
      PebbleTemplate t = ENGINE.getTemplate(template);
      StringWriter out = new StringWriter();
      t.evaluate(out, context);
      return out.toString();
    } catch (AttributeNotFoundException e) {
      Integer line = e.getLineNumber();
      return fail(line, e.getAttributeName(), e.getPebbleMessage());
    } catch (PebbleException e) {
      Integer line = e.getLineNumber();
      return fail(line, null, e.getPebbleMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String fail(Integer line, String variable, String reason) {
    throw new TemplateException(line == null ? 0 : line, variable, reason);
  }
}
