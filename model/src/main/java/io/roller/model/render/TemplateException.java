package io.roller.model.render;

/**
 * A template that does not render: a variable no param or fact defines, or a syntax error. Carries
 * the parts separately so a report can list them by field.
 */
public final class TemplateException extends RuntimeException {
  private final int line;
  private final String variable;
  private final String reason;

  TemplateException(int line, String variable, String reason) {
    super(describe("template", line, variable, reason));
    this.line = line;
    this.variable = variable;
    this.reason = reason;
  }

  /**
   * {@code template etc/x.tmpl (line 3) names unknown variable 'port'}, or with Pebble's reason.
   */
  public String describe(String file) {
    return describe("template " + file, line, variable, reason);
  }

  private static String describe(String what, int line, String variable, String reason) {
    return what
        + (line > 0 ? " (line " + line + ")" : "")
        + (variable != null ? " names unknown variable '" + variable + "'" : ": " + reason);
  }

  /** 1-based line of the template, or 0 when Pebble does not say. */
  public int line() {
    return line;
  }

  /** The unknown variable (or attribute), or null for a syntax or evaluation error. */
  public String variable() {
    return variable;
  }

  /** Pebble's message, or for an unknown variable a sentence naming it. */
  public String reason() {
    return reason;
  }
}
