package io.roller.roll.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roller.model.ValidationException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The --json form of a validation result. */
final class JsonLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLines() {}

  /** Each problem with its file, line (0: the whole file), key (or null) and message apart. */
  static String result(String repo, String summary, List<ValidationException> problems) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("repo", repo);
    m.put("ok", problems.isEmpty());
    m.put("summary", summary);
    List<Map<String, Object>> list = new ArrayList<>();
    for (ValidationException e : problems) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("file", e.file());
      p.put("line", e.line());
      p.put("key", e.key());
      p.put("message", e.reason());
      list.add(p);
    }
    m.put("problems", list);
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
