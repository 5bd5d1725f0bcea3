package io.roller.roll.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roller.roll.core.RollException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendererTest {
  static final Map<String, Object> CTX =
      Renderer.context(
          Map.of("dns", List.of("10.0.0.2", "10.0.0.3"), "db", Map.of("host", "db1")),
          Map.of("hostname", "web01"));

  @Test
  void rendersListsMapsAndFactsWithoutHtmlEscaping() {
    String out =
        Renderer.render(
            "p-1",
            "etc/x.tmpl",
            "{% for s in dns %}nameserver {{ s }}\n{% endfor %}db={{ db.host }} host={{ roller.hostname }} <&>",
            CTX);
    assertEquals("nameserver 10.0.0.2\nnameserver 10.0.0.3\ndb=db1 host=web01 <&>", out);
  }

  @Test
  void anUnknownNestedKeyFailsToo() {
    RollException e =
        assertThrows(
            RollException.class, () -> Renderer.render("p-1", "etc/x.tmpl", "{{ db.port }}", CTX));
    assertTrue(
        e.getMessage().startsWith("package p-1: template etc/x.tmpl (line 1)"), e.getMessage());
    assertTrue(e.getMessage().contains("port"), e.getMessage());
  }

  @Test
  void aSyntaxErrorNamesTheFile() {
    RollException e =
        assertThrows(
            RollException.class, () -> Renderer.render("p-1", "etc/x.tmpl", "{{ oops", CTX));
    assertTrue(e.getMessage().startsWith("package p-1: template etc/x.tmpl"), e.getMessage());
  }
}
