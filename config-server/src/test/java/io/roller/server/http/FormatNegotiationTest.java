package io.roller.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * The one reading of {@code ?format=} and {@code Accept}, as the routes and the fast path use it.
 */
class FormatNegotiationTest {
  static final String JSON_ACCEPT = "text/html, application/json;q=0.9";

  @Test
  void aFormatValueWinsOverAcceptAndOtherwiseAcceptOrTheFallbackDecides() {
    assertEquals(Body.Format.JSON, Responder.format("JSON", null, null));
    assertEquals(Body.Format.YAML, Responder.format("yaml", JSON_ACCEPT, null));
    assertEquals(Body.Format.JSON, Responder.format(null, JSON_ACCEPT, null));
    assertEquals(Body.Format.YAML, Responder.format(null, "text/plain", null));
    assertEquals(Body.Format.JSON, Responder.format(null, null, Body.Format.JSON));
    assertNull(Responder.format("xml", null, null), "a 400 for the routes");
    assertEquals(Body.Format.JSON, Responder.format("xml", null, Body.Format.JSON));
    assertEquals(Body.Format.JSON, Responder.format("xml", JSON_ACCEPT, Body.Format.YAML));
  }

  @Test
  void theFastPathReadsOnlyANakedQueryOrFormatAlone() {
    assertEquals(Body.Format.YAML, FastResolved.format(null, null));
    assertEquals(Body.Format.JSON, FastResolved.format("", JSON_ACCEPT));
    assertEquals(Body.Format.JSON, FastResolved.format("format=json", null));
    assertEquals(Body.Format.YAML, FastResolved.format("format=YAML", JSON_ACCEPT));
    for (String query :
        new String[] {
          "format=xml", "format=", "format=json&colo=x", "format=%6Ason", "FORMAT=json", "colo=x"
        }) {
      assertNull(FastResolved.format(query, null), query);
    }
  }
}
