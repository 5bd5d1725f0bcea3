package io.roller.roll.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The --json form of a validation result. */
final class JsonLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLines() {}

  static String result(String repo, String summary, List<String> problems) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("repo", repo);
    m.put("ok", problems.isEmpty());
    m.put("summary", summary);
    m.put("problems", problems);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
