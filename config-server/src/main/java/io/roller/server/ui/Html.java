package io.roller.server.ui;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web UI's Pebble templates (classpath {@code io/roller/server/ui/*.peb}): strict, so a typo in
 * a template is an error rather than an empty cell, and HTML-escaped by default, so a param value
 * or a commit message is shown, never run.
 */
public final class Html {
  private static final PebbleEngine ENGINE = engine();

  private Html() {}

  private static PebbleEngine engine() {
    ClasspathLoader loader = new ClasspathLoader(Html.class.getClassLoader());
    loader.setPrefix("io/roller/server/ui/");
    loader.setSuffix(".peb");
    return new PebbleEngine.Builder()
        .loader(loader)
        .extension(new UiExtension())
        .strictVariables(true)
        .autoEscaping(true)
        .defaultEscapingStrategy("html")
        .build();
  }

  /** Renders the page {@code name} with its model. */
  public static String render(String name, Map<String, Object> model) {
    try {
      StringWriter out = new StringWriter(8192);
      ENGINE.getTemplate(name).evaluate(out, model);
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
