package io.roller.server.views;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.roller.model.ResolvedHost;
import io.roller.model.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * The desired-state id of a resolved host: the sha256 of its canonical JSON (keys sorted) without
 * the revision, so only a change to what the host gets changes it.
 */
final class DesiredState {
  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private DesiredState() {}

  static ResolvedHost stamp(ResolvedHost view) {
    ResolvedHost bare =
        new ResolvedHost(
            view.hostname(),
            view.colo(),
            view.hostclass(),
            view.version(),
            null,
            null,
            view.packages(),
            view.params(),
            view.paramOrigins());
    try {
      return view.withDesired(
          Sha256.of(CANONICAL.writeValueAsString(bare).getBytes(StandardCharsets.UTF_8)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a resolved view that Jackson cannot write", e);
    }
  }
}
