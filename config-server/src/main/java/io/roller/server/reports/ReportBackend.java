package io.roller.server.reports;

import java.util.List;
import java.util.Map;

/**
 * Where reports are kept: one object per report under its host, named so that names sort by
 * arrival. Failures are UNAVAILABLE {@link io.roller.server.core.DomainException}s.
 */
interface ReportBackend extends AutoCloseable {
  void put(String host, String key, byte[] json);

  byte[] get(String host, String key);

  void delete(String host, String key);

  /** Every host's report names, in any order. */
  Map<String, List<String>> list();

  /** Where, for messages. */
  String where();

  @Override
  default void close() {}
}
