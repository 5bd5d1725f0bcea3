package io.roller.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HttpGetTest {
  private static String detail(String body) {
    return HttpGet.detail(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theDetailOfTheServersErrorBodyWinsOverItsError() {
    assertEquals(
        "hosts/web01.yml line 3: unknown key 'clas'",
        detail(
            "{\"error\":\"bad repo\",\"detail\":\"hosts/web01.yml line 3: unknown key 'clas'\"}"));
    assertEquals("no such host", detail("{\"status\":404,\"error\":\"no such host\"}"));
  }

  @Test
  void aTextBodyGivesItsFirstLineCutShortAndAnEmptyOneNothing() {
    assertEquals("Bad Gateway", detail("\n Bad Gateway\n<html>...</html>"));
    assertEquals("x".repeat(200) + "...", detail("x".repeat(500)));
    assertEquals("", detail(""));
    assertEquals("", HttpGet.detail(null));
  }
}
