package io.roller.model.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssembledLinksTest {
  @Test
  void linksThatStayInsideThroughEachOtherPass() {
    assertNull(
        AssembledLinks.problem(
            Map.of("lib/current", "v2", "bin/tool", "../lib/current/bin/tool", "a/up", "..")));
  }

  @Test
  void aLinkWalkingThroughAnotherPackagesLinkAndOutIsNamed() {
    assertEquals(
        "symlink escape -> a/h/../.. leaves the tree through other symlinks",
        AssembledLinks.problem(Map.of("a/h", "..", "escape", "a/h/../..")));
  }

  @Test
  void aLoopOfLinksIsRefusedRatherThanFollowedForever() {
    assertEquals(
        "symlink a -> b goes through more than 40 symlinks",
        AssembledLinks.problem(new java.util.TreeMap<>(Map.of("a", "b", "b", "a"))));
  }

  @Test
  void aLongChainThatEndsInsideIsFine() {
    Map<String, String> links = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      links.put("l" + i, "l" + (i + 1));
    }
    assertNull(AssembledLinks.problem(links));
  }
}
