package io.roller.model.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
  static final Map<String, Object> CTX =
      Templates.context(Map.of("dns", List.of("10.0.0.2")), Map.of("hostname", "web01"));

  @Test
  void rendersParamsAndFactsWithoutEscaping() {
    assertEquals(
        "ns 10.0.0.2 web01 <&>",
        Templates.render(
            "{% for s in dns %}ns {{ s }}{% endfor %} {{ roller.hostname }} <&>", CTX));
  }

  @Test
  void anUnknownVariableNamesItAndItsLine() {
    TemplateException e =
        assertThrows(TemplateException.class, () -> Templates.render("a\n{{ port }}", CTX));
    assertEquals("port", e.variable());
    assertEquals(2, e.line());
    assertEquals("template x.tmpl (line 2) names unknown variable 'port'", e.describe("x.tmpl"));
  }

  @Test
  void aSyntaxErrorHasNoVariableButAReason() {
    TemplateException e =
        assertThrows(TemplateException.class, () -> Templates.render("{{ oops", CTX));
    assertNull(e.variable());
    assertEquals(1, e.line());
  }
}
