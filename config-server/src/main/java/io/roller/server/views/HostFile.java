package io.roller.server.views;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The wire form of {@code GET /host/{h}}: the host file as stored, its keys in file order after
 * {@code hostname} (a file with a {@code hostname} key does not validate, so none is shadowed).
 */
@JsonPropertyOrder({"hostname"})
public record HostFile(String hostname, @JsonIgnore Map<String, Object> stored) {

  /** The stored keys, written after {@code hostname} as if they were the record's own. */
  @JsonAnyGetter
  Map<String, Object> storedKeys() {
    return stored;
  }
}
