package io.roller.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.roller.model.Sha256;

/** A response body serialized once: its bytes, format and ETag (a hash of the bytes). */
record Body(byte[] bytes, Format format, String etag) {

  /** The two wire formats. */
  enum Format {
    YAML("application/yaml; charset=utf-8"),
    JSON("application/json");

    final String contentType;

    Format(String contentType) {
      this.contentType = contentType;
    }
  }

  static final ObjectMapper JSON =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .build());

  static Body of(Object value, Format format) {
    try {
      byte[] bytes =
          format == Format.JSON ? JSON.writeValueAsBytes(value) : YAML.writeValueAsBytes(value);
      return new Body(bytes, format, etag(bytes));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
    }
  }

  /** The first 128 bits of the bytes' SHA-256, quoted: short, and still unique per body. */
  private static String etag(byte[] bytes) {
    return "\"" + Sha256.of(bytes).substring(0, 32) + "\"";
  }
}
